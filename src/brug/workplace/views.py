"""Pages of workplace learning. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.alerts import saved_searches_of
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import SavedSearchForm, form_add_service_error, form_service_post
from brug.core.i18n import gettext_lazy
from brug.core.paging import page_of
from brug.registry import geo
from brug.registry.models import Organisation, OrganisationKind, Site
from brug.registry.selectors import reference_list
from brug.workplace import forms as wf
from brug.workplace import models as m
from brug.workplace import selectors, services, views_guidance
from brug.workplace.alerts import opening_clean, opening_describe


def _require_any(request: HttpRequest, action: str, resource: str) -> None:
    if not policy.can_any(request.user, action, resource):
        raise NotAllowed()


def _my_organisations(request: HttpRequest, *roles: str) -> list[int]:
    return policy.organisations_of(request.user, roles=roles)


# ---------------------------------------------------------------- search (everyone)


def _search_learner(request: HttpRequest) -> m.Learner | None:
    """The learner a guide searches for (`?learner=`), only when the guide may apply for them."""
    raw = request.GET.get("learner", "")
    if not raw.isdigit() or not request.user.is_authenticated:
        return None
    learner = policy.visible_or_404(selectors.learners_visible_to(request.user), int(raw))
    if not policy.can(request.user, "create", m.Application(learner=learner)):
        raise NotAllowed()
    return learner


def _suggestion_links(
    request: HttpRequest, data_in: Any, found: selectors.SearchSuggestions | None
) -> list[tuple[str, str]]:
    """(href, label) per suggestion after an empty search; href "" for plain text."""
    if not found:
        return []

    def link(**changes: Any) -> str:
        params = data_in.copy()
        for key, value in changes.items():
            params[key] = value
        return "?" + str(params.urlencode())

    links: list[tuple[str, str]] = []
    if found.wider_radius_km:
        label = gettext_lazy(
            "Within {km} km: {n} openings", km=found.wider_radius_km, n=found.wider_count
        )
        links.append((link(radius=str(found.wider_radius_km)), str(label)))
    if found.full_count:
        label = gettext_lazy(
            "{n} full openings: the learner joins the candidates on the waiting list",
            n=found.full_count,
        )
        links.append((link(free_only=""), str(label)))
    for r in found.related or []:
        label = gettext_lazy("Related programme {name}: {n} openings", name=r.name, n=r.openings)
        links.append((link(programme=str(r.programme_id)), str(label)))
    for c in found.consultants or []:
        if c.name:
            label = gettext_lazy(
                "Sector consultant {name} ({organisation}) helps look: {email}",
                name=c.name,
                organisation=c.organisation,
                email=c.email,
            )
            links.append((f"mailto:{c.email}" if c.email else "", str(label)))
        else:
            label = gettext_lazy(
                "Sector fund {organisation} helps find learning workplaces",
                organisation=c.organisation,
            )
            links.append(("", str(label)))
    return links


def _save_form(request: HttpRequest, data_in: Any) -> SavedSearchForm | None:
    """The "save this search" form, for a person who may save searches."""
    if not policy.can_any(request.user, "create", "core.savedsearch"):
        return None
    params = {k: v for k, v in data_in.items() if k != "learner"}
    try:
        name = opening_describe(opening_clean(request.user, params))
    except ServiceError:
        return None
    return SavedSearchForm(
        initial={
            "kind": "workplace.opening",
            "criteria": urlencode(params),
            "name": name[:120],
            "mail": "none",
        }
    )


def search(request: HttpRequest) -> HttpResponse:
    learner = _search_learner(request)
    data_in = request.GET.copy()
    if learner is not None and not data_in.get("programme") and "place" not in data_in:
        # Opened from the learner's page: their programme and home municipality.
        data_in["programme"] = str(learner.programme_id)
        data_in["place"] = learner.home_municipality.name_nl
        data_in.setdefault("radius", "20")
    searched = any(k != "learner" for k in data_in)
    form = wf.SearchForm(data_in if searched else None)
    hits: list[selectors.OpeningHit] = []
    suggestions = None
    criteria = None
    if searched and form.is_valid():
        data = form.cleaned_data
        try:
            place = geo.resolve_place(data["place"]) if data["place"] else None
        except ServiceError:
            place = None
        if data["place"] and place is None:
            form.add_error(
                "place",
                str(gettext_lazy("Municipality or postcode not found.")),
            )
        else:
            criteria = selectors.SearchCriteria(
                programme_id=data["programme"].pk if data["programme"] else None,
                kind=data["kind"] or "",
                start_after=data["start_after"],
                free_only=bool(data["free_only"]),
                place=place,
                radius_km=data["radius"] if place else None,
                target_group=data["target_group"] or "",
                # A learner sees the openings with a place open to them (target-group places).
                learner=getattr(request.user, "learner_record", None),
            )
            hits = selectors.search_openings(request.user, criteria)
            if not hits:
                suggestions = selectors.search_suggestions(request.user, criteria)
    applied = (
        set(m.Application.objects.filter(learner=learner).values_list("opening_id", flat=True))
        if learner is not None
        else set()
    )
    context = {
        "form": form,
        "hits": hits,
        "searched": searched,
        "suggestions": suggestions,
        "learner": learner,
        "applied": applied,
        "save_form": _save_form(request, data_in) if criteria is not None else None,
        "suggestion_links": _suggestion_links(request, data_in, suggestions),
        "active_filters": sum(1 for k, v in data_in.items() if k != "learner" and v),
        "map": selectors.opening_map(hits) if hits else None,
    }
    template = "workplace/partials/search_results.html" if request.htmx else "workplace/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = policy.visible_or_404(selectors.openings_visible_to(request.user), pk)
    applications = list(
        selectors.applications_visible_to(request.user)
        .filter(opening=opening)
        .select_related("learner__programme", "learner__school")
        .order_by("rank", "pk")
    )
    names = selectors.first_names_for(
        request.user, [a.learner for a in applications], purpose="candidates of an opening"
    )
    may_place = policy.can(request.user, "change", opening)
    mentors = selectors.mentors_visible_to(request.user).filter(
        company=opening.company, is_active=True
    )
    return render(
        request,
        "workplace/opening_detail.html",
        {
            "opening": opening,
            "applications": [(a, names.get(a.learner_id, "")) for a in applications],
            "applications_page": applications,
            "may_place": may_place,
            "intake_form": wf.IntakeForm(),
            "placement_form": wf.PlacementForm(mentors=mentors),
            "placements": selectors.placements_visible_to(request.user).filter(opening=opening),
        },
    )


# ---------------------------------------------------------------- company


CANDIDATES_PER_PAGE = 50


@login_required
def company_home(request: HttpRequest) -> HttpResponse:
    companies = _my_organisations(request, "company_contact")
    if not companies:
        raise NotAllowed()
    openings = selectors.openings_visible_to(request.user).filter(company_id__in=companies)
    applications = Paginator(
        selectors.candidates_of_companies(request.user, companies), CANDIDATES_PER_PAGE
    ).get_page(request.GET.get("page"))
    names = selectors.first_names_for(
        request.user, [a.learner for a in applications], purpose="candidates"
    )
    # Most candidates of a page applied for one of a few openings: one address per opening.
    opening_urls = {
        pk: reverse("workplace:opening-detail", args=[pk])
        for pk in {a.opening_id for a in applications}
    }
    return render(
        request,
        "workplace/company.html",
        {
            "sites": policy.visible(
                request.user,
                Site.objects.filter(organisation_id__in=companies).select_related("municipality"),
            ),
            "recognitions": selectors.recognitions_visible_to(request.user).filter(
                company_id__in=companies
            ),
            "mentors": selectors.mentors_sensitive_read(
                request.user,
                list(selectors.mentors_visible_to(request.user).filter(company_id__in=companies)),
                fields=["criminal_record_checked_on"],
                purpose="company page",
            ),
            "openings": openings,
            "applications": [
                (a, names.get(a.learner_id, ""), opening_urls[a.opening_id]) for a in applications
            ],
            "applications_page": applications,
        },
    )


def _applicable_companies(request: HttpRequest) -> Any:
    """Companies the user may apply for: their own, and those that gave their organisation a mandate."""
    mine = policy.organisations_of(request.user)
    return Organisation.objects.filter(kind=OrganisationKind.COMPANY).filter(
        pk__in=[
            *mine,
            *m.Mandate.objects.filter(mandatee_id__in=mine, is_active=True).values_list(
                "company_id", flat=True
            ),
        ]
    )


@login_required
def recognition_new(request: HttpRequest) -> HttpResponse:
    _require_any(request, "create", "workplace.recognition")
    companies = _applicable_companies(request)
    sites = Site.objects.filter(organisation__in=companies)
    mentors = selectors.mentors_visible_to(request.user).filter(
        company__in=companies, is_active=True
    )
    form = wf.RecognitionForm(
        request.POST or None, companies=companies, sites=sites, mentors=mentors
    )

    def page() -> HttpResponse:
        return render(request, "workplace/recognition_form.html", {"form": form})

    if request.method != "POST":
        return page()

    def apply(data: dict[str, Any]) -> m.Recognition:
        recognition = services.recognition_apply(
            actor=request.user,
            company=data["company"],
            site=data["site"],
            programme=data["programme"],
            activities=data["activities"],
            mentors=list(data["mentors"]),
        )
        if "submit" in request.POST:
            services.recognition_submit(actor=request.user, recognition=recognition)
        return recognition

    return form_service_post(
        request,
        form,
        apply,
        done=gettext_lazy("Application saved."),
        success_url=lambda recognition: reverse(
            "workplace:recognition-detail", args=[recognition.pk]
        ),
        again=page,
    )


def _recognition_extra(request: HttpRequest, recognition: m.Recognition) -> dict[str, Any]:
    """The checklist link and the company's renewal request (recognition_views)."""
    renewal = m.Recognition(
        company_id=recognition.company_id,
        site_id=recognition.site_id,
        programme_id=recognition.programme_id,
        renews=recognition,
    )
    return {
        "may_conditions": policy.can(
            request.user, "view", m.RecognitionCondition(recognition=recognition)
        ),
        "may_renew": recognition.status == m.RecognitionStatus.APPROVED
        and policy.can(request.user, "create", renewal),
        "renewal_form": wf.RenewalForm(),
        "renewals": selectors.recognitions_visible_to(request.user).filter(renews=recognition),
    }


