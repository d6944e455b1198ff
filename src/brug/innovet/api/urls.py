from rest_framework.routers import DefaultRouter

from brug.innovet.api import views

router = DefaultRouter()
router.register("offers", views.OfferViewSet, basename="innovet-offer")
router.register("registrations", views.RegistrationViewSet, basename="innovet-registration")
router.register("materials", views.MaterialViewSet, basename="innovet-material")
urlpatterns = router.urls
