from rest_framework.routers import DefaultRouter

from brug.covenants.api import views

router = DefaultRouter()
router.register("generations", views.GenerationViewSet, basename="covenants-generation")
router.register("covenants", views.CovenantViewSet, basename="covenants-covenant")
router.register("actions", views.ActionViewSet, basename="covenants-action")
router.register("commitments", views.CommitmentViewSet, basename="covenants-commitment")
router.register("progress-reports", views.ProgressReportViewSet, basename="covenants-report")
router.register("evaluations", views.EvaluationViewSet, basename="covenants-evaluation")
router.register("addenda", views.AddendumViewSet, basename="covenants-addendum")
router.register("indicators", views.IndicatorViewSet, basename="covenants-indicator")
router.register("measurements", views.MeasurementViewSet, basename="covenants-measurement")
router.register("shortage-signals", views.ShortageSignalViewSet, basename="covenants-signal")
urlpatterns = router.urls
