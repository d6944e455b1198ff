"""Partnership register API: the same search as the register page (text, facets' filters,
distance) and the same services as the forms."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core.api.pagination import BoundedLimitOffsetPagination
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.partnerships import selectors, services
from brug.partnerships.api import serializers as s
from brug.partnerships.models import Partnership, PartnershipKind, PartnershipMember
from brug.partnerships.search import PartnershipQuery, partnerships_search
from brug.registry import geo

LIST_PREFETCH = (
    "study_domains",
    "programmes",
    "offers",
    "materials",
    "decisions",
    Prefetch("members", queryset=PartnershipMember.objects.select_related("organisation")),
)


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.isdigit() and len(v) < 10)


class PartnershipViewSet(PolicyReadOnlyViewSet):
    """Partnerships the caller may see (the public: the published register). `q` searches the
    text (Dutch stemming), `kind`/`theme`/`province`/`study_domain` filter, `place` + `km`
    limit by distance (postcode or municipality)."""

    serializer_class = s.PartnershipSerializer
    queryset = Partnership.objects.all()
    service_actions = {"members": "change", "decisions": "change", "link": "change"}

    def get_queryset(self) -> QuerySet[Partnership]:
        return (
            selectors.partnerships_visible_to(self.request.user)
            .select_related("owner")
            .prefetch_related(*LIST_PREFETCH)
            .order_by("title", "pk")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=PartnershipKind.values, many=True),
            OpenApiParameter("theme", OpenApiTypes.STR, many=True),
            OpenApiParameter("province", OpenApiTypes.INT, many=True),
            OpenApiParameter("study_domain", OpenApiTypes.INT, many=True),
            OpenApiParameter("running", OpenApiTypes.BOOL),
            OpenApiParameter("place", OpenApiTypes.STR, description="Postcode or municipality"),
            OpenApiParameter("km", OpenApiTypes.NUMBER),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "recent", "distance"]),
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        # The search answer, through the same anonymous list cache as every other list.
        return self.public_list(request, lambda: self._search(request))

    def _search(self, request: Request) -> Response:
        get = request.query_params
        try:
            km = float(get["km"]) if get.get("km") else None
        except ValueError:
            km = None
        km = km if km is not None and 0 < km <= 300 else None
        found = geo.resolve_place(get.get("place", "")[:100]) if get.get("place") else None
        paginator = BoundedLimitOffsetPagination()
        limit = paginator.get_limit(request) or paginator.default_limit
        offset = paginator.get_offset(request)
        query = PartnershipQuery(
            text=get.get("q", "")[:200],
            kinds=tuple(k for k in get.getlist("kind") if k in PartnershipKind.values),
            themes=tuple(v[:100] for v in get.getlist("theme"))[:10],
            province_ids=_ints(get.getlist("province")),
            study_domain_ids=_ints(get.getlist("study_domain")),
            running=get.get("running") in ("1", "true"),
            within_km=km,
            origin=(found.latitude, found.longitude) if found is not None else None,
            sort=get.get("sort", "relevance"),
            page=offset // limit + 1,
            page_size=limit,
        )
        result = partnerships_search(self.get_queryset(), query, with_facets=False)
        prefetch_related_objects(result.partnerships, *LIST_PREFETCH)
        data = s.PartnershipSerializer(
            result.partnerships, many=True, context={"distances": result.distances}
        ).data
        return Response({"count": result.total, "results": data})

    @extend_schema(request=s.PartnershipWriteSerializer, responses={201: s.PartnershipSerializer})
    def create(self, request: Request) -> Response:
        body = s.PartnershipWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        partnership = services.partnership_create(actor=request.user, **data)
        return Response(s.PartnershipSerializer(partnership).data, status=201)

    @extend_schema(request=s.MemberAddSerializer, responses={201: s.MemberSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        partnership = self.get_object()
        body = s.MemberAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = services.partnership_member_add(
            actor=request.user, partnership=partnership, **body.validated_data
        )
        return Response(s.MemberSerializer(member).data, status=201)

    @extend_schema(request=s.DecisionAddSerializer, responses={201: s.DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        partnership = self.get_object()
        body = s.DecisionAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.partnership_decision_add(
            actor=request.user, partnership=partnership, **body.validated_data
        )
        return Response(s.DecisionSerializer(decision).data, status=201)

    @extend_schema(request=s.LinkSerializer, responses={200: s.PartnershipSerializer})
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str | None = None) -> Response:
        partnership = self.get_object()
        body = s.LinkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        partnership = services.partnership_link(
            actor=request.user, partnership=partnership, **body.validated_data
        )
        return Response(s.PartnershipSerializer(partnership).data)
