"""Education consultation API: reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core.api.views import PolicyReadOnlyViewSet
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy
from brug.covenants import selectors as covenant_selectors
from brug.education import models as m
from brug.education import selectors, services
from brug.education.api import serializers as s


def _covenants_named(request: Request, ids: list[int]) -> list[Any]:
    """The sector covenants a request body names, every one visible to the caller; else a
    refusal on `covenants` (an unknown and a hidden covenant alike)."""
    covenants = list(covenant_selectors.covenants_visible_to(request.user).filter(pk__in=ids))
    if len(covenants) != len(set(ids)):
        raise ServiceError(
            gettext_lazy("Unknown sector covenant."),
            code="bad_covenant",
            field="covenants",
        )
    return covenants


class ConsultationRoundViewSet(PolicyReadOnlyViewSet):
    policy_resource = "education.consultationround"
    queryset = m.ConsultationRound.objects.all()
    serializer_class = s.ConsultationRoundSerializer
    # The caller must see the object; the service checks the exact action on it.
    service_actions = {"close": "view"}

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
    @action(detail=True, methods=["post"])
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


class AgreementViewSet(PolicyReadOnlyViewSet):
    policy_resource = "education.agreement"
    queryset = m.Agreement.objects.prefetch_related("parties", "covenants", "themes").order_by(
        "-starts_on", "pk"
    )
    serializer_class = s.AgreementSerializer
    # The caller must see the object; the service checks the exact action on it.
    service_actions = {"themes": "view"}

    @extend_schema(request=s.AgreementCreateSerializer, responses={201: s.AgreementSerializer})
    def create(self, request: Request) -> Response:
        body = s.AgreementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        parties = list(selectors.party_choices().filter(pk__in=data["parties"]))
        if len(parties) != len(set(data["parties"])):
            raise ServiceError(gettext_lazy("Unknown party."), code="bad_party", field="parties")
        covenants = _covenants_named(request, data["covenants"])
        agreement = services.agreement_create(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            parties=parties,
            covenants=covenants,
            source=data["source"],
        )
        return Response(s.AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.AgreementThemeCreateSerializer, responses={201: s.AgreementThemeSerializer}
    )
    @action(detail=True, methods=["post"])
    def themes(self, request: Request, pk: Any = None) -> Response:
        agreement = get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)
        body = s.AgreementThemeCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        theme = services.theme_add(
            actor=request.user,
            agreement=agreement,
            title=body.validated_data["title"],
            expectations_of_policy=body.validated_data["expectations_of_policy"],
        )
        return Response(s.AgreementThemeSerializer(theme).data, status=status.HTTP_201_CREATED)


class EngagementViewSet(PolicyReadOnlyViewSet):
    policy_resource = "education.engagement"
    queryset = m.Engagement.objects.select_related("theme").prefetch_related("evaluations")
    serializer_class = s.EngagementSerializer
    # The caller must see the object; the service checks the exact action on it.
    service_actions = {"evaluate": "view"}

    @extend_schema(request=s.EngagementCreateSerializer, responses={201: s.EngagementSerializer})
    def create(self, request: Request) -> Response:
        body = s.EngagementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        theme = get_object_or_404(
            m.AgreementTheme.objects.filter(
                agreement__in=selectors.agreements_visible_to(request.user)
            ),
            pk=data["theme"],
        )
        owner = theme.agreement.parties.filter(pk=data["owner"]).first()
        if owner is None:
            raise ServiceError(
                gettext_lazy("The owner must be a party to the agreement."),
                code="bad_owner",
                field="owner",
            )
        engagement = services.engagement_add(
            actor=request.user,
            theme=theme,
            side=data["side"],
            description=data["description"],
            owner=owner,
        )
        return Response(s.EngagementSerializer(engagement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EvaluateSerializer, responses={200: s.EngagementEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: Any = None) -> Response:
        engagement = get_object_or_404(selectors.engagements_visible_to(request.user), pk=pk)
        body = s.EvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evaluation = services.engagement_evaluate(
            actor=request.user, engagement=engagement, **body.validated_data
        )
        return Response(s.EngagementEvaluationSerializer(evaluation).data)


class IntersectoralActionViewSet(PolicyReadOnlyViewSet):
    policy_resource = "education.intersectoralaction"
    queryset = (
        m.IntersectoralAction.objects.select_related("generation")
        .prefetch_related("covenants")
        .order_by("pk")
    )
    serializer_class = s.IntersectoralActionSerializer

    @extend_schema(
        request=s.IntersectoralActionCreateSerializer,
        responses={201: s.IntersectoralActionSerializer},
    )
    def create(self, request: Request) -> Response:
        body = s.IntersectoralActionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        generation = get_object_or_404(
            covenant_selectors.generations_visible_to(request.user), code=data["generation"]
        )
        covenants = _covenants_named(request, data["covenants"])
        action_ = services.intersectoral_action_create(
            actor=request.user,
            generation=generation,
            category=data["category"],
            title=data["title"],
            description=data["description"],
            covenants=covenants,
        )
        return Response(
            s.IntersectoralActionSerializer(action_).data, status=status.HTTP_201_CREATED
        )
