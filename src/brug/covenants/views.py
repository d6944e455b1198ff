"""Covenant pages: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.files import file_response
from brug.core.forms import form_add_service_error, form_service_post
from brug.core.i18n import gettext_lazy
from brug.core.jobs import job_start
from brug.core.models import Job
from brug.core.paging import page_of
from brug.core.tabular import export_rows
from brug.covenants import analysis, charts, reports, selectors, services
from brug.covenants import models as m
from brug.covenants.forms import (
    ActionForm,
    AddendumForm,
    AddendumPlanForm,
    CommitmentForm,
    EntryForm,
    EvaluationForm,
    MeasurementForm,
    TransitionForm,
    WindowForm,
)
from brug.covenants.indicators import drilldown_rows
from brug.covenants.workflow import TRANSITIONS, transitions_from


def _generation_from(request: HttpRequest) -> m.CovenantGeneration | None:
    generations = selectors.generations_visible_to(request.user)
    code = request.GET.get("generatie", "")
    if code:
        return generations.filter(code=code).first()
    return generations.first()


COVENANTS_PER_PAGE = 50


def covenant_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "covenants.covenant"):
        raise NotAllowed()
    generation = _generation_from(request)
    covenants = selectors.covenants_visible_to(request.user).prefetch_related("addenda")
    if generation is not None:
        covenants = covenants.filter(generation=generation)
    return render(
        request,
        "covenants/list.html",
        {
            "generation": generation,
            "generations": selectors.generations_visible_to(request.user),
            "covenants": page_of(request, covenants.order_by("pk"), COVENANTS_PER_PAGE),
            "may_report": policy.can_any(request.user, "export", "covenants.covenant"),
            "may_add_window": generation is not None
            and policy.can(request.user, "create", m.ReportingWindow(generation=generation)),
        },
    )


def covenant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    user = request.user
    actions = selectors.actions_visible_to(user).filter(covenant=covenant)
    commitments = selectors.commitments_visible_to(user).filter(action__covenant=covenant)
    by_action: dict[int, list[m.Commitment]] = {}
    for c in commitments:
        by_action.setdefault(c.action_id, []).append(c)
    windows = selectors.windows_visible_to(user).filter(generation=covenant.generation)
    reports_by_window = {
        r.window_id: r for r in selectors.reports_visible_to(user).filter(covenant=covenant)
    }
    today = timezone.localdate()
    target_chart = charts.commitments_against_targets(
        commitments,
        charts.latest_entries(selectors.reports_visible_to(user).filter(covenant=covenant)),
    )
    addenda = list(
        selectors.addenda_visible_to(user)
        .filter(Q(covenant=covenant) | Q(shared_with=covenant))
        .distinct()
        .select_related("covenant__sector")
        .prefetch_related("shared_with__sector")
    )
    signals = selectors.shortage_signals_visible_to(user).filter(sector=covenant.sector_id)
    may_see_signals = policy.can_any(user, "view", "covenants.shortagesignal")
    return render(
        request,
        "covenants/detail.html",
        {
            "covenant": covenant,
            "target_chart": target_chart,
            "signals": list(signals[:5]) if may_see_signals else None,
            "signals_open": signals.filter(status=m.SignalStatus.OPEN).count()
            if may_see_signals
            else 0,
            "places_found": selectors.places_found_for(
                covenant.sector_id, since=covenant.generation.starts_on
            ),
            "addenda": addenda,
            "manageable_addenda": {
                a.pk
                for a in addenda
                if a.kind == m.AddendumKind.NON_DISCRIMINATION
                and (
                    policy.can(user, "create", m.DiscriminationMeasurement(addendum=a))
                    or policy.can(user, "change", a)
                )
            },
            "actions": [(a, by_action.get(a.pk, [])) for a in actions],
            "windows": [
                (w, reports_by_window.get(w.pk), w.opens_on <= today <= w.closes_on)
                for w in windows
            ],
            "evaluations": selectors.evaluations_visible_to(user).filter(covenant=covenant),
            "transitions": [
                tr
                for tr in transitions_from(covenant.status)
                if policy.can(user, tr.action, covenant)
            ],
            "may_change": policy.can(user, "change", covenant) and covenant.is_editable,
            "may_report": policy.can(
                user, "create", m.ProgressReport(covenant=covenant, window=m.ReportingWindow())
            ),
            "may_evaluate": policy.can(user, "create", m.Evaluation(covenant=covenant)),
            "may_export": policy.can(user, "export", covenant),
            "may_add_addendum": covenant.is_editable
            and policy.can(user, "create", m.Addendum(covenant=covenant)),
            "may_add_window": policy.can(
                user, "create", m.ReportingWindow(generation=covenant.generation)
            ),
            "funding": services.covenant_funding(covenant),
            "evaluation_form": EvaluationForm(),
            "transition_form": TransitionForm(),
            "definitions": {
                c.indicator.metric_key: reports.metric_definition(c.indicator.metric_key)
                for c in commitments
                if hasattr(c, "indicator") and c.indicator.metric_key
            },
        },
    )


@require_POST
@login_required
def covenant_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    if name not in TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        services.covenant_transition(
            actor=request.user,
            covenant=covenant,
            transition=name,
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(request, str(TRANSITIONS[name].label))
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("covenants:detail", pk=covenant.pk)


@login_required
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    if not policy.can(request.user, "create", m.Action(covenant=covenant)):
        raise NotAllowed()
    themes = selectors.themes_for(covenant.generation)
    form = ActionForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(
                actor=request.user,
                covenant=covenant,
                theme=form.cleaned_data["theme"],
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
            return redirect("covenants:detail", pk=covenant.pk)
        except ServiceError as exc:
            form_add_service_error(form, exc)
    return render(
        request,
        "covenants/form.html",
        {
            "covenant": covenant,
            "form": form,
            "title": gettext_lazy("New action"),
        },
    )


@login_required
def commitment_new(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    action = policy.visible_or_404(selectors.actions_visible_to(request.user), action_pk)
    if action.covenant_id != covenant.pk:
        raise Http404
    if not policy.can(request.user, "create", m.Commitment(action=action)):
        raise NotAllowed()
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commitment_create(
                actor=request.user,
                action=action,
                kind=data["kind"],
                owner=data["owner"],
                description=data["description"],
                target_value=data["target_value"],
                unit=data["unit"],
                deadline=data["deadline"],
                metric_key=data["metric_key"],
            )
            return redirect("covenants:detail", pk=covenant.pk)
        except ServiceError as exc:
            form_add_service_error(form, exc)
    return render(
        request,
        "covenants/form.html",
        {
            "covenant": covenant,
            "form": form,
            "title": gettext_lazy("New commitment for '{title}'", title=action.title),
        },
    )


@login_required
def report_open(request: HttpRequest, pk: int, window_pk: int) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    window = get_object_or_404(
        selectors.windows_visible_to(request.user), pk=window_pk, generation=covenant.generation
    )
    existing = selectors.reports_visible_to(request.user).filter(covenant=covenant, window=window)
    if existing.exists():
        return redirect("covenants:report", pk=existing.get().pk)
    if request.method != "POST":
        raise Http404
    try:
        report = services.progress_report_open(actor=request.user, covenant=covenant, window=window)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
        return redirect("covenants:detail", pk=covenant.pk)
    return redirect("covenants:report", pk=report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    may_change = policy.can(request.user, "change", report) and not report.is_frozen
    entries = list(
        report.entries.select_related("commitment__action", "commitment__indicator").order_by(
            "commitment__action__title", "pk"
        )
    )
    rows = []
    error = ""
    saved = 0
    for entry in entries:
        prefix = f"e{entry.pk}"
        form = EntryForm(
            request.POST if request.method == "POST" else None,
            prefix=prefix,
            initial={
                "status": entry.status,
                "value": "" if entry.value is None else entry.value,
                "narrative": entry.narrative,
            },
        )
        rows.append((entry, form))
    if request.method == "POST":
        if not policy.can(request.user, "change", report):
            raise NotAllowed()
        try:
            # The services refuse edits of a frozen report or after the window closed.
            for entry, form in rows:
                if not form.is_valid():
                    continue
                services.progress_entry_update(
                    actor=request.user,
                    entry=entry,
                    status=form.cleaned_data["status"],
                    value=form.cleaned_data["value"],
                    narrative=form.cleaned_data["narrative"],
                )
                saved += 1
            if "submit" in request.POST:
                if not policy.can(request.user, "submit", report):
                    raise NotAllowed()
                services.progress_report_submit(
                    actor=request.user, report=report, narrative=request.POST.get("narrative", "")
                )
                messages.success(request, gettext_lazy("Submitted and frozen"))
                return redirect("covenants:report", pk=report.pk)
            messages.success(request, f"{saved} ✓")
            return redirect("covenants:report", pk=report.pk)
        except ServiceError as exc:
            error = str(exc.text)
    return render(
        request,
        "covenants/report.html",
        {
            "report": report,
            "covenant": report.covenant,
            "rows": rows,
            "may_change": may_change,
            "may_submit": may_change and policy.can(request.user, "submit", report),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_POST
@login_required
def evaluation_new(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext_lazy("Choose the kind"))
        return redirect("covenants:detail", pk=covenant.pk)
    try:
        services.evaluation_create(
            actor=request.user,
            covenant=covenant,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    return redirect("covenants:detail", pk=covenant.pk)


@login_required
def drilldown(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = policy.visible_or_404(selectors.commitments_visible_to(request.user), pk)
    result = drilldown_rows(request.user, commitment)
    definition = reports.metric_definition(
        getattr(getattr(commitment, "indicator", None), "metric_key", "")
    )
    return render(
        request,
        "covenants/drilldown.html",
        {
            "commitment": commitment,
            "covenant": commitment.action.covenant,
            "definition": definition,
            "rows": result[0] if result else None,
            "total": result[1] if result else 0,
        },
    )


NO_DATA = gettext_lazy("No data recorded for this generation.")


def analysis_page(request: HttpRequest) -> HttpResponse:
    generation = _generation_from(request)
    themes = selectors.themes_for(generation)
    theme = themes.filter(code=request.GET.get("thema", "")).first()
    category = request.GET.get("categorie", "")
    if category not in m.ActionCategory.values:
        category = ""
    rows, covenant_count = analysis.category_rows(request.user, generation, theme, category)
    if request.GET.get("formaat") == "xlsx":
        content = export_rows(
            "analyse.xlsx",
            [
                str(gettext_lazy("Category")),
                str(gettext_lazy("Number of sectors")),
                str(gettext_lazy("Number of actions")),
                str(gettext_lazy("Sectors")),
                str(gettext_lazy("Examples")),
            ],
            (
                [
                    r.label,
                    r.sector_count,
                    r.actions,
                    ", ".join(r.sectors),
                    " | ".join(
                        f"{title} ({sector}){reports.ILLUSTRATIVE_MARK() if ill else ''}"
                        for title, sector, ill in r.examples
                    ),
                ]
                for r in rows
            )
            if any(r.actions for r in rows)
            else [[str(NO_DATA), "", "", "", ""]],
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="convenanten-analyse.xlsx"'
        return response
    return render(
        request,
        "covenants/analysis.html",
        {
            "generation": generation,
            "generations": selectors.generations_visible_to(request.user),
            "themes": themes,
            "theme": theme,
            "category": category,
            "categories": m.ActionCategory.choices,
            "rows": rows,
            "has_actions": any(r.actions for r in rows),
            "covenant_count": covenant_count,
            "addenda": analysis.addendum_status(request.user, generation),
        },
    )


def discrimination_page(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "aggregate", "covenants.discriminationmeasurement"):
        raise NotAllowed()
    generation = _generation_from(request)
    phase = request.GET.get("meting", "baseline")
    if phase not in m.DiscriminationMeasurement.Phase.values:
        phase = "baseline"
    comparison = analysis.discrimination_comparison(request.user, generation, phase)
    return render(
        request,
        "covenants/discrimination.html",
        {
            "generation": generation,
            "generations": selectors.generations_visible_to(request.user),
            "phase": phase,
            "phases": m.DiscriminationMeasurement.Phase.choices,
            "comparison": comparison,
            "grid": comparison.grid(),
            "plans": analysis.monitoring_plans(request.user, generation),
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def covenant_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk, action="export")
    name = f"convenant-{covenant.generation.code}-{covenant.sector.code}"
    if fmt == "pdf":
        pdf = reports.covenants_pdf(
            [covenant],
            str(gettext_lazy("Sector covenant {name}", name=str(covenant))),
        )
        return _download(pdf, f"{name}.pdf", "application/pdf")
    if fmt == "xlsx":
        return _download(
            reports.covenants_xlsx([covenant]),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


@login_required
def generation_report(request: HttpRequest, pk: int) -> HttpResponse:
    generation = policy.visible_or_404(selectors.generations_visible_to(request.user), pk)
    if not policy.can_any(request.user, "export", "covenants.covenant"):
        raise NotAllowed()
    job: Job | None = None
    if request.method == "POST":
        covenant_ids = list(
            selectors.covenants_visible_to(request.user, "export")
            .filter(generation=generation)
            .values_list("pk", flat=True)
        )
        job = job_start(
            kind="covenants.generation_report",
            title=f"Rapport sectorconvenanten {generation.short_label}",
            user=request.user,
            # The report's headers and texts in the requester's language.
            params={
                "generation": generation.pk,
                "covenants": covenant_ids,
                "language": translation.get_language() or "nl",
            },
        )
        return redirect(f"{request.path}?taak={job.pk}")
    job_id = request.GET.get("taak", "")
    if job_id.isdigit():
        job = Job.objects.filter(pk=int(job_id)).first()
        if job is not None and not policy.can(request.user, "view", job):
            job = None
    return render(
        request, "covenants/generation_report.html", {"generation": generation, "job": job}
    )


@login_required
def generation_report_file(request: HttpRequest, job_pk: int, fmt: str) -> Any:
    job = get_object_or_404(Job, pk=job_pk, kind="covenants.generation_report")
    if not policy.can(request.user, "view", job) or fmt not in ("pdf", "xlsx"):
        raise NotAllowed()
    name = reports.report_file(job, fmt)
    return file_response(name=name, filename=name.rsplit("/", 1)[-1])


# ------------------------------------------------------------------ management pages


@login_required
def window_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A reporting window (quarter, opens/closes = deadline) for a generation."""
    generation = policy.visible_or_404(selectors.generations_visible_to(request.user), pk)
    if not policy.can(request.user, "create", m.ReportingWindow(generation=generation)):
        raise NotAllowed()
    form = WindowForm(request.POST or None)

    def page() -> HttpResponse:
        return render(
            request,
            "covenants/window_form.html",
            {
                "generation": generation,
                "form": form,
                "windows": selectors.windows_visible_to(request.user).filter(generation=generation),
            },
        )

    if request.method != "POST":
        return page()
    return form_service_post(
        request,
        form,
        lambda data: services.window_create(actor=request.user, generation=generation, **data),
        done=gettext_lazy("Window added"),
        success_url=f"{reverse('covenants:list')}?generatie={generation.code}",
        again=page,
    )


