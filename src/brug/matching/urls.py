from django.urls import path

from brug.matching import views

app_name = "matching"
urlpatterns = [
    path("rondes/", views.round_list, name="round_list"),
    path("rondes/nieuw/", views.round_create, name="round_create"),
    path("rondes/<int:pk>/", views.round_detail, name="round_detail"),
    path("rondes/<int:pk>/openen/", views.round_open, name="round_open"),
    path("rondes/<int:pk>/afsluiten/", views.round_close, name="round_close"),
    path("rondes/<int:pk>/berekenen/", views.round_run, name="round_run"),
    path("rondes/<int:pk>/publiceren/", views.round_publish, name="round_publish"),
    path("rondes/<int:pk>/voorkeuren/", views.preferences, name="preferences"),
    path("rondes/<int:pk>/resultaat/", views.my_result, name="my_result"),
]
