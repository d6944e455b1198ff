from django.urls import path, re_path

from brug.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.open_data, name="open-data"),
    re_path(r"^open-data\.(?P<fmt>csv|xlsx)$", views.open_data_export, name="open-data-export"),
    path("tekorten/", views.shortage, name="shortage"),
    path("open-tekorten/", views.shortage_public, name="shortage-public"),
    re_path(r"^tekorten/export\.(?P<fmt>csv|xlsx)$", views.shortage_export, name="shortage-export"),
    path(
        "tekorten/<int:programme>/<int:province>/",
        views.shortage_detail,
        name="shortage-detail",
    ),
    path("leerlingenstromen/", views.flows_page, name="flows"),
    path("leerlingenstromen/tellingen/", views.counts_import, name="counts-import"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("momentopnames/", views.snapshot_start, name="snapshot-start"),
]
