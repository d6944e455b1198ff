from rest_framework.routers import DefaultRouter

from brug.corework.api import views

router = DefaultRouter()
router.register("trainings", views.TrainingRecordViewSet, basename="corework-training")
urlpatterns = router.urls
