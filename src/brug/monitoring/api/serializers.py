from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from brug.monitoring.models import CountSource, OfficialCount, Snapshot


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


class CountSourceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CountSource
        fields = [
            "id",
            "title",
            "publisher",
            "url",
            "reference_date",
            "is_context",
            "note",
            "is_demo",
        ]


class OfficialCountSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = CountSourceSerializer(read_only=True)  # type: ignore[assignment]
    programme_code = serializers.CharField(source="programme.code", default=None, read_only=True)
    province = serializers.CharField(source="province.name_nl", default=None, read_only=True)

    class Meta:
        model = OfficialCount
        fields = [
            "id",
            "measure",
            "school_year",
            "education_form",
            "programme",
            "programme_code",
            "province",
            "grade",
            "year_in_grade",
            "finality",
            "value",
            "is_demo",
            "source",
        ]


class FlowCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One programme in one province. null: not published (small or recomputable)."""

    programme_id = serializers.IntegerField()
    programme_code = serializers.CharField()
    programme = serializers.CharField()
    route = serializers.CharField(help_text="dual or school_based")
    province_id = serializers.IntegerField()
    province = serializers.CharField()
    registered = serializers.IntegerField(allow_null=True)
    placed = serializers.IntegerField(allow_null=True)
    ended_early = serializers.IntegerField(allow_null=True)
    completed = serializers.IntegerField(allow_null=True)
    official_enrolled = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True)
    official_source = serializers.CharField()


class PhaseOutSignalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    programme_id = serializers.IntegerField()
    programme = serializers.CharField()
    province_id = serializers.IntegerField()
    province = serializers.CharField()
    from_year = serializers.CharField()
    to_year = serializers.CharField()
    before = serializers.DecimalField(max_digits=10, decimal_places=1)
    after = serializers.DecimalField(max_digits=10, decimal_places=1)
    source = serializers.CharField()  # type: ignore[assignment]


def _per_finality(help_text: str) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.IntegerField(allow_null=True), help_text=help_text
    )


class TransitionRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One province (province_id 0: Flanders). null: not published (small or recomputable)."""

    province_id = serializers.IntegerField()
    province = serializers.CharField(help_text="empty for Flanders")
    before = _per_finality("finality (A, DA, D) -> official, 2nd grade 2nd year, from_year")
    after = _per_finality("finality -> official, 3rd grade 1st year, to_year")
    before_total = serializers.IntegerField(allow_null=True)
    after_total = serializers.IntegerField(allow_null=True)
    share_a = serializers.FloatField(allow_null=True)
    share_da = serializers.FloatField(allow_null=True)
    own_grade2 = _per_finality("finality -> learners registered in Brug in grade 2, to_year")
    own_grade3 = _per_finality("finality -> learners registered in Brug in grade 3, to_year")


class TransitionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The second-to-third-grade transition: official counts of two school years (not a
    follow-up of persons; Brug does not record a learner's grade of earlier years)."""

    from_year = serializers.CharField()
    to_year = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())
    has_official = serializers.BooleanField()
    has_own = serializers.BooleanField()
    rows = TransitionRowSerializer(many=True)


class FlowsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    school_year = serializers.CharField()
    reference_date = serializers.DateField()
    computed_from = serializers.CharField()
    is_demo = serializers.BooleanField()
    small_cell_threshold = serializers.IntegerField()
    count = serializers.IntegerField()
    signals = PhaseOutSignalSerializer(many=True)
    transition = TransitionSerializer()
    results = FlowCellSerializer(many=True)
