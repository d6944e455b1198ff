"""Monitoring API: public open data; authorised aggregates cut to the caller's scope."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from brug.core.api.pagination import BoundedLimitOffsetPagination
from brug.core.api.params import MAX_ID, query_int
from brug.core.api.permissions import PolicyPermission
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.monitoring import selectors
from brug.monitoring.api.serializers import (
    CountSourceSerializer,
    FlowsSerializer,
    OfficialCountSerializer,
    OpenDataSerializer,
    ShortageDetailSerializer,
    ShortageRowSerializer,
    SnapshotSerializer,
)
from brug.monitoring.figures import Filters, school_year_label
from brug.monitoring.flows import ROUTES, FlowCell, school_year_bounds
from brug.monitoring.models import CountSource, OfficialCount, Snapshot
from brug.monitoring.permissions import RESOURCE
from brug.workplace.models import PlacementKind

SOURCE = "Brug: berekend uit de gegevens in het platform / computed from the data recorded in Brug"


FILTER_PARAMETERS = [
    OpenApiParameter("programme", OpenApiTypes.INT, description="Programme id"),
    OpenApiParameter("study_domain", OpenApiTypes.INT, description="Study domain id"),
    OpenApiParameter("province", OpenApiTypes.INT, description="Province id"),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=PlacementKind.values),
]


def _filters(request: Request) -> Filters:
    kind = request.query_params.get("kind") or None
    return Filters(
        programme_id=query_int(request.query_params, "programme"),
        study_domain_id=query_int(request.query_params, "study_domain"),
        province_id=query_int(request.query_params, "province"),
        kind=kind if kind in PlacementKind.values else None,
    )


class OpenDataView(APIView):
    """Public figures per programme × province after small-cell and complementary suppression.

    A `null` figure is not published: it is below the small-cell threshold, or it would let such
    a figure be recomputed from the published ones. Filters select rows; they never change which
    figures are suppressed.
    """

    permission_classes = [PolicyPermission]
    policy_resource = RESOURCE
    policy_action = "open_data"

    @extend_schema(
        operation_id="monitoring_open_data",
        responses=OpenDataSerializer,
        parameters=[
            OpenApiParameter("province", OpenApiTypes.INT, description="Only this province"),
            OpenApiParameter("study_domain", OpenApiTypes.STR, description="Study domain name"),
        ],
    )
    def get(self, request: Request) -> Response:
        data = selectors.open_data_cached(on=date.today()).value
        cells = data.filtered(
            province_id=query_int(request.query_params, "province"),
            study_domain=request.query_params.get("study_domain") or None,
        )
        payload = {
            "reference_date": data.reference_date,
            "school_year": data.school_year,
            "computed_from": SOURCE,
            "is_demo": data.is_demo,
            "k": data.k,
            "total": data.total,
            "province_totals": data.province_totals,
            "cells": cells,
        }
        return Response(OpenDataSerializer(payload).data)


class ShortageView(APIView):
    """The shortage radar: per programme × province (or RTC region with by=rtc), the rows in
    the caller's scope (department: all; consultant: its sectors; RTC: its provinces)."""

    permission_classes = [PolicyPermission]
    policy_resource = RESOURCE
    policy_action = "shortage"

    @extend_schema(
        operation_id="monitoring_shortage",
        responses=ShortageRowSerializer(many=True),
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("by", OpenApiTypes.STR, enum=["province", "rtc"]),
        ],
    )
    def get(self, request: Request) -> Response:
        by = "rtc" if request.query_params.get("by") == "rtc" else "province"
        rows = selectors.shortage_visible_to(
            request.user, on=date.today(), filters=_filters(request), by=by
        )
        return Response(ShortageRowSerializer(rows, many=True).data)


class ShortageDetailView(APIView):
    """What is behind one shortage cell: counts per school and municipality (no people), and
    the open workplaces the caller may see."""

    permission_classes = [PolicyPermission]
    policy_resource = RESOURCE
    policy_action = "drilldown"

    @extend_schema(
        operation_id="monitoring_shortage_detail",
        responses=ShortageDetailSerializer,
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=PlacementKind.values)],
    )
    def get(self, request: Request, programme: int, province: int) -> Response:
        if not (0 < programme <= MAX_ID and 0 < province <= MAX_ID):
            raise Http404
        detail = selectors.shortage_detail_for(
            request.user,
            on=date.today(),
            programme_id=programme,
            province_id=province,
            kind=_filters(request).kind,
        )
        if detail is None:
            raise Http404
        return Response(ShortageDetailSerializer(detail).data)


class SnapshotViewSet(PolicyReadOnlyViewSet):
    """Stored daily metric values (trends), per scope the caller may view."""

    serializer_class = SnapshotSerializer
    queryset = Snapshot.objects.all()
    filterset_fields = ["metric_key", "scope", "sector", "province", "on"]
    ordering_fields = ["on", "metric_key"]


class FlowsView(APIView):
    """Learner flows of one school year per programme × province (Brug's own counts after
    small-cell suppression, next to the official enrolment where imported), cut to the caller's
    scope, with the phase-out signals in that scope. Paged with limit/offset."""

    permission_classes = [PolicyPermission]
    policy_resource = RESOURCE
    policy_action = "flows"

    @extend_schema(
        operation_id="monitoring_flows",
        responses=FlowsSerializer,
        parameters=[
            OpenApiParameter("jaar", OpenApiTypes.STR, description="School year, e.g. 2025-2026"),
            OpenApiParameter("route", OpenApiTypes.STR, enum=list(ROUTES)),
            OpenApiParameter("province", OpenApiTypes.INT, description="Province id"),
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ],
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("jaar") or ""
        if school_year_bounds(year) is None:
            year = school_year_label(date.today())
        route = request.query_params.get("route") or None
        view = selectors.flows_for(
            request.user,
            year=year,
            route=route if route in ROUTES else None,
            province_id=query_int(request.query_params, "province"),
        )
        page: list[FlowCell] | None = BoundedLimitOffsetPagination().paginate_queryset(
            view.cells,  # type: ignore[arg-type]
            request,
            view=self,
        )
        payload = {
            "school_year": year,
            "reference_date": view.flows.reference_date,
            "computed_from": SOURCE,
            "is_demo": view.flows.is_demo,
            "small_cell_threshold": view.flows.k,
            "count": len(view.cells),
            "signals": view.signals,
            "transition": view.transition,
            "results": page or [],
        }
        return Response(FlowsSerializer(payload).data)


class OfficialCountViewSet(PolicyReadOnlyViewSet):
    """Official aggregate counts with their source and reference date (published statistics;
    `source.is_context`: quoted in a policy document, context only)."""

    serializer_class = OfficialCountSerializer
    queryset = OfficialCount.objects.select_related("source", "programme", "province").order_by(
        "source", "measure", "school_year", "pk"
    )
    filterset_fields = [
        "measure",
        "school_year",
        "education_form",
        "programme",
        "province",
        "grade",
        "year_in_grade",
        "finality",
    ]
    ordering_fields = ["school_year", "measure"]


class CountSourceViewSet(PolicyReadOnlyViewSet):
    """The publications official counts come from."""

    serializer_class = CountSourceSerializer
    queryset = CountSource.objects.order_by("-reference_date", "pk")
    filterset_fields = ["is_context"]