@login_required
def addendum_new(request: HttpRequest, pk: int) -> HttpResponse:
    covenant = selectors.covenant_for(request.user, pk)
    if not policy.can(request.user, "create", m.Addendum(covenant=covenant)):
        raise NotAllowed()
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.addendum_create(
                actor=request.user,
                covenant=covenant,
                kind=data["kind"],
                title=data["title"],
                budget_eur=data["budget_eur"],
                extra_fte=data["extra_fte"] if data["extra_fte"] is not None else Decimal("0"),
            )
            return redirect("covenants:detail", pk=covenant.pk)
        except ServiceError as exc:
            form_add_service_error(form, exc)
    return render(
        request,
        "covenants/form.html",
        {
            "covenant": covenant,
            "form": form,
            "title": gettext_lazy("New addendum"),
        },
    )


@login_required
def measurement_new(request: HttpRequest, pk: int, addendum_pk: int) -> HttpResponse:
    """Non-discrimination addendum: a measurement (sector level) and the risk analysis and
    action plan. No company identities are asked for or stored."""
    covenant = selectors.covenant_for(request.user, pk)
    addendum = get_object_or_404(
        selectors.addenda_visible_to(request.user),
        pk=addendum_pk,
        covenant=covenant,
        kind=m.AddendumKind.NON_DISCRIMINATION,
    )
    user = request.user
    may_measure = policy.can(user, "create", m.DiscriminationMeasurement(addendum=addendum))
    may_plan = policy.can(user, "change", addendum)
    if not (may_measure or may_plan):
        raise NotAllowed()
    is_plan = request.method == "POST" and "plan" in request.POST
    is_measurement = request.method == "POST" and not is_plan
    form = MeasurementForm(request.POST if is_measurement else None)
    plan_form = AddendumPlanForm(
        request.POST if is_plan else None,
        initial={
            "risk_analysis": addendum.risk_analysis,
            "action_plan": addendum.action_plan,
            "monitoring_plan": addendum.monitoring_plan,
        },
        prefix="plan",
    )
    if is_measurement:
        if not may_measure:
            raise NotAllowed()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.measurement_record(
                    actor=user,
                    addendum=addendum,
                    phase=data["phase"],
                    method=data["method"],
                    performed_on=data["performed_on"],
                    results=form.results(),
                )
                messages.success(request, gettext_lazy("Measurement saved"))
                return redirect(
                    "covenants:measurement_new", pk=covenant.pk, addendum_pk=addendum.pk
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
    if is_plan:
        if not may_plan:
            raise NotAllowed()
        if plan_form.is_valid():
            try:
                services.addendum_record_plan(
                    actor=user,
                    addendum=addendum,
                    risk_analysis=plan_form.cleaned_data["risk_analysis"],
                    action_plan=plan_form.cleaned_data["action_plan"],
                    monitoring_plan=plan_form.cleaned_data["monitoring_plan"],
                )
                messages.success(request, gettext_lazy("Plan saved"))
                return redirect(
                    "covenants:measurement_new", pk=covenant.pk, addendum_pk=addendum.pk
                )
            except ServiceError as exc:
                form_add_service_error(plan_form, exc)
    invalid = (is_measurement and bool(form.errors)) or (is_plan and bool(plan_form.errors))
    return render(
        request,
        "covenants/measurement_form.html",
        {
            "covenant": covenant,
            "addendum": addendum,
            "form": form,
            "plan_form": plan_form,
            "may_measure": may_measure,
            "may_plan": may_plan,
            "measurements": addendum.measurements.prefetch_related("results").order_by("phase"),
        },
        status=400 if invalid else 200,
    )
