"""InnoVET API for what the pages of issue 15 do: the VDAB 10-day scheme, teacher placements,
hybrid jobs, guest-teacher candidates; and the endpoints the pages had without an API:
certificates, guest-lesson requests, infrastructure bookings. Reads go through selectors,
writes through services; the services check the exact permission."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brug.accounts.models import Membership, User
from brug.core import policy
from brug.core.api.params import MAX_ID
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy
from brug.innovet import selectors, services
from brug.innovet.models import (
    Booking,
    Certificate,
    GuestLessonRequest,
    GuestTeacherCandidate,
    HybridJob,
    Offer,
    OfferKind,
    TeacherPlacement,
    TenDayRequest,
)
from brug.registry.models import Organisation, OrganisationKind, StudyDomain

SCHOOL_ROLES = ("teacher", "guide", "technical_adviser", "platform_admin")


def _school(request: Request, roles: tuple[str, ...] = SCHOOL_ROLES) -> Organisation:
    ids = policy.organisations_of(request.user, roles=roles)
    school = (
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.SCHOOL).order_by("pk").first()
    )
    if school is None:
        raise NotAllowed()
    return school


def _teacher(request: Request, school: Organisation, teacher_id: int | None) -> User:
    """The teacher named, when the caller may act for them: themself, or a teacher of the
    school for its guide or technical adviser. One answer for every other id."""
    user = request.user
    if teacher_id is None or (isinstance(user, User) and teacher_id == user.pk):
        if isinstance(user, User):
            return user
    elif policy.roles_of(user) & {"guide", "technical_adviser", "platform_admin"}:
        found = Membership.objects.filter(
            user_id=teacher_id, organisation=school, role="teacher", is_active=True
        ).first()
        if found is not None:
            return found.user
    raise ServiceError(
        gettext_lazy("You cannot act for this person."),
        code="teacher_unknown",
        field="teacher",
    )


def _visible_offer(request: Request, offer_id: int) -> Offer:
    offer = selectors.offers_visible_to(request.user).filter(pk=offer_id).first()
    if offer is None:
        raise ServiceError(
            gettext_lazy("This offer does not exist."),
            code="offer_unknown",
            field="offer",
        )
    return offer


# ------------------------------------------------------------------ 10-day scheme


class TenDayRequestSerializer(serializers.ModelSerializer[TenDayRequest]):
    class Meta:
        model = TenDayRequest
        fields = [
            "id",
            "offer",
            "school",
            "teacher",
            "class_group",
            "year",
            "learners",
            "days",
            "first_day",
            "last_day",
            "curriculum_link",
            "status",
            "intro_on",
            "intro_done_on",
            "instructor_offered",
            "instructor_name",
            "vdab_note",
            "days_held",
            "created_at",
        ]
        read_only_fields = fields


class TenDayCreateSerializer(serializers.Serializer[Any]):
    offer = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    teacher = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    class_group = serializers.CharField(allow_blank=True)
    year = serializers.CharField(allow_blank=True)
    # No bounds here: the service refuses with its own clear message (e.g. 11 days).
    learners = serializers.IntegerField(min_value=-MAX_ID, max_value=MAX_ID)
    days = serializers.IntegerField(min_value=-MAX_ID, max_value=MAX_ID)
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    curriculum_link = serializers.CharField(required=False, allow_blank=True, default="")


class TenDayDecideSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    intro_on = serializers.DateField(required=False, allow_null=True, default=None)
    instructor_name = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TenDayRequestViewSet(PolicyReadOnlyViewSet):
    """Requests for the VDAB 10-day scheme the caller may see; VDAB decides and records the
    introduction session, the school records the lesson days."""

    serializer_class = TenDayRequestSerializer
    service_actions = {
        "decide": "decide",
        "intro": "intro",
        "day": "record_day",
        "cancel": "cancel",
    }

    def get_queryset(self) -> Any:
        queryset = selectors.ten_day_requests_visible_to(self.request.user).order_by("-pk")
        if self.request.query_params.get("awaiting") == "1":
            queryset = queryset.filter(status="requested")
        return queryset

    @extend_schema(request=TenDayCreateSerializer, responses={201: TenDayRequestSerializer})
    def create(self, request: Request) -> Response:
        body = TenDayCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        school = _school(request)
        created = services.ten_day_request_create(
            actor=request.user,
            school=school,
            offer=_visible_offer(request, v.pop("offer")),
            teacher=_teacher(request, school, v.pop("teacher", None)),
            **v,
        )
        return Response(TenDayRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TenDayDecideSerializer, responses={200: TenDayRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        body = TenDayDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.ten_day_request_decide(
            actor=request.user, request=target, **body.validated_data
        )
        return Response(TenDayRequestSerializer(row).data)

    @extend_schema(request=None, responses={200: TenDayRequestSerializer})
    @action(detail=True, methods=["post"])
    def intro(self, request: Request, pk: str | None = None) -> Response:
        row = services.ten_day_intro_record(actor=request.user, request=self.get_object())
        return Response(TenDayRequestSerializer(row).data)

    @extend_schema(request=None, responses={200: TenDayRequestSerializer})
    @action(detail=True, methods=["post"])
    def day(self, request: Request, pk: str | None = None) -> Response:
        row = services.ten_day_record_day(actor=request.user, request=self.get_object())
        return Response(TenDayRequestSerializer(row).data)

    @extend_schema(request=None, responses={200: TenDayRequestSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        row = services.ten_day_request_cancel(actor=request.user, request=self.get_object())
        return Response(TenDayRequestSerializer(row).data)


# ------------------------------------------------------------------ teacher placements


class TeacherPlacementSerializer(serializers.ModelSerializer[TeacherPlacement]):
    class Meta:
        model = TeacherPlacement
        fields = [
            "id",
            "teacher",
            "school",
            "company",
            "tasks",
            "starts_on",
            "ends_on",
            "host_mentor",
            "replacement",
            "status",
            "certificate_code",
            "completed_at",
        ]
        read_only_fields = fields


class PlacementCreateSerializer(serializers.Serializer[Any]):
    company = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    teacher = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    tasks = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    replacement = serializers.CharField(allow_blank=True)
    host_mentor = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementDecideSerializer(serializers.Serializer[Any]):
    agree = serializers.BooleanField()
    host_mentor = serializers.CharField(required=False, allow_blank=True, default="")


class TeacherPlacementViewSet(PolicyReadOnlyViewSet):
    """Company placements for teachers: the school proposes, the company agrees and completes
    (the certificate code comes with the completed placement)."""

    serializer_class = TeacherPlacementSerializer
    service_actions = {"decide": "agree", "complete": "complete", "cancel": "cancel"}

    def get_queryset(self) -> Any:
        return selectors.placements_visible_to(self.request.user).order_by("-pk")

    @extend_schema(request=PlacementCreateSerializer, responses={201: TeacherPlacementSerializer})
    def create(self, request: Request) -> Response:
        body = PlacementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        school = _school(request)
        company = Organisation.objects.filter(
            pk=v.pop("company"), kind=OrganisationKind.COMPANY
        ).first()
        if company is None:
            raise ServiceError(
                gettext_lazy("Choose a company."),
                code="not_company",
                field="company",
            )
        created = services.teacher_placement_create(
            actor=request.user,
            school=school,
            company=company,
            teacher=_teacher(request, school, v.pop("teacher", None)),
            **v,
        )
        return Response(TeacherPlacementSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlacementDecideSerializer, responses={200: TeacherPlacementSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        body = PlacementDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.teacher_placement_decide(
            actor=request.user, placement=target, **body.validated_data
        )
        return Response(TeacherPlacementSerializer(row).data)

    @extend_schema(request=None, responses={200: TeacherPlacementSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        row = services.teacher_placement_complete(actor=request.user, placement=self.get_object())
        return Response(TeacherPlacementSerializer(row).data)

    @extend_schema(request=None, responses={200: TeacherPlacementSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        row = services.teacher_placement_cancel(actor=request.user, placement=self.get_object())
        return Response(TeacherPlacementSerializer(row).data)


# ------------------------------------------------------------------ hybrid jobs


class HybridJobSerializer(serializers.ModelSerializer[HybridJob]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = HybridJob
        fields = [
            "id",
            "side",
            "organisation",
            "organisation_name",
            "title",
            "description",
            "study_domain",
            "province",
            "hours_per_week",
            "starts_on",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class HybridJobCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(allow_blank=True)
    hours_per_week = serializers.IntegerField(min_value=-MAX_ID, max_value=MAX_ID)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    study_domain = serializers.PrimaryKeyRelatedField(
        queryset=StudyDomain.objects.all(), required=False, allow_null=True, default=None
    )
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)


class HybridRespondSerializer(serializers.Serializer[Any]):
    message = serializers.CharField(allow_blank=True)


class HybridJobViewSet(PolicyReadOnlyViewSet):
    """Hybrid jobs: offered by companies (`side=offer`), asked for by schools (`request`);
    the other side may respond (the poster gets the responder's name and address)."""

    serializer_class = HybridJobSerializer
    service_actions = {"respond": "respond"}

    @extend_schema(request=HybridRespondSerializer, responses={200: HybridJobSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        body = HybridRespondSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = policy.organisations_of(
            request.user, roles=("company_contact", "guide", "technical_adviser")
        )
        own = Organisation.objects.filter(pk__in=ids).order_by("pk").first()
        if own is None:
            raise NotAllowed()
        job = services.hybrid_job_respond(
            actor=request.user, job=target, organisation=own, message=body.validated_data["message"]
        )
        return Response(HybridJobSerializer(job).data)

    def get_queryset(self) -> Any:
        queryset = selectors.hybrid_jobs_visible_to(self.request.user).order_by("-pk")
        side = self.request.query_params.get("side")
        return queryset.filter(side=side) if side in ("offer", "request") else queryset

    @extend_schema(request=HybridJobCreateSerializer, responses={201: HybridJobSerializer})
    def create(self, request: Request) -> Response:
        body = HybridJobCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = policy.organisations_of(
            request.user, roles=("company_contact", "guide", "technical_adviser", "platform_admin")
        )
        own = Organisation.objects.filter(pk__in=ids).order_by("pk").first()
        if own is None:
            raise NotAllowed()
        job = services.hybrid_job_create(
            actor=request.user, organisation=own, **body.validated_data
        )
        return Response(HybridJobSerializer(job).data, status=status.HTTP_201_CREATED)


# ------------------------------------------------------------------ guest-teacher candidates


class CandidateSerializer(serializers.ModelSerializer[GuestTeacherCandidate]):
    class Meta:
        model = GuestTeacherCandidate
        fields = [
            "id",
            "company",
            "initials",
            "expertise",
            "study_domain",
            "province",
            "stage",
            "matched_request",
            "stage_changed_at",
        ]
        read_only_fields = fields


class CandidateCreateSerializer(serializers.Serializer[Any]):
    company = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    initials = serializers.CharField(allow_blank=True)
    expertise = serializers.CharField(allow_blank=True)
    study_domain = serializers.PrimaryKeyRelatedField(
        queryset=StudyDomain.objects.all(), required=False, allow_null=True, default=None
    )


class CandidateMoveSerializer(serializers.Serializer[Any]):
    stage = serializers.CharField()
    matched_request = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None
    )


class IndicatorsSerializer(serializers.Serializer[Any]):
    by_stage = serializers.DictField(child=serializers.IntegerField())
    candidates = serializers.IntegerField()
    matches = serializers.IntegerField()
    agreed_lessons = serializers.IntegerField()


class CandidateViewSet(PolicyReadOnlyViewSet):
    """The education mediator's pipeline of guest-teacher candidates and its indicators."""

    serializer_class = CandidateSerializer
    service_actions = {"move": "change", "indicators": "view"}

    def get_queryset(self) -> Any:
        return selectors.candidates_visible_to(self.request.user).order_by("-pk")

    @extend_schema(request=CandidateCreateSerializer, responses={201: CandidateSerializer})
    def create(self, request: Request) -> Response:
        body = CandidateCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        company = Organisation.objects.filter(pk=v.pop("company")).first()
        if company is None:
            raise ServiceError(
                gettext_lazy("Choose a company."),
                code="not_company",
                field="company",
            )
        row = services.candidate_create(actor=request.user, company=company, **v)
        return Response(CandidateSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CandidateMoveSerializer, responses={200: CandidateSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        body = CandidateMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        matched = None
        if body.validated_data["matched_request"]:
            matched = (
                selectors.guest_requests_visible_to(request.user)
                .filter(pk=body.validated_data["matched_request"])
                .first()
            )
        row = services.candidate_move(
            actor=request.user,
            candidate=target,
            stage=body.validated_data["stage"],
            matched_request=matched,
        )
        return Response(CandidateSerializer(row).data)

    @extend_schema(responses={200: IndicatorsSerializer})
    @action(detail=False, methods=["get"], pagination_class=None)
    def indicators(self, request: Request) -> Response:
        found = selectors.mediator_indicators(request.user)
        return Response(
            IndicatorsSerializer(
                {
                    "by_stage": found.by_stage,
                    "candidates": found.candidates,
                    "matches": found.matches,
                    "agreed_lessons": found.agreed_lessons,
                }
            ).data
        )


# ------------------------------------------------------------------ certificates, guest lessons,
# bookings: what the pages already did


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    class Meta:
        model = Certificate
        fields = [
            "id",
            "registration",
            "code",
            "teacher_name",
            "school_name",
            "offer_title",
            "provider_name",
            "session_start",
            "session_end",
            "issued_at",
            "is_revoked",
        ]
        read_only_fields = fields


class CertificateViewSet(PolicyReadOnlyViewSet):
    """Certificates of attended sessions the caller may see (own, school's, provider's)."""

    serializer_class = CertificateSerializer

    def get_queryset(self) -> Any:
        return selectors.certificates_visible_to(self.request.user).order_by("-pk")


class GuestLessonRequestSerializer(serializers.ModelSerializer[GuestLessonRequest]):
    class Meta:
        model = GuestLessonRequest
        fields = [
            "id",
            "school",
            "offer",
            "topic",
            "study_domain",
            "wished_period",
            "status",
            "matched_offer",
            "lesson_date",
            "agreed_at",
            "created_at",
        ]
        read_only_fields = fields


class GuestRequestCreateSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(allow_blank=True)
    offer = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    study_domain = serializers.PrimaryKeyRelatedField(
        queryset=StudyDomain.objects.all(), required=False, allow_null=True, default=None
    )
    wished_period = serializers.CharField(required=False, allow_blank=True, default="")


class GuestAgreeSerializer(serializers.Serializer[Any]):
    lesson_date = serializers.DateField()
    offer = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class GuestLessonRequestViewSet(PolicyReadOnlyViewSet):
    """Guest-lesson requests: schools ask, companies agree (a match) or decline."""

    serializer_class = GuestLessonRequestSerializer
    service_actions = {"agree": "agree", "decline": "decline", "cancel": "cancel"}

    def get_queryset(self) -> Any:
        return selectors.guest_requests_visible_to(self.request.user).order_by("-pk")

    @extend_schema(
        request=GuestRequestCreateSerializer, responses={201: GuestLessonRequestSerializer}
    )
    def create(self, request: Request) -> Response:
        body = GuestRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        school = _school(request, ("guide", "teacher", "technical_adviser", "platform_admin"))
        offer_id = v.pop("offer", None)
        offer = _visible_offer(request, offer_id) if offer_id else None
        row = services.guest_request_create(actor=request.user, school=school, offer=offer, **v)
        return Response(GuestLessonRequestSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GuestAgreeSerializer, responses={200: GuestLessonRequestSerializer})
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        body = GuestAgreeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer_id = body.validated_data.get("offer")
        offer = None
        if offer_id:
            offer = (
                selectors.offers_visible_to(request.user, "change")
                .filter(pk=offer_id, kind=OfferKind.GUEST_TEACHER)
                .first()
            )
        row = services.guest_request_agree(
            actor=request.user,
            request=target,
            lesson_date=body.validated_data["lesson_date"],
            offer=offer,
        )
        return Response(GuestLessonRequestSerializer(row).data)

    @extend_schema(request=None, responses={200: GuestLessonRequestSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        row = services.guest_request_close(
            actor=request.user, request=self.get_object(), decline=True
        )
        return Response(GuestLessonRequestSerializer(row).data)

    @extend_schema(request=None, responses={200: GuestLessonRequestSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        row = services.guest_request_close(
            actor=request.user, request=self.get_object(), decline=False
        )
        return Response(GuestLessonRequestSerializer(row).data)


class BookingSerializer(serializers.ModelSerializer[Booking]):
    class Meta:
        model = Booking
        fields = [
            "id",
            "offer",
            "school",
            "starts_at",
            "ends_at",
            "purpose",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer[Any]):
    offer = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(required=False, allow_blank=True, default="")


class BookingViewSet(PolicyReadOnlyViewSet):
    """Bookings of shared infrastructure: the school's own and those on the caller's offers."""

    serializer_class = BookingSerializer
    service_actions = {"cancel": "cancel"}

    def get_queryset(self) -> Any:
        return selectors.bookings_visible_to(self.request.user).order_by("-pk")

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request: Request) -> Response:
        body = BookingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        school = _school(request, ("guide", "teacher", "technical_adviser", "platform_admin"))
        row = services.booking_create(
            actor=request.user, school=school, offer=_visible_offer(request, v.pop("offer")), **v
        )
        return Response(BookingSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        row = services.booking_cancel(actor=request.user, booking=self.get_object())
        return Response(BookingSerializer(row).data)
