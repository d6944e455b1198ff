"""API of workplace learning: reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.api.params import query_int
from brug.core.api.views import PolicyReadOnlyViewSet, api_object, create_through_service
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.registry import geo
from brug.registry.models import Municipality, Organisation, Programme, Site
from brug.workplace import models as m
from brug.workplace import quality, selectors, services
from brug.workplace.agreement_pdf import agreement_pdf
from brug.workplace.api import serializers as s


class RecognitionViewSet(PolicyReadOnlyViewSet):
    service_actions = {
        "transition": "submit|appeal|review",
        "quality": "view_quality",
        "renewal": "create",
    }
    serializer_class = s.RecognitionSerializer

    def get_queryset(self) -> Any:
        return selectors.recognitions_visible_to(self.request.user).prefetch_related("mentors")

    @extend_schema(request=s.RecognitionApplySerializer, responses={201: s.RecognitionSerializer})
    def create(self, request: Request) -> Response:
        data = s.RecognitionApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        recognition = services.recognition_apply(
            actor=request.user,
            company=api_object(Organisation, v["company"], "company"),
            site=api_object(Site, v["site"], "site"),
            programme=api_object(Programme, v["programme"], "programme"),
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

    @extend_schema(responses={200: s.QualitySerializer})
    @action(detail=True, methods=["get"])
    def quality(self, request: Request, pk: str | None = None) -> Response:
        """The workplace's quality signals (issue 14): exact for the sector consultant and the
        reviewer; for the company aggregates only, small cells suppressed (`null`)."""
        signals = quality.quality_for(request.user, self.get_object())
        return Response(s.QualitySerializer(signals).data)

    @extend_schema(request=s.RenewalRequestSerializer, responses={201: s.RecognitionSerializer})
    @action(detail=True, methods=["post"])
    def renewal(self, request: Request, pk: str | None = None) -> Response:
        """The company asks to renew a valid recognition: a new application linked to it."""
        recognition = self.get_object()
        data = s.RenewalRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        renewal = services.recognition_renewal_request(
            actor=request.user,
            recognition=recognition,
            activities=data.validated_data["activities"],
        )
        return Response(s.RecognitionSerializer(renewal).data, status=201)


def _recognition_named(request: Request, pk: int) -> m.Recognition:
    """The recognition a request body names, if the caller may see it; else 404."""
    recognition = selectors.recognitions_visible_to(request.user).filter(pk=pk).first()
    if recognition is None:
        raise NotFound()
    return recognition


def _of_recognition(qs: Any, request: Request) -> Any:
    """A list narrowed to one recognition's rows by `?recognition=` (all rows without it)."""
    recognition = query_int(request.query_params, "recognition")
    return qs if recognition is None else qs.filter(recognition_id=recognition)


class RecognitionConditionViewSet(PolicyReadOnlyViewSet):
    """The checklist of recognitions (`?recognition=`): evidence by the company, verdict by
    the reviewer."""

    service_actions = {"evidence": "change", "verdict": "review"}
    serializer_class = s.RecognitionConditionSerializer

    def get_queryset(self) -> Any:
        qs = selectors.conditions_visible_to(self.request.user).order_by("recognition_id", "pk")
        return _of_recognition(qs, self.request)

    @extend_schema(
        request=s.ConditionEvidenceSerializer, responses={200: s.RecognitionConditionSerializer}
    )
    @action(detail=False, methods=["post"])
    def evidence(self, request: Request) -> Response:
        data = s.ConditionEvidenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        recognition = _recognition_named(request, v["recognition"])
        condition = services.condition_evidence_record(
            actor=request.user,
            recognition=recognition,
            kind=v["kind"],
            evidence=v["evidence"],
            evidence_file=v["evidence_file"],
        )
        return Response(s.RecognitionConditionSerializer(condition).data)

    @extend_schema(
        request=s.ConditionVerdictSerializer, responses={200: s.RecognitionConditionSerializer}
    )
    @action(detail=True, methods=["post"])
    def verdict(self, request: Request, pk: str | None = None) -> Response:
        condition = self.get_object()
        data = s.ConditionVerdictSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        condition = services.condition_verdict_record(
            actor=request.user,
            recognition=condition.recognition,
            kind=condition.kind,
            verdict=data.validated_data["verdict"],
            note=data.validated_data["note"],
        )
        return Response(s.RecognitionConditionSerializer(condition).data)


