"""Education consultation API: reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core import policy
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.core.errors import NotAllowed
from brug.covenants import selectors as covenant_selectors
from brug.education import models as m
from brug.education import selectors, services
from brug.education.api import serializers as s


class MayViewThenServiceDecides(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return policy.can_any(request.user, "view", view.policy_resource)


class ConsultationRoundViewSet(PolicyReadOnlyViewSet):
    policy_resource = "education.consultationround"
    queryset = m.ConsultationRound.objects.all()
    serializer_class = s.ConsultationRoundSerializer

    @extend_schema(
        request=s.ConsultationRoundCreateSerializer, responses={201: s.ConsultationRoundSerializer}
    )
    def create(self, request: Request) -> Response:
        body = s.ConsultationRoundCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        covenant = get_object_or_404(
            covenant_selectors.covenants_visible_to(request.user),
            pk=body.validated_data["covenant"],
        )
        rnd = services.round_open(
            actor=request.user,
            covenant=covenant,
            closes_on=body.validated_data["closes_on"],
            note=body.validated_data["note"],
        )
        return Response(s.ConsultationRoundSerializer(rnd).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ConsultationRoundSerializer})
    @action(detail=True, methods=["post"], permission_classes=[MayViewThenServiceDecides])
    def close(self, request: Request, pk: Any = None) -> Response:
        rnd = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
        rnd = services.round_close(actor=request.user, rnd=rnd)
        return Response(s.ConsultationRoundSerializer(rnd).data)


class AdviceViewSet(PolicyReadOnlyViewSet):
    policy_resource = "education.advice"
    queryset = m.Advice.objects.select_related("organisation")
    serializer_class = s.AdviceSerializer

    @extend_schema(request=s.AdviceCreateSerializer, responses={201: s.AdviceSerializer})
    def create(self, request: Request) -> Response:
        body = s.AdviceCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rnd = get_object_or_404(selectors.rounds_visible_to(request.user), pk=data["round"])
        action_ = get_object_or_404(
            covenant_selectors.actions_visible_to(request.user), pk=data["action"]
        )
        advisers = selectors.adviser_organisations(request.user)
        if not advisers:
            raise NotAllowed()
        advice = services.advice_give(
            actor=request.user,
            rnd=rnd,
            action=action_,
            organisation=advisers[0],
            position=data["position"],
            text=data["text"],
        )
        return Response(s.AdviceSerializer(advice).data, status=status.HTTP_201_CREATED)
