"""Education consultation pages: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import t
from brug.core.tabular import export_rows
from brug.covenants import selectors as covenant_selectors
from brug.covenants.models import CovenantGeneration
from brug.education import models as m
from brug.education import report, selectors, services
from brug.education.forms import AdviceForm, RoundOpenForm

ROUNDS_PER_PAGE = 50


def _fail(form: forms.Form, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.text))


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
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_open(
                actor=request.user,
                covenant=form.cleaned_data["covenant"],
                closes_on=form.cleaned_data["closes_on"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            _fail(form, exc)
        else:
            messages.success(
                request,
                t(
                    "De onderwijsacties liggen voor advies voor.",
                    "The education actions are open for advice.",
                ).resolve(request.LANGUAGE_CODE),
            )
            return redirect("education:round", rnd.pk)
    return render(request, "education/round_new.html", {"form": form})


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
            messages.success(
                request, t("Advies bewaard.", "Advice saved.").resolve(request.LANGUAGE_CODE)
            )
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
        content = export_rows(f"{name}.xlsx", report.HEADER, report.report_rows(result))
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = export_rows(f"{name}.csv", report.HEADER, report.report_rows(result))
        kind = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