class SiteVisitViewSet(PolicyReadOnlyViewSet):
    """Site visits of recognitions (`?recognition=`)."""

    serializer_class = s.SiteVisitSerializer

    def get_queryset(self) -> Any:
        qs = selectors.site_visits_visible_to(self.request.user)
        return _of_recognition(qs, self.request)

    @extend_schema(request=s.SiteVisitCreateSerializer, responses={201: s.SiteVisitSerializer})
    def create(self, request: Request) -> Response:
        data = s.SiteVisitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        recognition = _recognition_named(request, v["recognition"])
        visit = services.site_visit_record(
            actor=request.user,
            recognition=recognition,
            on=v["on"],
            visitor_name=v["visitor_name"],
            findings=v["findings"],
        )
        return Response(s.SiteVisitSerializer(visit).data, status=201)


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
        return create_through_service(
            request, serializer=s.MentorSerializer, service=services.mentor_create
        )


class OpeningViewSet(PolicyReadOnlyViewSet):
    """Openings; `?place=9000&radius=10` sorts by distance (5, 10, 20 or 50 km)."""

    serializer_class = s.OpeningSerializer

    def get_queryset(self) -> Any:
        return selectors.openings_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        params = request.query_params
        if not any(
            k in params
            for k in ("place", "programme", "kind", "radius", "target_group", "for_learner")
        ):
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
                gettext_lazy(
                    "Choose a distance from {choices} km.",
                    choices=", ".join(str(km) for km in selectors.DISTANCES_KM),
                ),
                code="radius",
                field="radius",
            )
        target_group = params.get("target_group", "")
        if target_group and target_group not in m.TargetGroup.values:
            raise ServiceError(
                gettext_lazy("Unknown target group."),
                code="target_group",
                field="target_group",
            )
        learner_id = query_int(params, "for_learner")
        learner = None
        if learner_id is not None:
            learner = selectors.learners_visible_to(request.user).filter(pk=learner_id).first()
            if learner is None:
                raise NotFound()
        criteria = selectors.SearchCriteria(
            programme_id=query_int(params, "programme"),
            kind=params.get("kind", ""),
            place=place,
            radius_km=radius,
            target_group=target_group,
            learner=learner,
            free_only=True,
        )
        hits = selectors.search_openings(request.user, criteria)
        for hit in hits:
            hit.opening.distance_km = hit.distance_km  # type: ignore[attr-defined]
        return Response(s.OpeningSerializer([h.opening for h in hits], many=True).data)

    @extend_schema(request=s.OpeningCreateSerializer, responses={201: s.OpeningSerializer})
    def create(self, request: Request) -> Response:
        return create_through_service(
            request,
            serializer=s.OpeningCreateSerializer,
            service=services.opening_create,
            lookups={"workplace": ("workplace", m.Recognition)},
            response=s.OpeningSerializer,
        )


class LearnerViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.LearnerSerializer

    def get_queryset(self) -> Any:
        learners = selectors.learners_visible_to(self.request.user).prefetch_related(
            "start_up_trajectories"
        )
        if self.action == "list":
            # The list shows the school, programme and municipality as ids: no joined rows.
            learners = learners.select_related(None)
        return learners

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
        v["school"] = api_object(Organisation, v["school"], "school")
        v["programme"] = api_object(Programme, v["programme"], "programme")
        v["home_municipality"] = api_object(
            Municipality, v["home_municipality"], "home_municipality"
        )
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
        # One read-log statement for the support-need flags shown on this page; those
        # learners get the school's serializer without asking the matrix again.
        shown = {x.pk for x in selectors.support_need_read(self.user, learners, purpose="api")}
        # One serializer per kind, reused for every row: building a ModelSerializer's fields
        # is most of its cost, and it was paid once per learner.
        kinds: dict[type[s.LearnerSerializer], s.LearnerSerializer] = {}
        rows = []
        for x in learners:
            kind = s.LearnerSchoolSerializer if x.pk in shown else learner_serializer(self.user, x)
            serializer = kinds.get(kind)
            if serializer is None:
                serializer = kinds[kind] = kind()
            rows.append(serializer.to_representation(x))
        return rows


APPLICATION_LIST_COLUMNS = (
    *(f for f in s.ApplicationSerializer.Meta.fields if f != "learner_pseudonym"),
    "learner__pseudonym",
)


class ApplicationViewSet(PolicyReadOnlyViewSet):
    service_actions = {"intake": "intake", "withdraw": "withdraw"}
    serializer_class = s.ApplicationSerializer

    def get_queryset(self) -> Any:
        applications = selectors.applications_visible_to(self.request.user)
        if self.action == "list":
            # The list shows the learner's pseudonym and ids: not the seven joined rows (opening,
            # company, site, municipality, programmes) the selector brings for the pages.
            applications = (
                applications.select_related(None)
                .select_related("learner")
                .only(*APPLICATION_LIST_COLUMNS)
            )
        return applications

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
        return selectors.placements_visible_to(self.request.user).select_related("agreement")

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
        item = api_object(m.TrainingPlanItem, data.validated_data["item"], "item")
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


