from django.urls import path

from brug.corework import views

app_name = "corework"
urlpatterns = [
    path("", views.record_list, name="records"),
    path("import/", views.record_import, name="import"),
    path("convenant/<int:pk>/", views.covenant_reports, name="covenant"),
    path("analyse/", views.analysis_page, name="analysis"),
]
