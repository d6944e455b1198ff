from django.urls import path
from rest_framework.routers import DefaultRouter

from brug.monitoring.api import views

router = DefaultRouter()
router.register("snapshots", views.SnapshotViewSet, basename="snapshot")
router.register("official-counts", views.OfficialCountViewSet, basename="official-count")
router.register("count-sources", views.CountSourceViewSet, basename="count-source")

urlpatterns = [
    path("open-data/", views.OpenDataView.as_view(), name="monitoring-open-data"),
    path("shortage/", views.ShortageView.as_view(), name="monitoring-shortage"),
    path(
        "shortage/<int:programme>/<int:province>/",
        views.ShortageDetailView.as_view(),
        name="monitoring-shortage-detail",
    ),
    path("flows/", views.FlowsView.as_view(), name="monitoring-flows"),
    *router.urls,
]
