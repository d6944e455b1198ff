"""InnoVET API: the catalogue search, offers, registrations, material. Writes go to services."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from brug.accounts.models import User
from brug.core import policy
from brug.core.api.views import KeptListMixin, PolicyReadOnlyViewSet, PolicyViewSet
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy
from brug.innovet import selectors, services
from brug.innovet.api.serializers import (
    MaterialSerializer,
    OfferSearchSerializer,
    OfferSerializer,
    OfferWriteSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
)
from brug.innovet.models import Material, Offer, Registration, Session
from brug.innovet.search import offers_search
from brug.innovet.views import _query_from
from brug.registry.models import Organisation

SEARCH_PARAMS = [
    OpenApiParameter(name, str, description=text)
    for name, text in (
        ("q", "Full text (Dutch)"),
        ("kind", "Offer kind (repeatable)"),
        ("domain", "Study domain id (repeatable)"),
        ("programme", "Programme id (repeatable)"),
        ("province", "Province id (repeatable)"),
        ("period", "autumn | spring | on_request"),
        ("max_cost", "Maximum cost in EUR"),
        ("free", "1 = only offers with free places"),
        ("place", "Municipality or postcode for distance"),
        ("km", "Within this many km"),
        ("sort", "relevance | date | distance"),
        ("page", "Page number"),
    )
]


class OfferViewSet(PolicyReadOnlyViewSet, mixins.CreateModelMixin):
    """Offers the caller may see; `search/` is the catalogue with facets."""

    queryset = (
        Offer.objects.select_related("provider")
        .prefetch_related("study_domains", "programmes")
        .order_by("pk")
    )
    serializer_class = OfferSerializer

    @extend_schema(parameters=SEARCH_PARAMS, responses=OfferSearchSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def search(self, request: Request) -> Response:
        query, _ = _query_from(request._request)
        result = offers_search(request.user, query)
        data = OfferSerializer(
            result.offers, many=True, context={"distances": result.distances}
        ).data
        facets = {
            key: [
                {
                    "key": v.key,
                    "label": v.label,
                    "count": v.count,
                    "selected": v.selected,
                    "preferred": v.preferred,
                }
                for v in values
            ]
            for key, values in result.facets.items()
        }
        return Response(
            {
                "total": result.total,
                "page": result.page,
                "pages": result.pages,
                "results": data,
                "facets": facets,
                "backend": result.backend,
            }
        )

    @extend_schema(request=OfferWriteSerializer, responses=OfferSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = OfferWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        orgs = policy.organisations_of(request.user)
        provider = Organisation.objects.filter(pk__in=orgs).order_by("pk").first()
        if provider is None:
            raise NotAllowed()
        offer = services.offer_create(actor=request.user, provider=provider, **body.validated_data)
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class RegistrationViewSet(
    KeptListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    PolicyViewSet,
):
    serializer_class = RegistrationSerializer

    def get_queryset(self) -> Any:
        registrations = selectors.registrations_visible_to(self.request.user).order_by("pk")
        if self.action == "list":
            # The list shows the session's offer id and other ids: not the offer, provider,
            # teacher (a user row) and school rows the selector joins.
            registrations = registrations.select_related(None).select_related("session")
        return registrations

    @extend_schema(request=RegistrationCreateSerializer, responses=RegistrationSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = RegistrationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = (
            Session.objects.select_related("offer")
            .filter(pk=body.validated_data["session"])
            .first()
        )
        if session is None or not policy.can(request.user, "view", session.offer):
            raise ServiceError(
                gettext_lazy("This session does not exist."),
                code="session_unknown",
                field="session",
            )
        teacher: User | None = request.user if isinstance(request.user, User) else None
        if body.validated_data.get("teacher"):
            # One answer for an unknown id, a non-teacher and another school's teacher: the
            # endpoint reveals nothing about which user ids or roles exist.
            teacher = selectors.registrable_teacher(request.user, body.validated_data["teacher"])
            if teacher is None:
                raise ServiceError(
                    gettext_lazy("You cannot register this person."),
                    code="teacher_unknown",
                    field="teacher",
                )
        registration = services.registration_create(
            actor=request.user,
            session=session,
            teacher=teacher,
        )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        registration = get_object_or_404(Registration, pk=pk)
        if not policy.can(request.user, "view", registration):
            raise Http404
        registration = services.registration_cancel(actor=request.user, registration=registration)
        return Response(RegistrationSerializer(registration).data)


class MaterialViewSet(PolicyReadOnlyViewSet):
    queryset = Material.objects.order_by("pk")
    serializer_class = MaterialSerializer
