from django.urls import path

from brug.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("bronnen/", views.sources, name="sources"),
    path("import/<slug:key>/", views.import_page, name="import"),
    path("<slug:slug>/", views.list_page, name="list"),
    path("<slug:slug>/export.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/<int:pk>/", views.detail, name="detail"),
]