@login_required
def recognition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = policy.visible_or_404(selectors.recognitions_visible_to(request.user), pk)
    return render(
        request,
        "workplace/recognition_detail.html",
        {
            "recognition": recognition,
            "events": selectors.recognition_events(request.user, recognition),
            "mentors": selectors.mentors_visible_to(request.user).filter(recognitions=recognition),
            "may_submit": policy.can(request.user, "submit", recognition),
            "may_appeal": policy.can(request.user, "appeal", recognition),
            "may_review": policy.can(request.user, "review", recognition),
            "form": wf.TransitionForm(),
            **views_guidance.recognition_context(request, recognition),
            **_recognition_extra(request, recognition),
        },
    )


@login_required
@require_POST
def recognition_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    recognition = policy.visible_or_404(selectors.recognitions_visible_to(request.user), pk)
    form = wf.TransitionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason") or ""
    calls: dict[str, Callable[[], object]] = {
        "submit": lambda: services.recognition_submit(actor=request.user, recognition=recognition),
        "plan_visit": lambda: services.recognition_plan_visit(
            actor=request.user,
            recognition=recognition,
            on=form.cleaned_data.get("visit_on") or _today(),
            notes=reason,
        ),
        "approve": lambda: services.recognition_decide(
            actor=request.user, recognition=recognition, approve=True, reason=reason
        ),
        "refuse": lambda: services.recognition_decide(
            actor=request.user, recognition=recognition, approve=False, reason=reason
        ),
        "appeal": lambda: services.recognition_appeal(
            actor=request.user, recognition=recognition, reason=reason
        ),
        "renew": lambda: services.recognition_renew(actor=request.user, recognition=recognition),
        "suspend": lambda: services.recognition_suspend(
            actor=request.user, recognition=recognition, reason=reason
        ),
        "reinstate": lambda: services.recognition_reinstate(
            actor=request.user, recognition=recognition, reason=reason
        ),
        "withdraw": lambda: services.recognition_withdraw(
            actor=request.user, recognition=recognition, reason=reason
        ),
    }
    if name not in calls:
        raise Http404()
    try:
        calls[name]()
    except ServiceError as exc:
        form_add_service_error(form, exc)
        recognition.refresh_from_db()
        return render(
            request,
            "workplace/recognition_detail.html",
            {
                "recognition": recognition,
                "events": selectors.recognition_events(request.user, recognition),
                "mentors": selectors.mentors_visible_to(request.user).filter(
                    recognitions=recognition
                ),
                "may_submit": policy.can(request.user, "submit", recognition),
                "may_appeal": policy.can(request.user, "appeal", recognition),
                "may_review": policy.can(request.user, "review", recognition),
                "form": form,
                **_recognition_extra(request, recognition),
            },
            status=400,
        )
    messages.success(request, str(gettext_lazy("Done.")))
    return redirect("workplace:recognition-detail", pk=recognition.pk)


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


