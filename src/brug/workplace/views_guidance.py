"""The placement page and the learner page, with the sections of issue 14: the agreement,
trajectory guidance, feedback and quality signals.

Both pages live here (`placement_page`, `learner_page`) beside the POST handlers that show them
again with a refused form; views.py serves their GET addresses and the recognition page adds
`recognition_context`. Each POST handler is one `form_service_post`: form, service, the
refusal on the form, redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.errors import NotAllowed
from brug.core.forms import form_service_post
from brug.core.i18n import gettext_lazy
from brug.workplace import forms as wf
from brug.workplace import forms_guidance as gf
from brug.workplace import models as m
from brug.workplace import quality, selectors, services
from brug.workplace.agreement_pdf import agreement_pdf

QUALITY_PER_PAGE = 25
GUIDANCE_SHOWN = 100  # per placement, newest first
ADVICE_SHOWN = 50  # per learner, newest first


def _agreement_of(request: HttpRequest, placement: m.Placement) -> m.LearningAgreement | None:
    return quality.agreements_visible_to(request.user).filter(placement=placement).first()


def placement_context(
    request: HttpRequest, placement: m.Placement, items: list[Any], **forms: Any
) -> dict[str, Any]:
    """The agreement, its consents, the guidance log and the feedback of one placement."""
    user = request.user
    agreement = _agreement_of(request, placement)
    probe = agreement or m.LearningAgreement(placement=placement)
    may_edit = (
        policy.can(user, "change", agreement)
        if agreement
        else policy.can(user, "create", probe) and placement.status == m.PlacementStatus.ACTIVE
    )
    consents = list(agreement.consents.all()) if agreement else []
    open_parties: list[str] = []
    if agreement and not agreement.is_signed and policy.can(user, "consent", agreement):
        given = {c.party for c in consents}
        mine = services.sides_of(user, agreement)
        open_parties = [
            p for p in services.required_parties(agreement) if p not in given and p in mine
        ]
    entry_probe = m.GuidanceEntry(placement=placement)
    plan_items = [i for i in items if placement.status == m.PlacementStatus.ACTIVE]
    feedback_probe = m.WorkplaceFeedback(
        placement=placement,
        respondent="learner" if placement.learner.user_id == user.pk else "school",
    )
    may_feedback = (
        placement.status != m.PlacementStatus.ACTIVE
        and policy.can(user, "create", feedback_probe)
        and not m.WorkplaceFeedback.objects.filter(
            placement=placement, respondent=feedback_probe.respondent
        ).exists()
    )
    initial = (
        {
            "kind": agreement.kind,
            "days_per_week": agreement.days_per_week,
            "hours_per_week": agreement.hours_per_week,
            "allowance_per_month": agreement.allowance_per_month,
            "insurer": agreement.insurer,
        }
        if agreement
        else {"days_per_week": placement.opening.days_per_week, "insurer": "school"}
    )
    return {
        "agreement": agreement,
        "agreement_status": services.agreement_status(agreement),
        "consent_rows": [
            (str(m.PARTY_LABELS[p]), next((c for c in consents if c.party == p), None))
            for p in services.required_parties(agreement)
        ]
        if agreement
        else [],
        "may_edit_agreement": may_edit and not (agreement and agreement.is_signed),
        "agreement_form": forms.get("agreement_form") or gf.AgreementForm(initial=initial),
        "consent_form": forms.get("consent_form")
        or (gf.ConsentForm(parties=open_parties) if open_parties else None),
        "guidance": list(
            quality.guidance_visible_to(user)
            .filter(placement=placement)
            .order_by("-on", "-pk")[:GUIDANCE_SHOWN]
        ),
        "may_guide": policy.can(user, "create", entry_probe),
        "guidance_form": forms.get("guidance_form") or gf.GuidanceForm(items=plan_items),
        "may_feedback": may_feedback,
        "feedback_form": forms.get("feedback_form") or gf.FeedbackForm(),
        "feedback_given": list(quality.feedback_visible_to(user).filter(placement=placement)),
    }


def awaiting_feedback(request: HttpRequest, learner: m.Learner) -> list[m.Placement]:
    """The learner's ended placements without the learner's feedback yet (my trajectory)."""
    return list(
        selectors.placements_visible_to(request.user)
        .filter(learner=learner)
        .exclude(status=m.PlacementStatus.ACTIVE)
        .exclude(feedback__respondent="learner")
        .order_by("-end", "-pk")[:10]
    )


def placement_page(request: HttpRequest, placement: m.Placement, **forms: Any) -> HttpResponse:
    """The placement with its plan, and the agreement and guidance sections (issue 14);
    `forms`: a refused form shown again with its errors."""
    plan = selectors.training_plans_visible_to(request.user).filter(placement=placement).first()
    items = list(plan.items.select_related("competence")) if plan else []
    return render(
        request,
        "workplace/placement_detail.html",
        {
            "placement": placement,
            "plan": plan,
            "items": items,
            "share": services.workplace_share(plan) if plan else None,
            "may_record": plan is not None and policy.can(request.user, "record_progress", plan),
            "may_end": policy.can(request.user, "end", placement),
            "progress_form": wf.ProgressForm(),
            "end_form": wf.EndForm(),
            "first_name": (
                selectors.learner_identity_for(request.user, placement.learner, purpose="placement")
                or {}
            ).get("first_name", ""),
            **placement_context(request, placement, items, **forms),
        },
    )


def _placement_url(placement: m.Placement) -> str:
    return reverse("workplace:placement-detail", kwargs={"pk": placement.pk})


def _learner_url(learner: m.Learner) -> str:
    return reverse("workplace:learner-detail", kwargs={"pk": learner.pk})


def _placement(request: HttpRequest, pk: int) -> m.Placement:
    return policy.visible_or_404(selectors.placements_visible_to(request.user), pk)


@login_required
@require_POST
def agreement_save(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    form = gf.AgreementForm(request.POST)

    def save(data: dict[str, Any]) -> object:
        agreement = _agreement_of(request, placement)
        if agreement is None:
            return services.learning_agreement_create(
                actor=request.user, placement=placement, **data
            )
        return services.learning_agreement_update(actor=request.user, agreement=agreement, **data)

    return form_service_post(
        request,
        form,
        save,
        done=gettext_lazy("Agreement saved."),
        success_url=_placement_url(placement),
        again=lambda: placement_page(request, placement, agreement_form=form),
    )


@login_required
@require_POST
def agreement_consent(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    agreement = _agreement_of(request, placement)
    if agreement is None:
        raise NotAllowed()
    form = gf.ConsentForm(request.POST, parties=list(m.PARTY_LABELS))
    return form_service_post(
        request,
        form,
        lambda data: services.learning_agreement_consent(
            actor=request.user, agreement=agreement, **data
        ),
        done=gettext_lazy("Consent recorded."),
        success_url=_placement_url(placement),
        again=lambda: placement_page(request, placement, consent_form=form),
    )


@login_required
def agreement_download(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    agreement = _agreement_of(request, placement)
    if agreement is None:
        return redirect("workplace:placement-detail", pk=placement.pk)
    response = HttpResponse(agreement_pdf(request.user, agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="overeenkomst-{agreement.pk}.pdf"'
    return response


@login_required
@require_POST
def guidance_new(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    items = list(
        m.TrainingPlanItem.objects.filter(plan__placement=placement).select_related("competence")
    )
    form = gf.GuidanceForm(request.POST, items=items)
    return form_service_post(
        request,
        form,
        lambda data: services.guidance_record(
            actor=request.user,
            placement=placement,
            kind=data["kind"],
            on=data["on"],
            notes=data["notes"],
            progress=form.progress(),
        ),
        done=gettext_lazy("Guidance recorded."),
        success_url=_placement_url(placement),
        again=lambda: placement_page(request, placement, guidance_form=form),
    )


@login_required
@require_POST
def feedback_new(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    form = gf.FeedbackForm(request.POST)
    return form_service_post(
        request,
        form,
        lambda data: services.workplace_feedback_give(
            actor=request.user, placement=placement, **data
        ),
        done=gettext_lazy("Thank you for your feedback."),
        success_url=_placement_url(placement),
        again=lambda: placement_page(request, placement, feedback_form=form),
    )


# ---------------------------------------------------------------- the learner's trajectory


def learner_context(request: HttpRequest, learner: m.Learner, **forms: Any) -> dict[str, Any]:
    """The class council's and the guide's advice and the start-up phase (school-only)."""
    user = request.user
    start_up = list(quality.start_up_visible_to(user).filter(learner=learner))
    return {
        "advice": list(quality.advice_visible_to(user).filter(learner=learner)[:ADVICE_SHOWN]),
        "may_advise": policy.can(user, "create", m.TrajectoryAdvice(learner=learner)),
        "advice_form": forms.get("advice_form") or gf.AdviceForm(),
        "start_up": start_up,
        "may_start_up": policy.can(user, "create", m.StartUpTrajectory(learner=learner)),
        "start_up_form": forms.get("start_up_form")
        or gf.StartUpForm(
            initial={
                "content": "" if not start_up or start_up[0].migrated else start_up[0].content,
                "duration_weeks": start_up[0].duration_weeks if start_up else None,
                "organiser": start_up[0].organiser if start_up else "",
                "starts_on": start_up[0].starts_on if start_up else None,
                "completed_on": start_up[0].completed_on if start_up else None,
            }
        ),
    }


def learner_page(
    request: HttpRequest,
    learner: m.Learner,
    apply_form: wf.ApplyForm | None = None,
    **forms: Any,
) -> HttpResponse:
    openings = selectors.open_to_learner(
        selectors.openings_visible_to(request.user)
        .filter(programme_id=learner.programme_id, status=m.OpeningStatus.PUBLISHED)
        .filter(m.recognised_q("workplace__")),
        learner,
    )
    may_apply = policy.can(request.user, "create", m.Application(learner=learner))
    return render(
        request,
        "workplace/learner_detail.html",
        {
            "learner": learner,
            "identity": selectors.learner_identity_for(
                request.user, learner, purpose="learner page"
            ),
            "may_see_support_need": bool(
                selectors.support_need_read(request.user, [learner], purpose="learner page")
            ),
            "may_see_screening": policy.can(request.user, "view_screening", learner),
            "applications": selectors.applications_visible_to(request.user).filter(learner=learner),
            "placements": selectors.placements_visible_to(request.user).filter(learner=learner),
            "may_apply": may_apply,
            "may_export": policy.can(request.user, "export", learner),
            "apply_form": apply_form or wf.ApplyForm(openings=openings),
            **learner_context(request, learner, **forms),
        },
    )


def _learner(request: HttpRequest, pk: int) -> m.Learner:
    return policy.visible_or_404(selectors.learners_visible_to(request.user), pk)


@login_required
@require_POST
def advice_new(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    form = gf.AdviceForm(request.POST)
    return form_service_post(
        request,
        form,
        lambda data: services.trajectory_advice_record(
            actor=request.user,
            learner=learner,
            source=data["source"],
            outcome=data["outcome"],
            reason=data["reason"],
            given_on=data["given_on"],
            ready=gf.yes_no(data["ready"]),
            willing=gf.yes_no(data["willing"]),
        ),
        done=gettext_lazy("Advice recorded."),
        success_url=_learner_url(learner),
        again=lambda: learner_page(request, learner, advice_form=form),
    )


@login_required
@require_POST
def start_up_save(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    form = gf.StartUpForm(request.POST)
    return form_service_post(
        request,
        form,
        lambda data: services.start_up_trajectory_save(
            actor=request.user,
            learner=learner,
            trajectory=quality.start_up_visible_to(request.user).filter(learner=learner).first(),
            content=data["content"],
            duration_weeks=data["duration_weeks"],
            organiser=data["organiser"],
            starts_on=data["starts_on"],
            completed_on=data["completed_on"],
        ),
        done=gettext_lazy("Start-up phase saved."),
        success_url=_learner_url(learner),
        again=lambda: learner_page(request, learner, start_up_form=form),
    )


# ---------------------------------------------------------------- quality of workplaces


def recognition_context(request: HttpRequest, recognition: m.Recognition) -> dict[str, Any]:
    return {"quality": quality.quality_for(request.user, recognition)}


@login_required
def quality_list(request: HttpRequest) -> HttpResponse:
    """Quality signals per workplace for the sector consultant and the reviewer (paged)."""
    if not policy.can_any(request.user, "view_quality_detail", "workplace.recognition"):
        raise NotAllowed()
    page = Paginator(quality.workplaces_with_quality(request.user), QUALITY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    signals = quality.quality_many(request.user, list(page.object_list), all_detailed=True)
    rows = [(r, signals.get(r.pk)) for r in page.object_list]
    return render(request, "workplace/guidance/quality_list.html", {"page": page, "rows": rows})
