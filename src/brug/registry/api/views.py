"""Read-only registry endpoints: each answers exactly what the matrix lets the caller view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from drf_spectacular.utils import extend_schema, extend_schema_view

from brug.core.api.views import PolicyReadOnlyViewSet
from brug.registry import models as m
from brug.registry.api import filters as f
from brug.registry.api import serializers as s

T = TypeVar("T")


def _docs(name: str) -> Callable[[T], T]:
    return extend_schema_view(  # type: ignore[return-value]
        list=extend_schema(summary=f"List {name}", tags=["registry"]),
        retrieve=extend_schema(summary=f"One of the {name}", tags=["registry"]),
    )


@_docs("reference lists (source, licence, partial)")
class ReferenceListViewSet(PolicyReadOnlyViewSet):
    queryset = m.ReferenceList.objects.order_by("key")
    serializer_class = s.ReferenceListSerializer
    search_fields = ["title", "key"]
    lookup_field = "key"


@_docs("provinces")
class ProvinceViewSet(PolicyReadOnlyViewSet):
    queryset = m.Province.objects.all()
    serializer_class = s.ProvinceSerializer
    filterset_fields = ["region"]
    search_fields = ["name_nl", "name_en", "nis_code"]


@_docs("municipalities")
class MunicipalityViewSet(PolicyReadOnlyViewSet):
    queryset = m.Municipality.objects.prefetch_related("postal_codes")
    serializer_class = s.MunicipalitySerializer
    filterset_class = f.MunicipalityFilter
    search_fields = ["name_nl", "name_fr", "nis_code"]
    ordering_fields = ["name_nl", "nis_code"]


@_docs("postal codes")
class PostalCodeViewSet(PolicyReadOnlyViewSet):
    queryset = m.PostalCode.objects.all()
    serializer_class = s.PostalCodeSerializer
    filterset_class = f.PostalCodeFilter
    search_fields = ["code", "locality"]


@_docs("RTC regions")
class RTCRegionViewSet(PolicyReadOnlyViewSet):
    queryset = m.RTCRegion.objects.prefetch_related("provinces")
    serializer_class = s.RTCRegionSerializer
    search_fields = ["name", "code"]


@_docs("education networks")
class EducationNetworkViewSet(PolicyReadOnlyViewSet):
    queryset = m.EducationNetwork.objects.all()
    serializer_class = s.EducationNetworkSerializer
    search_fields = ["name", "short_name"]


@_docs("study domains")
class StudyDomainViewSet(PolicyReadOnlyViewSet):
    queryset = m.StudyDomain.objects.all()
    serializer_class = s.StudyDomainSerializer
    search_fields = ["name"]


@_docs("programmes")
class ProgrammeViewSet(PolicyReadOnlyViewSet):
    queryset = m.Programme.objects.prefetch_related("qualifications")
    serializer_class = s.ProgrammeSerializer
    filterset_class = f.ProgrammeFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]


@_docs("professional qualifications with their competences")
class QualificationViewSet(PolicyReadOnlyViewSet):
    queryset = m.Qualification.objects.prefetch_related("competences")
    serializer_class = s.QualificationSerializer
    filterset_class = f.QualificationFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "level"]


@_docs("competences")
class CompetenceViewSet(PolicyReadOnlyViewSet):
    queryset = m.Competence.objects.all()
    serializer_class = s.CompetenceSerializer
    filterset_class = f.CompetenceFilter
    search_fields = ["description", "code"]


@_docs("sectors")
class SectorViewSet(PolicyReadOnlyViewSet):
    queryset = m.Sector.objects.prefetch_related("joint_committees")
    serializer_class = s.SectorSerializer
    filterset_class = f.SectorFilter
    search_fields = ["name", "code"]


@_docs("joint committees")
class JointCommitteeViewSet(PolicyReadOnlyViewSet):
    queryset = m.JointCommittee.objects.all()
    serializer_class = s.JointCommitteeSerializer
    filterset_class = f.JointCommitteeFilter
    search_fields = ["name", "number"]


@_docs("organisations")
class OrganisationViewSet(PolicyReadOnlyViewSet):
    queryset = m.Organisation.objects.prefetch_related("sectors", "joint_committees")
    serializer_class = s.OrganisationSerializer
    filterset_class = f.OrganisationFilter
    search_fields = ["name", "enterprise_number"]
    ordering_fields = ["name"]


@_docs("sites")
class SiteViewSet(PolicyReadOnlyViewSet):
    queryset = m.Site.objects.select_related("postal_code")
    serializer_class = s.SiteSerializer
    filterset_class = f.SiteFilter
    search_fields = ["name", "street", "organisation__name"]
