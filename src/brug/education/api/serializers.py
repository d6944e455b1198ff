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