@login_required
def mentor_new(request: HttpRequest) -> HttpResponse:
    _require_any(request, "create", "workplace.mentor")
    companies = _applicable_companies(request)
    form = wf.MentorForm(request.POST or None, companies=companies)

    def page() -> HttpResponse:
        return render(request, "workplace/mentor_form.html", {"form": form})

    if request.method != "POST":
        return page()
    return form_service_post(
        request,
        form,
        lambda data: services.mentor_create(actor=request.user, **data),
        done=gettext_lazy("Mentor added."),
        success_url=lambda _mentor: reverse(
            "workplace:company" if _my_organisations(request, "company_contact") else "home"
        ),
        again=page,
    )


@login_required
@require_POST
def mentor_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = policy.visible_or_404(selectors.mentors_visible_to(request.user), pk)
    try:
        if mentor.is_active:
            services.mentor_deactivate(
                actor=request.user, mentor=mentor, reason=request.POST.get("reason", "")
            )
        else:
            services.mentor_reactivate(actor=request.user, mentor=mentor)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("workplace:company")


@login_required
def opening_new(request: HttpRequest) -> HttpResponse:
    _require_any(request, "create", "workplace.opening")
    workplaces = (
        selectors.recognitions_visible_to(request.user)
        .filter(company_id__in=_my_organisations(request, "company_contact", "platform_admin"))
        .filter(m.recognised_q())
    )
    initial = {"workplace": request.GET.get("workplace"), "publish": True, "days_per_week": 2}
    form = wf.OpeningForm(request.POST or None, workplaces=workplaces, initial=initial)

    def page() -> HttpResponse:
        return render(request, "workplace/opening_form.html", {"form": form})

    if request.method != "POST":
        return page()
    return form_service_post(
        request,
        form,
        lambda data: services.opening_create(actor=request.user, **data),
        done=gettext_lazy("Opening created."),
        success_url=lambda opening: reverse("workplace:opening-detail", args=[opening.pk]),
        again=page,
    )


