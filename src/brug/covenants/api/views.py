"""Covenant API: reads through selectors, writes through services; the matrix decides."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core import policy
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.covenants import models as m
from brug.covenants import selectors, services
from brug.covenants.api import serializers as s
from brug.registry.models import Programme, Province, Sector


class GenerationViewSet(PolicyReadOnlyViewSet):
    queryset = m.CovenantGeneration.objects.all()
    serializer_class = s.GenerationSerializer


class CovenantViewSet(PolicyReadOnlyViewSet):
    queryset = m.Covenant.objects.select_related("generation", "sector")
    serializer_class = s.CovenantSerializer
    # Work-flow steps: the caller must see the covenant; the service checks the step's own
    # matrix action (submit, review, ...) on the object and refuses with 403 otherwise.
    service_actions = {"transition": "view"}

    @action(
        detail=True,
        methods=["post"],
        serializer_class=s.CovenantTransitionSerializer,
    )
    def transition(self, request: Request, pk: Any = None) -> Response:
        covenant = policy.visible_or_404(selectors.covenants_visible_to(request.user), pk)
        body = s.CovenantTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        covenant = services.covenant_transition(
            actor=request.user,
            covenant=covenant,
            transition=body.validated_data["transition"],
            note=body.validated_data["note"],
        )
        return Response(s.CovenantSerializer(covenant).data)


class ActionViewSet(PolicyReadOnlyViewSet):
    queryset = m.Action.objects.select_related("theme")
    serializer_class = s.ActionSerializer


class CommitmentViewSet(PolicyReadOnlyViewSet):
    queryset = m.Commitment.objects.select_related("indicator")
    serializer_class = s.CommitmentSerializer

    def create(self, request: Request) -> Response:
        body = s.CommitmentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        action_ = get_object_or_404(selectors.actions_visible_to(request.user), pk=data["action"])
        commitment = services.commitment_create(
            actor=request.user,
            action=action_,
            kind=data["kind"],
            owner=data["owner"],
            description=data["description"],
            target_value=data.get("target_value"),
            unit=data["unit"],
            deadline=data.get("deadline"),
            metric_key=data.get("metric_key", ""),
        )
        return Response(s.CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


class ProgressReportViewSet(PolicyReadOnlyViewSet):
    queryset = m.ProgressReport.objects.select_related("window__generation").prefetch_related(
        "entries"
    )
    serializer_class = s.ProgressReportSerializer
    service_actions = {"submit": "view"}  # the service checks `submit` on the report

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        report = policy.visible_or_404(selectors.reports_visible_to(request.user), pk)
        report = services.progress_report_submit(actor=request.user, report=report)
        return Response(s.ProgressReportSerializer(report).data)


class EvaluationViewSet(PolicyReadOnlyViewSet):
    queryset = m.Evaluation.objects.all()
    serializer_class = s.EvaluationSerializer


class AddendumViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.addendum"
    queryset = m.Addendum.objects.prefetch_related("shared_with").order_by("pk")
    serializer_class = s.AddendumSerializer


class IndicatorViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.indicator"
    queryset = m.Indicator.objects.order_by("pk")
    serializer_class = s.IndicatorSerializer


class MeasurementViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.discriminationmeasurement"
    queryset = m.DiscriminationMeasurement.objects.prefetch_related("results").order_by("pk")
    serializer_class = s.MeasurementSerializer


class ShortageSignalViewSet(PolicyReadOnlyViewSet):
    queryset = m.ShortageSignal.objects.order_by("-created_at", "-pk")
    serializer_class = s.ShortageSignalSerializer
    service_actions = {"answer": "view"}  # the service checks `answer` on the signal

    @extend_schema(request=s.ShortageSignalCreateSerializer, responses=s.ShortageSignalSerializer)
    def create(self, request: Request) -> Response:
        body = s.ShortageSignalCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        programme = Programme.objects.filter(pk=data["programme"]).first()
        province = Province.objects.filter(pk=data["province"]).first()
        sector = Sector.objects.filter(pk=data["sector"]).first()
        for field, found in (("programme", programme), ("province", province), ("sector", sector)):
            if found is None:
                raise ServiceError(gettext_lazy("Unknown value."), code="unknown", field=field)
        assert programme is not None and province is not None and sector is not None
        signal = services.shortage_signal_create(
            actor=request.user,
            programme=programme,
            province=province,
            sector=sector,
            organisation=services.signaller_organisation(request.user),
            shortfall=data["shortfall"],
            message=data["message"],
        )
        return Response(s.ShortageSignalSerializer(signal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ShortageAnswerSerializer, responses=s.ShortageSignalSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        signal = policy.visible_or_404(selectors.shortage_signals_visible_to(request.user), pk)
        body = s.ShortageAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signal = services.shortage_signal_answer(
            actor=request.user,
            signal=signal,
            answer=body.validated_data["answer"],
            places_found=body.validated_data["places_found"],
            close=body.validated_data["close"],
        )
        return Response(s.ShortageSignalSerializer(signal).data)
