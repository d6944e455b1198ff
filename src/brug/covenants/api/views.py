"""Covenant API: reads through selectors, writes through services; the matrix decides."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core import policy
from brug.core.api.permissions import hide_object_route
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.covenants import models as m
from brug.covenants import selectors, services
from brug.covenants.api import serializers as s


class MayViewThenServiceDecides(permissions.BasePermission):
    """For work-flow steps: the caller must see the resource; the service checks the step's own
    matrix action (submit, review, ...) on the object and refuses with 403 otherwise."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if policy.can_any(request.user, "view", view.policy_resource):
            return True
        hide_object_route(request, view)
        return False


class GenerationViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.covenantgeneration"
    queryset = m.CovenantGeneration.objects.all()
    serializer_class = s.GenerationSerializer


class CovenantViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.covenant"
    queryset = m.Covenant.objects.select_related("generation", "sector")
    serializer_class = s.CovenantSerializer

    @action(
        detail=True,
        methods=["post"],
        serializer_class=s.CovenantTransitionSerializer,
        permission_classes=[MayViewThenServiceDecides],
    )
    def transition(self, request: Request, pk: Any = None) -> Response:
        covenant = get_object_or_404(selectors.covenants_visible_to(request.user), pk=pk)
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
    policy_resource = "covenants.action"
    queryset = m.Action.objects.select_related("theme")
    serializer_class = s.ActionSerializer


class CommitmentViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.commitment"
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
    policy_resource = "covenants.progressreport"
    queryset = m.ProgressReport.objects.select_related("window").prefetch_related("entries")
    serializer_class = s.ProgressReportSerializer

    @action(detail=True, methods=["post"], permission_classes=[MayViewThenServiceDecides])
    def submit(self, request: Request, pk: Any = None) -> Response:
        report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
        report = services.progress_report_submit(actor=request.user, report=report)
        return Response(s.ProgressReportSerializer(report).data)


class EvaluationViewSet(PolicyReadOnlyViewSet):
    policy_resource = "covenants.evaluation"
    queryset = m.Evaluation.objects.all()
    serializer_class = s.EvaluationSerializer
