"""InnoVET pages for professional development as it runs (issue 15): the VDAB 10-day scheme,
company placements for teachers, hybrid jobs, guest-teacher candidates, the technical
adviser's desk and the lateral-entry landing. Thin: parse input, call a selector or service."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from brug.accounts.models import Membership, User
from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_service_post
from brug.core.i18n import gettext_lazy
from brug.innovet import selectors, services
from brug.innovet.forms import (
    CandidateForm,
    HybridJobForm,
    PlacementForm,
    TenDayDecideForm,
    TenDayRequestForm,
)
from brug.innovet.models import (
    CandidateStage,
    GuestLessonRequest,
    GuestLessonStatus,
    OfferKind,
    OfferStatus,
    TenDayStatus,
    ten_day_year_choices,
)
from brug.registry.models import Organisation, OrganisationKind

PER_PAGE = 50
SCHOOL_SIDE = ("teacher", "guide", "technical_adviser", "platform_admin")


def _school_of(request: HttpRequest) -> Organisation | None:
    ids = policy.organisations_of(request.user, roles=SCHOOL_SIDE)
    return (
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.SCHOOL).order_by("pk").first()
        if ids
        else None
    )


def _teachers_for(request: HttpRequest, school: Organisation) -> Any:
    """The teachers the user may act for: themself as a teacher, every teacher of the school
    as its guide or technical adviser."""
    roles = policy.roles_of(request.user)
    teachers = Membership.objects.filter(
        organisation=school, role="teacher", is_active=True
    ).values("user_id")
    if not roles & {"guide", "technical_adviser", "platform_admin"}:
        teachers = teachers.filter(user_id=request.user.pk or 0)
    return User.objects.filter(pk__in=teachers, is_active=True).order_by("last_name", "pk")


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _date_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ------------------------------------------------------------------ 10-day scheme


@login_required
def ten_days(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "innovet.tendayrequest"):
        raise NotAllowed()
    school = _school_of(request)
    form: TenDayRequestForm | None = None

    def page() -> HttpResponse:
        rows = selectors.ten_day_requests_visible_to(request.user).order_by("-created_at", "-pk")
        awaiting = selectors.ten_day_awaiting_decision(request.user)
        return render(
            request,
            "innovet/ten_days.html",
            {
                "rows": _page(request, rows),
                "form": form,
                "awaiting": awaiting.count(),
                "eligible": ten_day_year_choices(eligible_only=True),
            },
            status=400 if form is not None and form.errors else 200,
        )

    if school is not None and policy.can_any(request.user, "create", "innovet.tendayrequest"):
        offers = selectors.offers_visible_to(request.user).filter(
            kind=OfferKind.VDAB_TEN_DAY, status=OfferStatus.PUBLISHED
        )
        initial = {"offer": request.GET["offer"]} if request.GET.get("offer", "").isdigit() else {}
        form = TenDayRequestForm(
            request.POST or None,
            offers=offers,
            teachers=_teachers_for(request, school),
            initial=initial,
        )
        if request.method == "POST":
            return form_service_post(
                request,
                form,
                lambda data: services.ten_day_request_create(
                    actor=request.user, school=school, **data
                ),
                done=gettext_lazy("Request sent to VDAB."),
                success_url=lambda created: reverse("innovet:ten-day-detail", args=[created.pk]),
                again=page,
            )
    return page()


@login_required
def ten_day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = policy.visible_or_404(selectors.ten_day_requests_visible_to(request.user), pk)
    return render(
        request,
        "innovet/ten_day_detail.html",
        {
            "r": row,
            "status": row.get_status_display(),
            "year": row.get_year_display(),
            "decide_form": TenDayDecideForm(),
            "days_left": row.days - row.days_held,
            "may": {
                action: policy.can(request.user, action, row)
                for action in ("decide", "intro", "record_day", "cancel")
            },
            "steps": [
                (TenDayStatus.REQUESTED, gettext_lazy("Request")),
                (TenDayStatus.APPROVED, gettext_lazy("VDAB approves")),
                (TenDayStatus.INTRO_DONE, gettext_lazy("Introduction session")),
                (TenDayStatus.RUNNING, gettext_lazy("Lesson days")),
                (TenDayStatus.COMPLETED, gettext_lazy("Completed")),
            ],
        },
    )


@login_required
@require_POST
def ten_day_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    row = policy.visible_or_404(selectors.ten_day_requests_visible_to(request.user), pk)
    try:
        if action in ("approve", "refuse"):
            form = TenDayDecideForm(request.POST)
            form.is_valid()
            data = form.cleaned_data
            services.ten_day_request_decide(
                actor=request.user,
                request=row,
                approve=action == "approve",
                intro_on=data.get("intro_on"),
                instructor_name=data.get("instructor_name") or "",
                note=data.get("note") or "",
            )
        elif action == "intro":
            services.ten_day_intro_record(
                actor=request.user,
                request=row,
                held_on=_date_or_none(request.POST.get("held_on", "")),
            )
        elif action == "day":
            services.ten_day_record_day(actor=request.user, request=row)
        elif action == "cancel":
            services.ten_day_request_cancel(actor=request.user, request=row)
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(gettext_lazy("Saved.")))
    return redirect("innovet:ten-day-detail", pk=row.pk)


# ------------------------------------------------------------------ company placements


@login_required
def placements(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "innovet.teacherplacement"):
        raise NotAllowed()
    school = _school_of(request)
    form: PlacementForm | None = None

    def page() -> HttpResponse:
        rows = selectors.placements_visible_to(request.user).order_by("-starts_on", "-pk")
        return render(
            request,
            "innovet/placements.html",
            {
                "rows": _page(request, rows),
                "form": form,
            },
            status=400 if form is not None and form.errors else 200,
        )

    if school is not None and policy.can_any(request.user, "create", "innovet.teacherplacement"):
        companies = Organisation.objects.filter(kind=OrganisationKind.COMPANY).order_by("name")
        form = PlacementForm(
            request.POST or None, companies=companies, teachers=_teachers_for(request, school)
        )
        if request.method == "POST":
            return form_service_post(
                request,
                form,
                lambda data: services.teacher_placement_create(
                    actor=request.user, school=school, **data
                ),
                done=gettext_lazy("Proposal sent to the company."),
                success_url=reverse("innovet:placements"),
                again=page,
            )
    return page()


@login_required
@require_POST
def placement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    row = policy.visible_or_404(selectors.placements_visible_to(request.user), pk)
    try:
        if action in ("agree", "decline"):
            services.teacher_placement_decide(
                actor=request.user,
                placement=row,
                agree=action == "agree",
                host_mentor=request.POST.get("host_mentor", ""),
            )
        elif action == "complete":
            services.teacher_placement_complete(actor=request.user, placement=row)
        elif action == "cancel":
            services.teacher_placement_cancel(actor=request.user, placement=row)
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(gettext_lazy("Saved.")))
    return redirect("innovet:placements")


def placement_certificate(request: HttpRequest, code: str) -> HttpResponse:
    placement = selectors.placement_by_certificate(code)
    return render(
        request,
        "innovet/placement_certificate.html",
        {"p": placement, "code": code},
        status=200 if placement is not None else 404,
    )


# ------------------------------------------------------------------ hybrid jobs


def _own_hybrid_organisation(request: HttpRequest) -> Organisation | None:
    own_ids = policy.organisations_of(
        request.user, roles=("company_contact", "guide", "technical_adviser")
    )
    return (
        Organisation.objects.filter(
            pk__in=own_ids, kind__in=(OrganisationKind.COMPANY, OrganisationKind.SCHOOL)
        )
        .order_by("pk")
        .first()
    )


@login_required
def hybrid_jobs(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "innovet.hybridjob"):
        raise NotAllowed()
    own = _own_hybrid_organisation(request)
    form: HybridJobForm | None = None

    def page() -> HttpResponse:
        side = request.GET.get("kant", "")
        rows = selectors.hybrid_jobs_visible_to(request.user).order_by("-created_at", "-pk")
        if side in ("offer", "request"):
            rows = rows.filter(side=side)
        return render(
            request,
            "innovet/hybrid_jobs.html",
            {
                "rows": _page(request, rows),
                "form": form,
                "own": own,
                "side": side,
            },
            status=400 if form is not None and form.errors else 200,
        )

    if own is not None and policy.can_any(request.user, "create", "innovet.hybridjob"):
        form = HybridJobForm(request.POST or None)
        if request.method == "POST":
            return form_service_post(
                request,
                form,
                lambda data: services.hybrid_job_create(
                    actor=request.user, organisation=own, **data
                ),
                done=gettext_lazy("Posted."),
                success_url=reverse("innovet:hybrid-jobs"),
                again=page,
            )
    return page()


@login_required
@require_POST
def hybrid_job_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    row = policy.visible_or_404(selectors.hybrid_jobs_visible_to(request.user), pk)
    try:
        if action in ("filled", "withdraw"):
            services.hybrid_job_close(actor=request.user, job=row, filled=action == "filled")
        elif action == "respond":
            own = _own_hybrid_organisation(request)
            if own is None:
                raise NotAllowed()
            services.hybrid_job_respond(
                actor=request.user,
                job=row,
                organisation=own,
                message=request.POST.get("message", ""),
            )
            messages.success(request, str(gettext_lazy("Response sent.")))
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("innovet:hybrid-jobs")


def lateral_entry(request: HttpRequest) -> HttpResponse:
    """The landing for lateral entrants: the catalogue filtered on their offers."""
    return redirect("/innovet/?zij=1")


# ------------------------------------------------------------------ guest-teacher candidates


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "innovet.guestteachercandidate"):
        raise NotAllowed()
    form: CandidateForm | None = None

    def page() -> HttpResponse:
        rows = selectors.candidates_visible_to(request.user).order_by("-created_at", "-pk")
        may_move = policy.can_any(request.user, "change", "innovet.guestteachercandidate")
        agreed = (
            selectors.guest_requests_visible_to(request.user)
            .filter(status=GuestLessonStatus.AGREED)
            .order_by("-agreed_at")[:100]
            if may_move
            else GuestLessonRequest.objects.none()
        )
        return render(
            request,
            "innovet/candidates.html",
            {
                "rows": _page(request, rows),
                "form": form,
                "indicators": selectors.mediator_indicators(request.user),
                "stages": CandidateStage.choices,
                "may_move": may_move,
                "agreed": agreed,
            },
            status=400 if form is not None and form.errors else 200,
        )

    if policy.can_any(request.user, "create", "innovet.guestteachercandidate"):
        roles = policy.roles_of(request.user)
        if roles & {"department_education", "platform_admin"}:
            companies = Organisation.objects.filter(kind=OrganisationKind.COMPANY)
        else:
            companies = Organisation.objects.filter(
                pk__in=policy.organisations_of(request.user, roles=("company_contact",)),
                kind=OrganisationKind.COMPANY,
            )
        form = CandidateForm(request.POST or None, companies=companies.order_by("name"))
        if request.method == "POST":
            return form_service_post(
                request,
                form,
                lambda data: services.candidate_create(actor=request.user, **data),
                done=gettext_lazy("Candidate added."),
                success_url=reverse("innovet:candidates"),
                again=page,
            )
    return page()


@login_required
@require_POST
def candidate_action(request: HttpRequest, pk: int) -> HttpResponse:
    row = policy.visible_or_404(selectors.candidates_visible_to(request.user), pk)
    matched = None
    if request.POST.get("matched_request", "").isdigit():
        matched = (
            selectors.guest_requests_visible_to(request.user)
            .filter(pk=int(request.POST["matched_request"]))
            .first()
        )
    try:
        services.candidate_move(
            actor=request.user,
            candidate=row,
            stage=request.POST.get("stage", ""),
            matched_request=matched,
        )
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("innovet:candidates")


# ------------------------------------------------------------------ the technical adviser


@login_required
def adviser_desk(request: HttpRequest) -> HttpResponse:
    ids = policy.organisations_of(request.user, roles=("technical_adviser", "guide"))
    school = (
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.SCHOOL).order_by("pk").first()
        if ids
        else None
    )
    if school is None:
        raise NotAllowed()
    desk = selectors.adviser_desk(request.user, school)
    return render(
        request,
        "innovet/adviser_desk.html",
        {
            "desk": desk,
        },
    )
