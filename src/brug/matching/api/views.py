"""API of matching rounds: rounds, own preferences, own results, run/publish actions."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core.api.views import PolicyReadOnlyViewSet, PolicyViewSet
from brug.matching import selectors, services
from brug.matching.api.serializers import (
    PreferenceSerializer,
    PreferencesSetSerializer,
    PublishSerializer,
    ResultSerializer,
    RoundSerializer,
)


class RoundViewSet(PolicyReadOnlyViewSet):
    service_actions = {"run": "run", "publish": "publish"}
    serializer_class = RoundSerializer

    def get_queryset(self) -> Any:
        return selectors.rounds_visible_to(self.request.user)

    @extend_schema(request=None, responses={202: dict})
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        job = services.round_run_start(actor=request.user, rnd=self.get_object())
        return Response({"job": job.pk, "status": job.status}, status=202)

    @extend_schema(request=PublishSerializer, responses={202: dict})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Start the publication as a background job (202 with the job id), like `run`."""
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.round_publish_start(
            actor=request.user, rnd=self.get_object(), mode=data.validated_data["mode"]
        )
        return Response({"job": job.pk, "status": job.status}, status=202)


class PreferenceViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, PolicyViewSet):
    """GET: the preferences the caller may see. POST {round, learner?, openings}: replace a
    learner's ranked list (the caller's own learner record when `learner` is left out)."""

    serializer_class = PreferenceSerializer

    def get_queryset(self) -> Any:
        return selectors.preferences_visible_to(self.request.user).order_by(
            "round", "learner", "rank"
        )

    @extend_schema(
        request=PreferencesSetSerializer, responses={201: PreferenceSerializer(many=True)}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PreferencesSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rnd = (
            selectors.rounds_visible_to(request.user)
            .filter(pk=data.validated_data["round"])
            .first()
        )
        if rnd is None:
            raise Http404
        learners = selectors.rankable_learners(request.user, rnd)
        wanted = data.validated_data.get("learner")
        learner = (
            learners.filter(pk=wanted).first()
            if wanted
            else learners.filter(user_id=request.user.pk or -1).first()
        )
        if learner is None:
            raise Http404
        created = services.preferences_set(
            actor=request.user, rnd=rnd, learner=learner, openings=data.validated_data["openings"]
        )
        return Response(PreferenceSerializer(created, many=True).data, status=201)


class ResultViewSet(PolicyReadOnlyViewSet):
    serializer_class = ResultSerializer

    def get_queryset(self) -> Any:
        return selectors.results_visible_to(self.request.user).order_by("round", "learner")