# ---------------------------------------------------------------- issue 14: the agreement,
# trajectory guidance, the quality of learning workplaces


def _terms(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": v["kind"],
        "days_per_week": v["days_per_week"],
        "hours_per_week": v["hours_per_week"],
        "allowance_per_month": v["allowance_per_month"],
        "insurer": v["insurer"],
    }


class LearningAgreementViewSet(PolicyReadOnlyViewSet):
    service_actions = {"consent": "consent"}
    serializer_class = s.LearningAgreementSerializer

    def get_queryset(self) -> Any:
        return quality.agreements_visible_to(self.request.user).order_by("-pk")

    def create(self, request: Request) -> Response:
        return create_through_service(
            request,
            serializer=s.LearningAgreementSerializer,
            service=services.learning_agreement_create,
            lookups={"placement_id": ("placement", m.Placement)},
            prepare=lambda v: {"placement": v["placement"], **_terms(v)},
        )

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        agreement = self.get_object()
        current = s.LearningAgreementSerializer(agreement).data
        data = s.LearningAgreementSerializer(data={**current, **request.data})
        data.is_valid(raise_exception=True)
        agreement = services.learning_agreement_update(
            actor=request.user, agreement=agreement, **_terms(data.validated_data)
        )
        return Response(s.LearningAgreementSerializer(agreement).data)

    @extend_schema(request=s.ConsentSerializer, responses={200: s.LearningAgreementSerializer})
    @action(detail=True, methods=["post"])
    def consent(self, request: Request, pk: str | None = None) -> Response:
        data = s.ConsentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = self.get_object()
        services.learning_agreement_consent(
            actor=request.user, agreement=agreement, **data.validated_data
        )
        agreement.refresh_from_db()
        return Response(s.LearningAgreementSerializer(agreement).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        agreement = self.get_object()
        response = HttpResponse(
            agreement_pdf(request.user, agreement), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="overeenkomst-{agreement.pk}.pdf"'
        return response


class TrajectoryAdviceViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.TrajectoryAdviceSerializer

    def get_queryset(self) -> Any:
        return quality.advice_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        return create_through_service(
            request,
            serializer=s.TrajectoryAdviceSerializer,
            service=services.trajectory_advice_record,
            lookups={"learner_id": ("learner", m.Learner)},
        )


class StartUpTrajectoryViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.StartUpTrajectorySerializer

    def get_queryset(self) -> Any:
        return quality.start_up_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        return create_through_service(
            request,
            serializer=s.StartUpTrajectorySerializer,
            service=services.start_up_trajectory_save,
            lookups={"learner_id": ("learner", m.Learner)},
        )

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        trajectory = self.get_object()
        current = s.StartUpTrajectorySerializer(trajectory).data
        data = s.StartUpTrajectorySerializer(data={**current, **request.data})
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v.pop("learner_id")
        trajectory = services.start_up_trajectory_save(
            actor=request.user, learner=trajectory.learner, trajectory=trajectory, **v
        )
        return Response(s.StartUpTrajectorySerializer(trajectory).data)


class GuidanceEntryViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.GuidanceEntrySerializer

    def get_queryset(self) -> Any:
        return quality.guidance_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        return create_through_service(
            request,
            serializer=s.GuidanceEntrySerializer,
            service=services.guidance_record,
            lookups={"placement_id": ("placement", m.Placement)},
            prepare=_guidance_progress,
        )


def _guidance_progress(values: dict[str, Any]) -> dict[str, Any]:
    """The body's `progress` ({item id: level}) with integer item ids."""
    try:
        progress = {int(k): str(level) for k, level in values.pop("progress", {}).items()}
    except ValueError as exc:
        raise ServiceError(
            gettext_lazy("Unknown training-plan item."),
            code="progress",
            field="progress",
        ) from exc
    return {**values, "progress": progress}


class WorkplaceFeedbackViewSet(PolicyReadOnlyViewSet):
    serializer_class = s.WorkplaceFeedbackSerializer

    def get_queryset(self) -> Any:
        return quality.feedback_visible_to(self.request.user)

    def create(self, request: Request) -> Response:
        return create_through_service(
            request,
            serializer=s.WorkplaceFeedbackSerializer,
            service=services.workplace_feedback_give,
            lookups={"placement_id": ("placement", m.Placement)},
        )
