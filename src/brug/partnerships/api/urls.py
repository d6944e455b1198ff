from rest_framework.routers import DefaultRouter

from brug.partnerships.api import views

router = DefaultRouter()
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
urlpatterns = router.urls
