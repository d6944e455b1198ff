from __future__ import annotations

from rest_framework import serializers

from brug.innovet.models import Material, Offer
from brug.partnerships.models import (
    Partnership,
    PartnershipDecision,
    PartnershipKind,
    PartnershipMember,
)
from brug.registry.models import Organisation, Province, StudyDomain


class MemberSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["id", "organisation", "organisation_name", "side", "role"]
        read_only_fields = ["side"]


class DecisionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PartnershipDecision
        fields = ["id", "decided_on", "subject", "decision"]


class PartnershipSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "kind",
            "title",
            "goal",
            "theme",
            "description",
            "results",
            "owner",
            "owner_name",
            "body",
            "study_domains",
            "programmes",
            "start",
            "end",
            "province",
            "url",
            "offers",
            "materials",
            "is_published",
            "is_demo",
            "members",
            "decisions",
            "distance_km",
        ]

    def get_distance_km(self, obj: Partnership) -> float | None:
        distances: dict[int, float] = self.context.get("distances", {})
        return distances.get(obj.pk)


class PartnershipWriteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Input only: the service checks every rule and bound."""

    kind = serializers.ChoiceField(choices=PartnershipKind.values)
    title = serializers.CharField(max_length=1000)
    goal = serializers.CharField(max_length=10000)
    theme = serializers.CharField(max_length=1000)
    description = serializers.CharField(max_length=10000, required=False, default="")
    results = serializers.CharField(max_length=10000, required=False, default="")
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    url = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(), required=False, allow_null=True, default=None
    )
    study_domains = serializers.PrimaryKeyRelatedField(
        queryset=StudyDomain.objects.all(), many=True, required=False, default=list
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    publish = serializers.BooleanField(required=False, default=False)


class MemberAddSerializer(serializers.Serializer):  # type: ignore[type-arg]
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)


class DecisionAddSerializer(serializers.Serializer):  # type: ignore[type-arg]
    decided_on = serializers.DateField()
    subject = serializers.CharField(max_length=1000)
    decision = serializers.CharField(max_length=10000)


class LinkSerializer(serializers.Serializer):  # type: ignore[type-arg]
    offers = serializers.PrimaryKeyRelatedField(
        queryset=Offer.objects.all(), many=True, required=False, default=list
    )
    materials = serializers.PrimaryKeyRelatedField(
        queryset=Material.objects.all(), many=True, required=False, default=list
    )
