"""Education consultation pages: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_add_service_error, form_service_post
from brug.core.i18n import gettext_lazy
from brug.core.tabular import export_rows
from brug.covenants import selectors as covenant_selectors
from brug.covenants.models import CovenantGeneration
from brug.education import models as m
from brug.education import report, selectors, services
from brug.education.forms import (
    AdviceForm,
    AgreementForm,
    EngagementForm,
    EvaluationForm,
    IntersectoralActionForm,
    RoundOpenForm,
    ThemeForm,
)

ROUNDS_PER_PAGE = 50


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "education.consultationround"):
        raise NotAllowed()
    rounds = Paginator(
        selectors.rounds_visible_to(request.user).order_by("-opened_at", "-pk"), ROUNDS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "education/rounds.html",
        {
            "rounds": rounds,
            "may_open": policy.can_any(request.user, "create", "education.consultationround"),
            "may_report": policy.can_any(request.user, "report", "education.consultationround"),
        },
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "create", "education.consultationround"):
        raise NotAllowed()
    covenants = selectors.consultable_covenants(request.user)
    form = RoundOpenForm(request.POST or None, covenants=covenants)
    if request.method != "POST":
        return render(request, "education/round_new.html", {"form": form})
    # The message is in the active language, which the locale middleware set to the
    # request's (`request.LANGUAGE_CODE`).
    return form_service_post(
        request,
        form,
        lambda data: services.round_open(
            actor=request.user,
            covenant=data["covenant"],
            closes_on=data["closes_on"],
            note=data["note"],
        ),
        done=gettext_lazy("The education actions are open for advice."),
        success_url=lambda rnd: reverse("education:round", args=[rnd.pk]),
        again=lambda: render(request, "education/round_new.html", {"form": form}),
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_for(request.user, pk)
    advisers = selectors.adviser_organisations(request.user)
    adviser = advisers[0] if advisers else None
    may_advise = (
        rnd.is_open
        and adviser is not None
        and policy.can(request.user, "create", m.Advice(round=rnd, organisation=adviser))
    )
    rows = []
    for action, advice in selectors.round_actions(request.user, rnd):
        own = next((a for a in advice if adviser and a.organisation_id == adviser.pk), None)
        form = (
            AdviceForm(
                initial={"position": own.position, "text": own.text} if own else None,
                prefix=f"a{action.pk}",
            )
            if may_advise
            else None
        )
        rows.append({"action": action, "advice": advice, "form": form})
    return render(
        request,
        "education/round.html",
        {
            "round": rnd,
            "rows": rows,
            "adviser": adviser,
            "may_close": rnd.is_open and policy.can(request.user, "close", rnd),
        },
    )


@login_required
@require_POST
def advice_new(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    rnd = selectors.round_for(request.user, pk)
    action = get_object_or_404(covenant_selectors.actions_visible_to(request.user), pk=action_pk)
    advisers = selectors.adviser_organisations(request.user)
    if not advisers:
        raise NotAllowed()
    form = AdviceForm(request.POST, prefix=f"a{action.pk}")
    if form.is_valid():
        try:
            services.advice_give(
                actor=request.user,
                rnd=rnd,
                action=action,
                organisation=advisers[0],
                position=form.cleaned_data["position"],
                text=form.cleaned_data["text"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
        else:
            messages.success(request, gettext_lazy("Advice saved.").resolve(request.LANGUAGE_CODE))
    else:
        messages.error(
            request,
            " ".join(" ".join(str(e) for e in errors) for errors in form.errors.values()),
        )
    return redirect(f"/onderwijsoverleg/{rnd.pk}/#actie-{action.pk}")


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_for(request.user, pk)
    try:
        services.round_close(actor=request.user, rnd=rnd)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("education:round", rnd.pk)


def _report_for(request: HttpRequest) -> report.CouncilReport | None:
    if not policy.can_any(request.user, "report", "education.consultationround"):
        raise NotAllowed()
    generations = covenant_selectors.generations_visible_to(request.user)
    code = request.GET.get("generatie", "")
    generation: CovenantGeneration | None = (
        generations.filter(code=code).first() if code else generations.first()
    )
    if code and generation is None:
        raise Http404
    return report.council_report(request.user, generation) if generation else None


@login_required
def council_report(request: HttpRequest) -> HttpResponse:
    result = _report_for(request)
    return render(
        request,
        "education/report.html",
        {
            "report": result,
            "generations": covenant_selectors.generations_visible_to(request.user),
        },
    )


@login_required
def council_report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    result = _report_for(request)
    if result is None:
        raise Http404
    name = f"onderwijsacties-{result.generation.code}"
    content: Any
    if fmt == "pdf":
        content, kind = report.report_pdf(result), "application/pdf"
    elif fmt == "xlsx":
        content = export_rows(f"{name}.xlsx", report.header(), report.report_rows(result))
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = export_rows(f"{name}.csv", report.header(), report.report_rows(result))
        kind = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# ---------------------------------------------------------------- agreements

AGREEMENTS_PER_PAGE = 50


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "education.agreement"):
        raise NotAllowed()
    agreements = Paginator(
        selectors.agreements_visible_to(request.user).order_by("-starts_on", "title", "pk"),
        AGREEMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "education/agreements.html",
        {
            "agreements": agreements,
            "may_create": policy.can_any(request.user, "create", "education.agreement"),
        },
    )


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "create", "education.agreement"):
        raise NotAllowed()
    form = AgreementForm(
        request.POST or None,
        parties=selectors.party_choices(),
        covenants=covenant_selectors.covenants_visible_to(request.user),
    )
    if request.method == "POST":
        return form_service_post(
            request,
            form,
            lambda data: services.agreement_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                parties=list(data["parties"]),
                covenants=list(data["covenants"]),
                source=data["source"],
            ),
            done=None,  # the agreement's own page follows
            success_url=lambda agreement: reverse("education:agreement", args=[agreement.pk]),
            again=lambda: render(request, "education/agreement_new.html", {"form": form}),
        )
    return render(request, "education/agreement_new.html", {"form": form})


def _agreement_page(
    request: HttpRequest,
    agreement: m.Agreement,
    theme_form: ThemeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_change = policy.can(user, "change", agreement)
    parties_qs = agreement.parties.all()
    parties = list(parties_qs)
    rows = []
    for theme, engagements in selectors.agreement_themes(user, agreement):
        may_add = policy.can(user, "create", m.Engagement(theme=theme))
        rows.append(
            {
                "theme": theme,
                "sectors": [e for e in engagements if e.side == m.EngagementSide.SECTORS],
                "education": [e for e in engagements if e.side == m.EngagementSide.EDUCATION],
                "evaluable": {e.pk for e in engagements if policy.can(user, "evaluate", e)},
                "form": EngagementForm(owners=parties_qs, prefix=f"t{theme.pk}")
                if may_add
                else None,
            }
        )
    today = timezone.localdate()
    return render(
        request,
        "education/agreement.html",
        {
            "agreement": agreement,
            "parties": parties,
            "rows": rows,
            "theme_form": theme_form or (ThemeForm() if may_change else None),
            "evaluation_form": EvaluationForm(
                initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1}
            ),
        },
        status=status,
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.user, pk)
    if request.method == "POST":
        form = ThemeForm(request.POST)
        return form_service_post(
            request,
            form,
            lambda data: services.theme_add(
                actor=request.user,
                agreement=agreement,
                title=data["title"],
                expectations_of_policy=data["expectations_of_policy"],
            ),
            done=None,  # the new theme shows on the page it leads back to
            success_url=reverse("education:agreement", args=[agreement.pk]),
            again=lambda: _agreement_page(request, agreement, theme_form=form, status=400),
        )
    return _agreement_page(request, agreement)


@login_required
@require_POST
def engagement_new(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.user, pk)
    theme = get_object_or_404(agreement.themes, pk=theme_pk)
    form = EngagementForm(request.POST, owners=agreement.parties.all(), prefix=f"t{theme.pk}")
    if form.is_valid():
        try:
            services.engagement_add(
                actor=request.user,
                theme=theme,
                side=form.cleaned_data["side"],
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
    else:
        messages.error(request, _errors(form))
    return redirect(f"/onderwijsoverleg/akkoorden/{agreement.pk}/#thema-{theme.pk}")


@login_required
@require_POST
def engagement_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_object_or_404(selectors.engagements_visible_to(request.user), pk=pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.engagement_evaluate(
                actor=request.user,
                engagement=engagement,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
        else:
            messages.success(request, str(gettext_lazy("Evaluation saved.")))
    else:
        messages.error(request, _errors(form))
    agreement_pk = engagement.theme.agreement_id
    return redirect(f"/onderwijsoverleg/akkoorden/{agreement_pk}/#engagement-{engagement.pk}")


def _errors(form: forms.Form) -> str:
    return " ".join(" ".join(str(e) for e in errors) for errors in form.errors.values())


# ---------------------------------------------------------------- intersectoral actions


@login_required
def intersectoral_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_any(user, "view", "education.intersectoralaction"):
        raise NotAllowed()
    may_create = policy.can_any(user, "create", "education.intersectoralaction")
    form = (
        IntersectoralActionForm(
            request.POST or None,
            generations=covenant_selectors.generations_visible_to(user),
            covenants=covenant_selectors.covenants_visible_to(user),
        )
        if may_create
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            raise NotAllowed()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.intersectoral_action_create(
                    actor=user,
                    generation=data["generation"],
                    category=data["category"],
                    title=data["title"],
                    description=data["description"],
                    covenants=list(data["covenants"]),
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                return redirect("education:intersectoral")
        status = 400
    actions = Paginator(
        selectors.intersectoral_actions_visible_to(user).order_by(
            "-generation__starts_on", "category", "title", "pk"
        ),
        AGREEMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request, "education/intersectoral.html", {"actions": actions, "form": form}, status=status
    )
