from __future__ import annotations

from rest_framework import serializers

from brug.corework import models as m


class TrainingRecordSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = m.TrainingRecord
        fields = [
            "id", "covenant", "year", "quarter", "training_hours", "dossiers", "participants",
            "employees", "channel", "recorded_at",
        ]  # fmt: skip


class TrainingRecordCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    covenant = serializers.IntegerField()
    year = serializers.CharField(max_length=10)
    quarter = serializers.CharField(max_length=10)
    training_hours = serializers.CharField(max_length=30)
    dossiers = serializers.CharField(max_length=30)
    participants = serializers.CharField(max_length=30)
    employees = serializers.CharField(max_length=30)
