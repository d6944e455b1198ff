"""Pages of the recognition conditions: the checklist (evidence by the company, verdicts by the
reviewer), site visits and the company's renewal request. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.files import file_response
from brug.core.forms import AccessibleForm, form_service_post
from brug.core.i18n import gettext_lazy
from brug.workplace import forms as wf
from brug.workplace import models as m
from brug.workplace import selectors, services

SITE_VISITS_PER_PAGE = 20


def _recognition(request: HttpRequest, pk: int) -> m.Recognition:
    """The recognition, when the caller may see its checklist (403 otherwise, 404 when the
    recognition itself is not visible)."""
    recognition: m.Recognition = policy.visible_or_404(
        selectors.recognitions_visible_to(request.user).select_related(
            "company", "site", "programme", "renews"
        ),
        pk,
    )
    if not policy.can(request.user, "view", m.RecognitionCondition(recognition=recognition)):
        raise NotAllowed()
    return recognition


def _conditions_url(recognition: m.Recognition) -> str:
    return reverse("workplace:recognition-conditions", args=[recognition.pk])


def _kind(kind: str) -> str:
    if kind not in m.ConditionKind.values:
        raise Http404()
    return kind


def _page(
    request: HttpRequest,
    recognition: m.Recognition,
    *,
    failed: tuple[str, AccessibleForm] | None = None,
    visit_form: wf.SiteVisitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    probe = m.RecognitionCondition(recognition=recognition)
    conditions = services.conditions_of(recognition)
    rows: list[dict[str, Any]] = []
    for c in conditions:
        rows.append(
            {
                "condition": c,
                "evidence_form": failed[1]
                if failed and failed[0] == f"evidence-{c.kind}"
                else wf.EvidenceForm(prefix=c.kind, initial={"evidence": c.evidence}),
                "verdict_form": failed[1]
                if failed and failed[0] == f"verdict-{c.kind}"
                else wf.VerdictForm(
                    prefix=c.kind, initial={"verdict": c.verdict, "note": c.verdict_note}
                ),
            }
        )
    visits = selectors.site_visits_visible_to(request.user).filter(recognition=recognition)
    return render(
        request,
        "workplace/recognition_conditions.html",
        {
            "recognition": recognition,
            "rows": rows,
            "met": sum(1 for c in conditions if c.verdict == m.ConditionVerdict.MET),
            "may_evidence": policy.can(request.user, "change", probe),
            "may_verdict": policy.can(request.user, "review", probe),
            "may_visit": policy.can(request.user, "create", m.SiteVisit(recognition=recognition)),
            "visits": Paginator(visits.order_by("-on", "-pk"), SITE_VISITS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "visit_form": visit_form or wf.SiteVisitForm(),
        },
        status=status,
    )


@login_required
def recognition_conditions(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _recognition(request, pk))


@login_required
@require_POST
def condition_evidence(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    recognition = _recognition(request, pk)
    kind = _kind(kind)
    form = wf.EvidenceForm(request.POST, request.FILES, prefix=kind)
    return form_service_post(
        request,
        form,
        lambda data: services.condition_evidence_record(
            actor=request.user,
            recognition=recognition,
            kind=kind,
            evidence=data["evidence"] or "",
            evidence_file=data["evidence_file"],
        ),
        done=gettext_lazy("Evidence saved."),
        success_url=_conditions_url(recognition),
        again=lambda: _page(request, recognition, failed=(f"evidence-{kind}", form), status=400),
    )


@login_required
def condition_evidence_file(
    request: HttpRequest, pk: int, kind: str
) -> HttpResponse | FileResponse:
    recognition = _recognition(request, pk)
    condition = (
        selectors.conditions_visible_to(request.user)
        .filter(recognition=recognition, kind=_kind(kind))
        .first()
    )
    if condition is None or not condition.evidence_file:
        raise Http404()
    name = condition.evidence_file.name or ""
    return file_response(name=name, filename=name.rsplit("/", 1)[-1])


@login_required
@require_POST
def condition_verdict(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    recognition = _recognition(request, pk)
    kind = _kind(kind)
    form = wf.VerdictForm(request.POST, prefix=kind)
    return form_service_post(
        request,
        form,
        lambda data: services.condition_verdict_record(
            actor=request.user,
            recognition=recognition,
            kind=kind,
            verdict=data["verdict"],
            note=data["note"] or "",
        ),
        done=gettext_lazy("Verdict saved."),
        success_url=_conditions_url(recognition),
        again=lambda: _page(request, recognition, failed=(f"verdict-{kind}", form), status=400),
    )


@login_required
@require_POST
def site_visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = _recognition(request, pk)
    form = wf.SiteVisitForm(request.POST)
    return form_service_post(
        request,
        form,
        lambda data: services.site_visit_record(
            actor=request.user,
            recognition=recognition,
            on=data["on"],
            visitor_name=data["visitor_name"],
            findings=data["findings"] or "",
        ),
        done=gettext_lazy("Site visit recorded."),
        success_url=_conditions_url(recognition),
        again=lambda: _page(request, recognition, visit_form=form, status=400),
    )


@login_required
@require_POST
def recognition_renewal(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = policy.visible_or_404(selectors.recognitions_visible_to(request.user), pk)
    form = wf.RenewalForm(request.POST)
    form.is_valid()
    try:
        renewal = services.recognition_renewal_request(
            actor=request.user,
            recognition=recognition,
            activities=form.cleaned_data.get("activities") or None,
        )
    except ServiceError as exc:
        messages.error(request, str(exc.text))
        return redirect("workplace:recognition-detail", pk=recognition.pk)
    messages.success(
        request,
        str(gettext_lazy("Renewal requested: fill in the conditions.")),
    )
    return redirect("workplace:recognition-conditions", pk=renewal.pk)
