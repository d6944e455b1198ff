from rest_framework.routers import DefaultRouter

from brug.matching.api import views

router = DefaultRouter()
router.register("rounds", views.RoundViewSet, basename="matching-round")
router.register("preferences", views.PreferenceViewSet, basename="matching-preference")
router.register("results", views.ResultViewSet, basename="matching-result")
urlpatterns = router.urls
