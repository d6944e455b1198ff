"""Core-work API: the same service as the form and the spreadsheet import."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core.api.views import PolicyReadOnlyViewSet
from brug.corework import models as m
from brug.corework import services
from brug.corework.api import serializers as s
from brug.covenants import selectors as covenant_selectors


class TrainingRecordViewSet(PolicyReadOnlyViewSet):
    policy_resource = "corework.trainingrecord"
    queryset = m.TrainingRecord.objects.order_by("covenant_id", "year", "quarter")
    serializer_class = s.TrainingRecordSerializer

    @extend_schema(
        request=s.TrainingRecordCreateSerializer,
        responses={200: s.TrainingRecordSerializer, 201: s.TrainingRecordSerializer},
    )
    def create(self, request: Request) -> Response:
        body = s.TrainingRecordCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        covenant = get_object_or_404(
            covenant_selectors.covenants_visible_to(request.user), pk=data.pop("covenant")
        )
        record, outcome = services.training_record_save(
            actor=request.user, covenant=covenant, channel=m.Channel.API, **data
        )
        code = status.HTTP_201_CREATED if outcome == "created" else status.HTTP_200_OK
        return Response(s.TrainingRecordSerializer(record).data, status=code)
