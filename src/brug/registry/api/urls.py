from rest_framework.routers import DefaultRouter

from brug.registry.api import views

router = DefaultRouter()
router.register("reference-lists", views.ReferenceListViewSet, basename="referencelist")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("postal-codes", views.PostalCodeViewSet, basename="postalcode")
router.register("rtc-regions", views.RTCRegionViewSet, basename="rtcregion")
router.register("networks", views.EducationNetworkViewSet, basename="educationnetwork")
router.register("study-domains", views.StudyDomainViewSet, basename="studydomain")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("qualifications", views.QualificationViewSet, basename="qualification")
router.register("competences", views.CompetenceViewSet, basename="competence")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("joint-committees", views.JointCommitteeViewSet, basename="jointcommittee")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("sites", views.SiteViewSet, basename="site")
urlpatterns = router.urls
