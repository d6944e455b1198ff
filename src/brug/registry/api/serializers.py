"""Read-only serializers of the registry API."""

from __future__ import annotations

from rest_framework import serializers

from brug.registry import models as m


class ReferenceListSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.ReferenceList
        fields = [
            "id",
            "key",
            "title",
            "source",
            "licence",
            "reference_date",
            "is_partial",
            "note",
            "loaded_at",
        ]


class ProvinceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.Province
        fields = ["id", "nis_code", "name_nl", "name_en", "region"]


class PostalCodeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.PostalCode
        fields = ["id", "code", "locality", "municipality"]


class MunicipalitySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    postal_codes: serializers.SlugRelatedField[m.PostalCode] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = m.Municipality
        fields = [
            "id",
            "nis_code",
            "name_nl",
            "name_fr",
            "province",
            "latitude",
            "longitude",
            "coordinates_source",
            "postal_codes",
        ]


class RTCRegionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.RTCRegion
        fields = ["id", "code", "name", "provinces"]


class EducationNetworkSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.EducationNetwork
        fields = ["id", "code", "short_name", "name"]


class StudyDomainSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.StudyDomain
        fields = ["id", "code", "name"]


class CompetenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.Competence
        fields = ["id", "qualification", "code", "description", "order"]


class NestedCompetenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.Competence
        fields = ["code", "description", "order"]


class QualificationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    competences = NestedCompetenceSerializer(many=True, read_only=True)

    class Meta:
        model = m.Qualification
        fields = ["id", "code", "name", "level", "source_url", "competences"]


class ProgrammeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.Programme
        fields = [
            "id",
            "code",
            "name",
            "finality",
            "grade",
            "route",
            "year",
            "study_domain",
            "is_dual",
            "qualifications",
        ]


class JointCommitteeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.JointCommittee
        fields = ["id", "number", "name", "sector"]


class SectorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    joint_committees: serializers.SlugRelatedField[m.JointCommittee] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="number"
    )

    class Meta:
        model = m.Sector
        fields = ["id", "code", "name", "has_dual_partnership", "joint_committees"]


class OrganisationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.Organisation
        fields = [
            "id",
            "kind",
            "name",
            "enterprise_number",
            "network",
            "sectors",
            "joint_committees",
            "rtc_region",
            "department",
            "is_flemish_partnership",
            "website",
            "is_demo",
        ]


class SiteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    postal_code: serializers.SlugRelatedField[m.PostalCode] = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True
    )

    class Meta:
        model = m.Site
        fields = [
            "id",
            "organisation",
            "name",
            "street",
            "postal_code",
            "municipality",
            "latitude",
            "longitude",
            "is_demo",
        ]
