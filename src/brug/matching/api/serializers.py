from __future__ import annotations

from typing import Any

from rest_framework import serializers

from brug.core import policy
from brug.core.api.params import MAX_ID
from brug.matching.explain import reason_text
from brug.matching.models import MatchingRound, RoundMode, RoundPreference, RoundResult

# A learner ranks at most this many openings in one round.
MAX_PREFERENCES = 50


class RoundSerializer(serializers.ModelSerializer[MatchingRound]):
    class Meta:
        model = MatchingRound
        fields = [
            "id",
            "name",
            "coordinator",
            "scope",
            "sector",
            "province",
            "status",
            "mode",
            "preference_deadline",
            "intake_deadline",
            "published_at",
        ]
        read_only_fields = fields


class PreferenceSerializer(serializers.ModelSerializer[RoundPreference]):
    class Meta:
        model = RoundPreference
        fields = ["id", "round", "learner", "opening", "rank"]
        read_only_fields = fields


class PreferencesSetSerializer(serializers.Serializer[Any]):
    round = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    learner = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    openings = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=True,
        max_length=MAX_PREFERENCES,
    )


class PublishSerializer(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=RoundMode.choices)


class ResultSerializer(serializers.ModelSerializer[RoundResult]):
    learner = serializers.CharField(source="learner.pseudonym")
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = RoundResult
        fields = ["id", "round", "learner", "opening", "preference_rank", "explanation"]
        read_only_fields = fields

    def get_explanation(self, obj: RoundResult) -> dict[str, Any] | None:
        """Lottery number and reasons: only for the learner itself and its school."""
        request = self.context.get("request")
        if request is None or not policy.can(request.user, "explain", obj):
            return None
        return {
            "lottery_number": obj.lottery_number,
            "reasons": [
                {
                    "opening": row[0],
                    "rank": row[1],
                    "code": row[2],
                    "params": row[3] if isinstance(row[3], dict) else {},
                    "text": reason_text(str(row[0]), row).as_dict(),
                }
                for row in obj.reasons
            ],
        }
