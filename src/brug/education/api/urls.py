from rest_framework.routers import DefaultRouter

from brug.education.api import views

router = DefaultRouter()
router.register("rounds", views.ConsultationRoundViewSet, basename="education-round")
router.register("advice", views.AdviceViewSet, basename="education-advice")
router.register("agreements", views.AgreementViewSet, basename="education-agreement")
router.register("engagements", views.EngagementViewSet, basename="education-engagement")
router.register(
    "intersectoral-actions", views.IntersectoralActionViewSet, basename="education-intersectoral"
)
urlpatterns = router.urls
