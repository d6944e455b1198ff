from __future__ import annotations

from typing import Any

from rest_framework import serializers

from brug.education import models as m


class ConsultationRoundSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.ConsultationRound
        fields = ["id", "covenant", "status", "closes_on", "note", "opened_at", "closed_at"]


class ConsultationRoundCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    covenant = serializers.IntegerField()
    closes_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AdviceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisation: Any = serializers.StringRelatedField()

    class Meta:
        model = m.Advice
        fields = ["id", "round", "action", "organisation", "position", "text", "given_at"]


class AdviceCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    round = serializers.IntegerField()
    action = serializers.IntegerField()
    position = serializers.CharField(max_length=32)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EngagementEvaluationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.EngagementEvaluation
        fields = ["id", "year", "quarter", "status", "note", "evaluated_at"]


class EngagementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    agreement = serializers.IntegerField(source="theme.agreement_id", read_only=True)
    evaluations = EngagementEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = m.Engagement
        fields = ["id", "agreement", "theme", "side", "description", "owner", "evaluations"]


class EngagementCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    theme = serializers.IntegerField()
    side = serializers.CharField(max_length=32)
    description = serializers.CharField(max_length=10000)
    owner = serializers.IntegerField()


class EvaluateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    status = serializers.CharField(max_length=32)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AgreementThemeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.AgreementTheme
        fields = ["id", "position", "title", "expectations_of_policy"]


class AgreementThemeCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(max_length=10000)
    expectations_of_policy = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10000
    )


class AgreementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    themes = AgreementThemeSerializer(many=True, read_only=True)

    class Meta:
        model = m.Agreement
        fields = [
            "id", "kind", "title", "starts_on", "ends_on", "parties", "covenants", "source",
            "themes",
        ]  # fmt: skip


class AgreementCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=10000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    parties = serializers.ListField(child=serializers.IntegerField(), max_length=50)
    covenants = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=100
    )
    # An API field named `source` (where the agreement comes from); DRF's stubs type a field's
    # own `source` attribute, which this class attribute shadows only for the type checker.
    source = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, default="", max_length=1000
    )


class IntersectoralActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    generation: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = m.IntersectoralAction
        fields = [
            "id", "generation", "category", "title", "description", "covenants",
            "is_illustrative",
        ]  # fmt: skip


class IntersectoralActionCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    generation = serializers.CharField(max_length=32)
    category = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=10000)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10000
    )
    covenants = serializers.ListField(child=serializers.IntegerField(), max_length=100)
