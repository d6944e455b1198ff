"""django-filter filter sets for the registry API."""

from __future__ import annotations

import django_filters

from brug.registry import models as m


class MunicipalityFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(
        field_name="province__nis_code", help_text="NIS code of the province"
    )
    postal_code = django_filters.CharFilter(field_name="postal_codes__code", distinct=True)

    class Meta:
        model = m.Municipality
        fields = ["province", "postal_code", "nis_code"]


class PostalCodeFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        field_name="municipality__nis_code", help_text="NIS code"
    )

    class Meta:
        model = m.PostalCode
        fields = ["code", "municipality"]


class ProgrammeFilter(django_filters.FilterSet):
    study_domain = django_filters.CharFilter(field_name="study_domain__code")
    qualification = django_filters.CharFilter(field_name="qualifications__code", distinct=True)

    class Meta:
        model = m.Programme
        fields = ["finality", "grade", "is_dual", "study_domain", "qualification"]


class QualificationFilter(django_filters.FilterSet):
    class Meta:
        model = m.Qualification
        fields = ["level", "code"]


class CompetenceFilter(django_filters.FilterSet):
    qualification = django_filters.CharFilter(field_name="qualification__code")

    class Meta:
        model = m.Competence
        fields = ["qualification"]


class SectorFilter(django_filters.FilterSet):
    class Meta:
        model = m.Sector
        fields = ["has_dual_partnership", "code"]


class JointCommitteeFilter(django_filters.FilterSet):
    sector = django_filters.CharFilter(field_name="sector__code")

    class Meta:
        model = m.JointCommittee
        fields = ["sector", "number"]


class OrganisationFilter(django_filters.FilterSet):
    sector = django_filters.CharFilter(
        field_name="sectors__code", distinct=True, help_text="sector code"
    )
    network = django_filters.CharFilter(field_name="network__code", help_text="network code")
    province = django_filters.CharFilter(
        field_name="sites__municipality__province__nis_code",
        distinct=True,
        help_text="NIS code of the province",
    )

    class Meta:
        model = m.Organisation
        fields = ["kind", "sector", "network", "province", "enterprise_number"]


class SiteFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        field_name="municipality__nis_code", help_text="NIS code"
    )
    province = django_filters.CharFilter(field_name="municipality__province__nis_code")

    class Meta:
        model = m.Site
        fields = ["organisation", "municipality", "province"]
