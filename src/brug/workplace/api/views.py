"""API of workplace learning: reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.api.params import query_int
from brug.core.api.views import PolicyReadOnlyViewSet
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.registry import geo
from brug.registry.models import Municipality, Organisation, Programme, Site
from brug.workplace import models as m
from brug.workplace import selectors, services
from brug.workplace.api import serializers as s


def _get(model: type[Model], pk: Any, field: str, user: Any = None) -> Any:
    """The object with this id; with `user`, only if they may see it (else the same refusal)."""
    rows = model._default_manager.filter(pk=pk)
    if user is not None:
        rows = policy.visible(user, rows)
    obj = rows.first()
    if obj is None:
        raise ServiceError(gettext_lazy("Not found."), code="not_found", field=field)
    return obj


class RecognitionViewSet(PolicyReadOnlyViewSet):
    service_actions = {"transition": "submit|appeal|review"}
    serializer_class = s.RecognitionSerializer

    def get_queryset(self) -> Any:
        return selectors.recognitions_visible_to(self.request.user)

    @extend_schema(request=s.RecognitionApplySerializer, responses={201: s.RecognitionSerializer})
    def create(self, request: Request) -> Response:
        data = s.RecognitionApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        recognition = services.recognition_apply(
            actor=request.user,
            company=_get(Organisation, v["company"], "company"),
            site=_get(Site, v["site"], "site"),
            programme=_get(Programme, v["programme"], "programme"),
            activities=v["activities"],
            mentors=list(m.Mentor.objects.filter(pk__in=v.get("mentors", []))),
        )
        if v["submit"]:
            services.recognition_submit(actor=request.user, recognition=recognition)
        return Response(s.RecognitionSerializer(recognition).data, status=201)

    @extend_schema(
        request=s.RecognitionTransitionSerializer, responses={200: s.RecognitionSerializer}
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        recognition = self.get_object()
        data = s.RecognitionTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        name, reason, user = v["name"], v["reason"], request.user
        if name == "submit":
            services.recognition_submit(actor=user, recognition=recognition)
        elif name == "plan_visit":
            services.recognition_plan_visit(
                actor=user,
                recognition=recognition,
                on=v.get("visit_on") or timezone.localdate(),
                notes=reason,
            )
        elif name in ("approve", "refuse"):
            services.recognition_decide(
                actor=user, recognition=recognition, approve=name == "approve", reason=reason
            )
        elif name == "appeal":
            services.recognition_appeal(actor=user, recognition=recognition, reason=reason)
        elif name == "renew":
            services.recognition_renew(actor=user, recognition=recognition)
        elif name == "suspend":
            services.recognition_suspend(actor=user, recognition=recognition, reason=reason)
        elif name == "reinstate":
            services.recognition_reinstate(actor=user, recognition=recognition, reason=reason)
        else:
            services.recognition_withdraw(actor=user, recognition=recognition, reason=reason)
        recognition.refresh_from_db()
        return Response(s.RecognitionSerializer(recognition).data)


class MentorViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.MentorSerializer

    def get_queryset(self) -> Any:
        return selectors.mentors_visible_to(self.request.user)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # Every answer that shows mentors shows their birth date and criminal-record check
        # date: log those reads, one statement per page.
        if args and args[0] is not None:
            many = bool(kwargs.get("many"))
            mentors = list(args[0]) if many else [args[0]]
            selectors.mentors_sensitive_read(
                self.request.user,
                mentors,
                fields=selectors.MENTOR_SENSITIVE_FIELDS,
                purpose="api",
            )
            args = (mentors if many else mentors[0], *args[1:])
        return super().get_serializer(*args, **kwargs)

    def create(self, request: Request) -> Response:
        data = s.MentorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mentor = services.mentor_create(actor=request.user, **data.validated_data)
        return Response(s.MentorSerializer(mentor).data, status=201)


class OpeningViewSet(PolicyReadOnlyViewSet):
    """Openings; `?place=9000&radius=10` sorts by distance (5, 10, 20 or 50 km)."""

    serializer_class = s.OpeningSerializer

    def get_queryset(self) -> Any:
        return selectors.openings_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        if not any(k in params for k in ("place", "programme", "kind", "radius")):
            return super().list(request, *args, **kwargs)
        place = geo.resolve_place(params.get("place", "")) if params.get("place") else None
        if params.get("place") and place is None:
            raise ServiceError(
                gettext_lazy("Municipality or postcode not found."),
                code="place",
                field="place",
            )
        radius = query_int(params, "radius", low=0, high=1000)
        if radius is not None and radius not in selectors.DISTANCES_KM:
            raise ServiceError(
                gettext_lazy("Choose 5, 10, 20 or 50 km."),
                code="radius",
                field="radius",
            )
        criteria = selectors.SearchCriteria(
            programme_id=query_int(params, "programme"),
            kind=params.get("kind", ""),
            place=place,
            radius_km=radius,
        )
        hits = selectors.search_openings(request.user, criteria)
        for hit in hits:
            hit.opening.distance_km = hit.distance_km  # type: ignore[attr-defined]
        return Response(s.OpeningSerializer([h.opening for h in hits], many=True).data)

    @extend_schema(request=s.OpeningCreateSerializer, responses={201: s.OpeningSerializer})
    def create(self, request: Request) -> Response:
        data = s.OpeningCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["workplace"] = _get(m.Recognition, v["workplace"], "workplace", request.user)
        opening = services.opening_create(actor=request.user, **v)
        return Response(s.OpeningSerializer(opening).data, status=201)


class LearnerViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.LearnerSerializer

    def get_queryset(self) -> Any:
        return selectors.learners_visible_to(self.request.user)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # The screening and the support-need flag only for those the matrix allows (the
        # school); per object.
        instance = args[0] if args else None
        if isinstance(instance, m.Learner) and not kwargs.get("many"):
            # Reads of the support-need flag are logged (selectors.support_need_read).
            selectors.support_need_read(self.request.user, [instance], purpose="api")
            return learner_serializer(self.request.user, instance)(instance, **kwargs)
        if kwargs.get("many") and instance is not None:
            return _LearnerList(instance, self.request.user)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=s.LearnerRegisterSerializer, responses={201: s.LearnerSerializer})
    def create(self, request: Request) -> Response:
        data = s.LearnerRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["school"] = _get(Organisation, v["school"], "school")
        v["programme"] = _get(Programme, v["programme"], "programme")
        v["home_municipality"] = _get(Municipality, v["home_municipality"], "home_municipality")
        learner = services.learner_register(actor=request.user, **v)
        return Response(s.LearnerSchoolSerializer(learner).data, status=201)


def learner_serializer(user: RequestUser, learner: m.Learner) -> type[s.LearnerSerializer]:
    """What this user may see of this learner: the school sees the class council's screening
    (`view_screening`) and the guide the support-need flag (`view_support_need`); a company
    sees only what the intake needs."""
    if policy.can(user, "view_support_need", learner):
        return s.LearnerSchoolSerializer
    if policy.can(user, "view_screening", learner):
        return s.LearnerScreeningSerializer
    return s.LearnerSerializer


class _LearnerList:
    """Serialises a list, choosing per learner what may be shown (`learner_serializer`)."""

    def __init__(self, learners: Any, user: RequestUser) -> None:
        self.learners, self.user = learners, user

    @property
    def data(self) -> list[Any]:
        learners = list(self.learners)
        # One read-log statement for the support-need flags shown on this page.
        selectors.support_need_read(self.user, learners, purpose="api")
        return [learner_serializer(self.user, x)(x).data for x in learners]


class ApplicationViewSet(PolicyReadOnlyViewSet):
    service_actions = {"intake": "intake", "withdraw": "withdraw"}
    serializer_class = s.ApplicationSerializer

    def get_queryset(self) -> Any:
        return selectors.applications_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        data = s.ApplicationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        application = services.application_submit(
            actor=request.user, learner=v["learner"], opening=v["opening"], rank=v.get("rank")
        )
        return Response(s.ApplicationSerializer(application).data, status=201)

    @extend_schema(request=s.IntakeSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def intake(self, request: Request, pk: str | None = None) -> Response:
        data = s.IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_record_intake(
            actor=request.user, application=self.get_object(), **data.validated_data
        )
        return Response(s.ApplicationSerializer(application).data)

    @extend_schema(request=None, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        application = services.application_withdraw(
            actor=request.user, application=self.get_object()
        )
        return Response(s.ApplicationSerializer(application).data)


class PlacementViewSet(PolicyReadOnlyViewSet):
    service_actions = {"end": "end"}
    serializer_class = s.PlacementSerializer

    def get_queryset(self) -> Any:
        return selectors.placements_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        data = s.PlacementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        placement = services.placement_create(
            actor=request.user,
            opening=v["opening"],
            learner=v["learner"],
            mentor=v["mentor"],
            start=v.get("start"),
            end=v.get("end"),
        )
        return Response(s.PlacementSerializer(placement).data, status=201)

    @extend_schema(request=s.EndSerializer, responses={200: s.PlacementSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        data = s.EndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        placement = services.placement_end(
            actor=request.user, placement=self.get_object(), **data.validated_data
        )
        return Response(s.PlacementSerializer(placement).data)


class TrainingPlanViewSet(PolicyReadOnlyViewSet):
    service_actions = {"progress": "record_progress"}
    serializer_class = s.TrainingPlanSerializer

    def get_queryset(self) -> Any:
        return selectors.training_plans_visible_to(self.request.user).prefetch_related(
            "items__competence"
        )

    @extend_schema(request=s.ProgressSerializer, responses={200: s.TrainingPlanSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        data = s.ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = _get(m.TrainingPlanItem, data.validated_data["item"], "item")
        if item.plan_id != plan.pk:
            raise ServiceError(
                gettext_lazy("This item is not part of this plan."),
                code="item",
                field="item",
            )
        services.training_plan_record_progress(
            actor=request.user,
            item=item,
            progress=data.validated_data["progress"],
            note=data.validated_data["note"],
        )
        return Response(s.TrainingPlanSerializer(plan).data)


class ContactViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.ContactSerializer

    def get_queryset(self) -> Any:
        return selectors.contacts_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        data = s.ContactSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        contact = services.contact_record(
            actor=request.user,
            company=v["company"],
            school=v.get("school"),
            kind=v["kind"],
            purpose=v["purpose"],
            on=v["on"],
            notes=v.get("notes", ""),
        )
        return Response(s.ContactSerializer(contact).data, status=201)
