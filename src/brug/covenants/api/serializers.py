from __future__ import annotations

from typing import Any

from rest_framework import serializers

from brug.covenants import models as m


class GenerationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    is_demo = serializers.BooleanField(read_only=True)

    class Meta:
        model = m.CovenantGeneration
        fields = [
            "id", "code", "name", "is_demo", "starts_on", "ends_on", "fte_subsidy_eur", "result_share",
            "consultants_total", "budget_total_eur", "employees_covered", "coverage_percent",
            "previous_coverage_percent", "facts", "source",
        ]  # fmt: skip


class AddendumSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """budget_eur is null when the amount is not published (never a generated split)."""

    class Meta:
        model = m.Addendum
        fields = [
            "id", "covenant", "kind", "title", "status", "budget_eur", "budget_is_illustrative", "extra_fte",
            "monitoring_plan", "shared_with",
        ]  # fmt: skip


class CovenantSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    generation: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = m.Covenant
        fields = [
            "id", "generation", "sector", "sector_fund", "status", "consultant_fte",
            "consultant_fte_is_illustrative", "public_summary", "source",
        ]  # fmt: skip


class CovenantTransitionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    transition = serializers.ChoiceField(choices=["submit", "request_changes", "approve", "start"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    theme: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = m.Action
        fields = ["id", "covenant", "addendum", "theme", "category", "title", "is_illustrative"]


class CommitmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    metric_key = serializers.CharField(source="indicator.metric_key", read_only=True)

    class Meta:
        model = m.Commitment
        fields = [
            "id", "action", "kind", "owner", "description", "target_value", "unit",
            "deadline", "metric_key", "is_illustrative",
        ]  # fmt: skip


class CommitmentCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    action = serializers.IntegerField()
    kind = serializers.CharField()
    owner = serializers.CharField()
    description = serializers.CharField()
    target_value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    unit = serializers.CharField()
    deadline = serializers.DateField(required=False, allow_null=True)
    metric_key = serializers.CharField(required=False, allow_blank=True, default="")


class EntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.ProgressEntry
        fields = ["id", "commitment", "status", "value", "unit", "target_value", "narrative"]


class ProgressReportSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    window: Any = serializers.StringRelatedField()
    entries = EntrySerializer(many=True, read_only=True)

    class Meta:
        model = m.ProgressReport
        fields = ["id", "covenant", "window", "status", "submitted_at", "narrative", "entries"]


class EvaluationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.Evaluation
        fields = [
            "id", "covenant", "kind", "evaluated_on", "result_commitments",
            "result_commitments_met", "funding_total_eur", "result_funding_base_eur",
            "result_funding_eur",
        ]  # fmt: skip


class IndicatorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """How a commitment is measured: metric_key empty for a manual indicator."""

    is_computed = serializers.BooleanField(read_only=True)

    class Meta:
        model = m.Indicator
        fields = ["id", "commitment", "metric_key", "is_computed", "unit", "note"]


class MeasurementResultSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.DiscriminationResult
        fields = ["ground", "tests", "unfavourable"]


class MeasurementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A sector-level measurement; is_illustrative marks generated (demo) counts."""

    results = MeasurementResultSerializer(many=True, read_only=True)

    class Meta:
        model = m.DiscriminationMeasurement
        fields = ["id", "addendum", "phase", "method", "performed_on", "is_illustrative", "results"]


class ShortageSignalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.ShortageSignal
        fields = [
            "id",
            "programme",
            "province",
            "sector",
            "signalled_by_organisation",
            "shortfall",
            "message",
            "status",
            "answer",
            "places_found",
            "answered_at",
            "created_at",
            "is_demo",
        ]
        read_only_fields = fields


class ShortageSignalCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    programme = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    province = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    sector = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    shortfall = serializers.IntegerField()
    message = serializers.CharField(required=False, allow_blank=True, default="")


class ShortageAnswerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    answer = serializers.CharField()
    places_found = serializers.IntegerField()
    close = serializers.BooleanField(required=False, default=False)
