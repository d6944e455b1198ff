from rest_framework.routers import DefaultRouter

from brug.workplace.api import views

router = DefaultRouter()
router.register("recognitions", views.RecognitionViewSet, basename="recognition")
router.register(
    "recognition-conditions", views.RecognitionConditionViewSet, basename="recognitioncondition"
)
router.register("site-visits", views.SiteVisitViewSet, basename="sitevisit")
router.register("mentors", views.MentorViewSet, basename="mentor")
router.register("openings", views.OpeningViewSet, basename="opening")
router.register("learners", views.LearnerViewSet, basename="learner")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("training-plans", views.TrainingPlanViewSet, basename="trainingplan")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("agreements", views.LearningAgreementViewSet, basename="learningagreement")
router.register("trajectory-advice", views.TrajectoryAdviceViewSet, basename="trajectoryadvice")
router.register(
    "start-up-trajectories", views.StartUpTrajectoryViewSet, basename="startuptrajectory"
)
router.register("guidance", views.GuidanceEntryViewSet, basename="guidanceentry")
router.register("workplace-feedback", views.WorkplaceFeedbackViewSet, basename="workplacefeedback")
urlpatterns = router.urls
