from django.urls import path

from brug.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.register, name="register"),
    path("nieuw/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.change, name="change"),
    path("<int:pk>/partners/", views.member_add, name="member-add"),
    path("<int:pk>/beslissingen/", views.decision_add, name="decision-add"),
]
