from rest_framework.routers import DefaultRouter

from brug.innovet.api import practice, views

router = DefaultRouter()
router.register("offers", views.OfferViewSet, basename="innovet-offer")
router.register("registrations", views.RegistrationViewSet, basename="innovet-registration")
router.register("materials", views.MaterialViewSet, basename="innovet-material")
router.register("certificates", practice.CertificateViewSet, basename="innovet-certificate")
router.register(
    "guest-requests", practice.GuestLessonRequestViewSet, basename="innovet-guestrequest"
)
router.register("bookings", practice.BookingViewSet, basename="innovet-booking")
router.register("ten-day-requests", practice.TenDayRequestViewSet, basename="innovet-tenday")
router.register(
    "teacher-placements", practice.TeacherPlacementViewSet, basename="innovet-teacherplacement"
)
router.register("hybrid-jobs", practice.HybridJobViewSet, basename="innovet-hybridjob")
router.register("guest-teacher-candidates", practice.CandidateViewSet, basename="innovet-candidate")
urlpatterns = router.urls
