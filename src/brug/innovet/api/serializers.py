from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from brug.core.api.params import MAX_ID
from brug.innovet.models import Material, Offer, Registration, Session


class SessionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "free",
            "registration_opens",
            "registration_closes",
        ]


class OfferSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "kind",
            "status",
            "title",
            "description",
            "provider",
            "provider_name",
            "province",
            "study_domains",
            "programmes",
            "on_request",
            "cost_eur",
            "target_grade",
            "language",
            "curriculum_link",
            "vendor_neutral",
            "accessibility_notes",
            "next_start",
            "free_places",
            "in_autumn_window",
            "in_spring_window",
            "updated_at",
            "distance_km",
        ]
        read_only_fields = fields

    def get_distance_km(self, offer: Offer) -> float | None:
        distance: float | None = self.context.get("distances", {}).get(offer.pk)
        return distance


class OfferWriteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.CharField()
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cost_eur = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, default=Decimal("0")
    )
    on_request = serializers.BooleanField(required=False, default=False)
    curriculum_link = serializers.CharField(required=False, allow_blank=True, default="")
    publish = serializers.BooleanField(required=False, default=False)


class RegistrationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    offer = serializers.IntegerField(source="session.offer_id", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "offer",
            "teacher",
            "school",
            "status",
            "cost_eur",
            "attended",
            "created_at",
        ]
        read_only_fields = fields


class RegistrationCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    session = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    teacher = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class FacetValueSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    count = serializers.IntegerField()
    selected = serializers.BooleanField()
    preferred = serializers.BooleanField()


class OfferSearchSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The catalogue search: one page of offers, the facets and the search backend used."""

    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = OfferSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    backend = serializers.CharField()


class MaterialSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Material
        fields = [
            "id",
            "title",
            "description",
            "provider",
            "study_domain",
            "curriculum_link",
            "licence",
            "status",
            "download_count",
            "updated_at",
        ]
        read_only_fields = fields
