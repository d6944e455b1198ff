"""Core-work pages: thin — parse input, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from brug.core import policy
from brug.core.errors import NotAllowed
from brug.core.forms import form_service_post
from brug.core.i18n import gettext_lazy
from brug.core.tabular import ImportFailed, run_import, upload_refusal
from brug.corework import models as m
from brug.corework import reports, selectors, services
from brug.corework.forms import ImportForm, TrainingForm
from brug.corework.importers import COLUMNS, TRAINING_IMPORTER
from brug.covenants import selectors as covenant_selectors

RECORDS_PER_PAGE = 50


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_any(user, "view", "corework.trainingrecord"):
        raise NotAllowed()
    may_record = policy.can_any(user, "create", "corework.trainingrecord")
    form = (
        TrainingForm(request.POST or None, covenants=selectors.covenants_to_record(user))
        if may_record
        else None
    )

    def page(status: int = 200) -> HttpResponse:
        records = Paginator(
            selectors.records_visible_to(user).order_by(
                "-year", "-quarter", "covenant__sector__name"
            ),
            RECORDS_PER_PAGE,
        ).get_page(request.GET.get("page"))
        return render(
            request,
            "corework/records.html",
            {
                "records": records,
                "form": form,
                "import_form": ImportForm() if may_record else None,
                "columns": COLUMNS,
            },
            status=status,
        )

    if request.method != "POST":
        return page()
    if form is None:
        raise NotAllowed()
    return form_service_post(
        request,
        form,
        lambda data: services.training_record_save(
            actor=user,
            covenant=data["covenant"],
            year=data["year"],
            quarter=data["quarter"],
            training_hours=data["training_hours"],
            dossiers=data["dossiers"],
            participants=data["participants"],
            employees=data["employees"],
            channel=m.Channel.FORM,
        ),
        done=gettext_lazy("Saved."),
        success_url=reverse("corework:records"),
        again=lambda: page(status=400),
    )


@login_required
def record_import(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "create", "corework.trainingrecord"):
        raise NotAllowed()
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        refusal = upload_refusal(upload.size)
        if refusal:
            errors.append(refusal)
        else:
            try:
                report = run_import(
                    TRAINING_IMPORTER,
                    filename=upload.name,
                    content=upload.read(),
                    actor=request.user,
                )
            except ImportFailed as exc:
                errors = [str(e) for e in exc.report.errors[:50]]
            else:
                messages.success(
                    request,
                    str(
                        gettext_lazy(
                            "{c} new, {u} updated, {n} unchanged.",
                            c=report.created,
                            u=report.updated,
                            n=report.unchanged,
                        )
                    ),
                )
                return redirect("corework:records")
    if request.method == "POST":
        status = 400
    return render(
        request,
        "corework/import.html",
        {"form": form, "errors": errors, "columns": COLUMNS},
        status=status,
    )


@login_required
def covenant_reports(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not policy.can_any(user, "view", "corework.trainingrecord"):
        raise NotAllowed()
    covenant = get_object_or_404(covenant_selectors.covenants_visible_to(user), pk=pk)
    records = list(
        selectors.records_visible_to(user).filter(covenant=covenant).order_by("year", "quarter")
    )
    latest = records[-1] if records else None
    try:
        year = int(request.GET.get("jaar") or (latest.year if latest else 0))
        quarter = int(request.GET.get("kwartaal") or (latest.quarter if latest else 0))
    except ValueError as exc:
        raise Http404 from exc
    return render(
        request,
        "corework/covenant.html",
        {
            "covenant": covenant,
            "records": records,
            "year": year,
            "quarter": quarter,
            "quarterly": reports.quarterly_report(records, year, quarter),
            "evaluation": reports.evaluation_report(covenant, records, timezone.localdate()),
            "demo": any(r.is_demo for r in records),
        },
    )


@login_required
def analysis_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_any(user, "aggregate", "corework.trainingrecord"):
        raise NotAllowed()
    generations = covenant_selectors.generations_visible_to(user)
    code = request.GET.get("generatie", "")
    generation = generations.filter(code=code).first() if code else generations.first()
    if code and generation is None:
        raise Http404
    return render(
        request,
        "corework/analysis.html",
        {
            "generations": generations,
            "analysis": reports.analysis(user, generation) if generation else None,
        },
    )