@login_required
@require_POST
def application_intake(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.visible_or_404(selectors.applications_visible_to(request.user), pk)
    form = wf.IntakeForm(request.POST)
    if form.is_valid():
        try:
            services.application_record_intake(
                actor=request.user,
                application=application,
                accepted=form.cleaned_data["outcome"] == "accepted",
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
        else:
            messages.success(request, str(gettext_lazy("Intake recorded.")))
    return redirect("workplace:opening-detail", pk=application.opening_id)


@login_required
@require_POST
def placement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the placement for an (accepted) application."""
    application = policy.visible_or_404(selectors.applications_visible_to(request.user), pk)
    mentors = selectors.mentors_visible_to(request.user).filter(
        company_id=application.opening.company_id
    )
    form = wf.PlacementForm(request.POST, mentors=mentors)
    if form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_create(
                actor=request.user,
                opening=application.opening,
                learner=application.learner,
                mentor=data["mentor"],
                start=data["start"],
                end=data["end"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
        else:
            messages.success(request, str(gettext_lazy("Placement made.")))
            return redirect("workplace:placement-detail", pk=placement.pk)
    else:
        messages.error(request, str(gettext_lazy("Choose a mentor.")))
    return redirect("workplace:opening-detail", pk=application.opening_id)


@login_required
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = policy.visible_or_404(selectors.placements_visible_to(request.user), pk)
    return views_guidance.placement_page(request, placement)


@login_required
@require_POST
def progress_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(m.TrainingPlanItem.objects.select_related("plan", "competence"), pk=pk)
    if not selectors.training_plans_visible_to(request.user).filter(pk=item.plan_id).exists():
        raise Http404()
    form = wf.ProgressForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.training_plan_record_progress(
                actor=request.user,
                item=item,
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            error = str(exc.text)
    else:
        error = str(gettext_lazy("Choose a progress level."))
    item.refresh_from_db()
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "workplace/partials/plan_item.html",
            {
                "item": item,
                "may_record": True,
                "progress_form": wf.ProgressForm(),
                "error": error,
                "saved": error is None,
            },
        )
    if error:
        messages.error(request, error)
    return redirect("workplace:placement-detail", pk=item.plan.placement_id)


@login_required
@require_POST
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = policy.visible_or_404(selectors.placements_visible_to(request.user), pk)
    form = wf.EndForm(request.POST)
    if form.is_valid():
        try:
            services.placement_end(
                actor=request.user,
                placement=placement,
                early=form.cleaned_data["early"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
    return redirect("workplace:placement-detail", pk=placement.pk)


# ---------------------------------------------------------------- school guide


@login_required
def learners(request: HttpRequest) -> HttpResponse:
    schools = _my_organisations(request, "guide", "teacher", "platform_admin", "privacy_contact")
    _require_any(request, "view", "workplace.learner")
    if not schools:
        raise NotAllowed()
    qs = selectors.learners_with_status(request.user).filter(school_id__in=schools)
    without_place = request.GET.get("zonder_plaats") == "1"
    if without_place:
        qs = qs.filter(n_active_placements=0)  # type: ignore[misc]
    return render(
        request,
        "workplace/learners.html",
        {
            "learners": Paginator(qs.order_by("programme__name", "pseudonym"), 100).get_page(
                request.GET.get("page")
            ),
            "without_place": without_place,
            "may_create": policy.can_any(request.user, "create", "workplace.learner"),
            "applications": selectors.applications_visible_to(request.user).filter(
                learner__school_id__in=schools
            )[:200],
            "placements": selectors.placements_visible_to(request.user).filter(
                learner__school_id__in=schools
            )[:200],
        },
    )


@login_required
def learner_new(request: HttpRequest) -> HttpResponse:
    _require_any(request, "create", "workplace.learner")
    schools = _my_organisations(request, "guide")
    if not schools:
        raise NotAllowed()
    form = wf.LearnerForm(request.POST or None)

    def page() -> HttpResponse:
        return render(
            request,
            "workplace/learner_form.html",
            {"form": form, "routes_reference": reference_list("learning-routes")},
        )

    if request.method != "POST":
        return page()

    def register(data: dict[str, Any]) -> m.Learner:
        data = dict(data)
        data["ready"], data["willing"] = wf.advice(data["ready"]), wf.advice(data["willing"])
        return services.learner_register(
            actor=request.user, school=Organisation.objects.get(pk=schools[0]), **data
        )

    return form_service_post(
        request,
        form,
        register,
        done=gettext_lazy("Learner registered."),
        success_url=lambda learner: reverse("workplace:learner-detail", args=[learner.pk]),
        again=page,
    )


@login_required
def learner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    learner = policy.visible_or_404(selectors.learners_visible_to(request.user), pk)
    return views_guidance.learner_page(request, learner)


@login_required
@require_POST
def learner_apply(request: HttpRequest, pk: int) -> HttpResponse:
    learner = policy.visible_or_404(selectors.learners_visible_to(request.user), pk)
    openings = selectors.openings_visible_to(request.user)
    form = wf.ApplyForm(request.POST, openings=openings)
    return form_service_post(
        request,
        form,
        lambda data: services.application_submit(
            actor=request.user, learner=learner, opening=data["opening"], rank=data["rank"]
        ),
        done=gettext_lazy("Application submitted."),
        success_url=reverse("workplace:learner-detail", args=[learner.pk]),
        again=lambda: views_guidance.learner_page(request, learner, apply_form=form),
    )


# ---------------------------------------------------------------- reviewer, consultant, learner


REVIEW_PER_PAGE = 50


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_any(request, "review", "workplace.recognition")
    page = page_of(request, selectors.review_queue_recognitions(request.user), REVIEW_PER_PAGE)
    rows = selectors.review_queue_for(request.user, page.object_list)
    return render(request, "workplace/review_queue.html", {"rows": rows, "page": page})


@login_required
def consultant_home(request: HttpRequest) -> HttpResponse:
    funds = _my_organisations(request, "consultant")
    if not funds:
        raise NotAllowed()
    form = _contact_form(request)
    return render(request, "workplace/consultant.html", _consultant_context(request, form))


def _contact_form(request: HttpRequest, data: Any = None) -> wf.ContactForm:
    companies = policy.visible(
        request.user, Organisation.objects.filter(kind=OrganisationKind.COMPANY), "export"
    )
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL)
    return wf.ContactForm(data, companies=companies, schools=schools, initial={"on": _today()})


def _consultant_context(request: HttpRequest, form: wf.ContactForm) -> dict[str, Any]:
    return {
        # the sector's applications (export = the consultant's sector), not the public ones
        "recognitions": selectors.recognitions_visible_to(request.user, "export").order_by(
            "-created_at"
        )[:100],
        "companies": policy.visible(
            request.user, Organisation.objects.filter(kind=OrganisationKind.COMPANY), "export"
        ).order_by("name")[:100],
        "contacts": selectors.contacts_visible_to(request.user)[:100],
        "form": form,
        "save_form": _follow_form(request),
    }


def _follow_form(request: HttpRequest) -> SavedSearchForm | None:
    """'Alert me of new recognition requests in my sector', unless the person already follows."""
    if not policy.can_any(request.user, "create", "core.savedsearch"):
        return None
    if saved_searches_of(request.user).filter(kind="workplace.recognition").exists():
        return None
    name = gettext_lazy("New recognition requests in my sector")
    return SavedSearchForm(
        initial={"kind": "workplace.recognition", "criteria": "", "name": str(name)}
    )


@login_required
@require_POST
def contact_new(request: HttpRequest) -> HttpResponse:
    _require_any(request, "create", "workplace.contact")
    form = _contact_form(request, request.POST)
    saved = False
    if form.is_valid():
        try:
            services.contact_record(actor=request.user, **form.cleaned_data)
            saved = True
        except ServiceError as exc:
            form_add_service_error(form, exc)
    if request.htmx:  # type: ignore[attr-defined]
        fresh = _contact_form(request) if saved else form
        return render(
            request,
            "workplace/partials/field_log.html",
            {**_consultant_context(request, fresh), "saved": saved},
        )
    if saved:
        messages.success(request, str(gettext_lazy("Contact recorded.")))
        return redirect("workplace:consultant")
    return render(
        request, "workplace/consultant.html", _consultant_context(request, form), status=400
    )


@login_required
def my_trajectory(request: HttpRequest) -> HttpResponse:
    learner = (
        selectors.learners_visible_to(request.user).filter(user_id=request.user.pk or 0).first()
    )
    if learner is None:
        raise NotAllowed()
    placement = (
        selectors.placements_visible_to(request.user)
        .filter(learner=learner, status=m.PlacementStatus.ACTIVE)
        .first()
    )
    plan = (
        selectors.training_plans_visible_to(request.user).filter(placement=placement).first()
        if placement
        else None
    )
    return render(
        request,
        "workplace/my_trajectory.html",
        {
            "learner": learner,
            "applications": selectors.applications_visible_to(request.user).filter(learner=learner),
            "placement": placement,
            "plan": plan,
            "items": list(plan.items.select_related("competence")) if plan else [],
            "share": services.workplace_share(plan) if plan else None,
            "awaiting_feedback": views_guidance.awaiting_feedback(request, learner),
        },
    )
