from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from brug.monitoring.models import Snapshot


class OpenDataCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One programme in one province. null: not published (small or recomputable)."""

    programme_id = serializers.IntegerField()
    programme_code = serializers.CharField()
    programme = serializers.CharField()
    study_domain = serializers.CharField()
    province_id = serializers.IntegerField()
    province = serializers.CharField()
    learners = serializers.IntegerField(allow_null=True)
    placed = serializers.IntegerField(allow_null=True)
    without_place = serializers.IntegerField(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True)
    free_places = serializers.IntegerField(allow_null=True)
    placement_rate = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class OpenDataTotalsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    learners = serializers.IntegerField(allow_null=True)
    placed = serializers.IntegerField(allow_null=True)
    without_place = serializers.IntegerField(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True)
    free_places = serializers.IntegerField(allow_null=True)
    placement_rate = serializers.FloatField(allow_null=True)


class ProvinceTotalsSerializer(OpenDataTotalsSerializer):
    province_id = serializers.IntegerField()
    province = serializers.CharField()


class OpenDataSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reference_date = serializers.DateField()
    school_year = serializers.CharField()
    computed_from = serializers.CharField()
    is_demo = serializers.BooleanField()
    small_cell_threshold = serializers.IntegerField(source="k")
    total = OpenDataTotalsSerializer()
    province_totals = ProvinceTotalsSerializer(many=True)
    cells = OpenDataCellSerializer(many=True)


class ShortageRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    programme_id = serializers.IntegerField()
    programme_code = serializers.CharField()
    programme = serializers.CharField()
    study_domain = serializers.CharField()
    area_id = serializers.IntegerField(help_text="Province id, or RTC region id with by=rtc")
    area = serializers.CharField()
    learners = serializers.IntegerField(help_text="Learners who need a place")
    placed = serializers.IntegerField()
    without_place = serializers.IntegerField()
    capacity = serializers.IntegerField(help_text="Recognised capacity of open openings")
    filled = serializers.IntegerField()
    free = serializers.IntegerField()
    gap = serializers.IntegerField(help_text="without_place - free; positive: places missing")
    sector_ids = serializers.ListField(child=serializers.IntegerField())
    sectors = serializers.ListField(child=serializers.CharField())
    sector_funds = serializers.ListField(child=serializers.CharField())
    brokers = serializers.ListField(child=serializers.CharField())


class CountSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    n = serializers.IntegerField()


class ShortageDetailSerializer(serializers.Serializer):  # type: ignore[type-arg]
    row = ShortageRowSerializer()
    schools = CountSerializer(many=True)
    municipalities = CountSerializer(many=True)
    openings = serializers.SerializerMethodField()
    openings_hidden = serializers.IntegerField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_openings(self, detail: object) -> list[dict[str, object]]:
        return [
            {
                "id": o.pk,
                "company": str(o.company),
                "municipality": str(o.site.municipality),
                "kind": o.kind,
                "capacity": o.capacity,
                "free_places": o.free_places,
            }
            for o in detail.openings  # type: ignore[attr-defined]
        ]


class SnapshotSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Snapshot
        fields = ["id", "metric_key", "scope", "sector", "province", "on", "value", "is_demo"]
