"""Pages for the learner's rights: the data page (export, erase) and the school's read log."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from brug.core import policy
from brug.core.errors import NotAllowed
from brug.core.forms import AccessibleForm, form_service_post
from brug.core.i18n import gettext_lazy
from brug.workplace import models as m
from brug.workplace import privacy, selectors

READ_LOG_PAGE = 50


class EraseForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Labels in the visitor's language, resolved per request.
        self.fields["reason"] = forms.CharField(
            label=str(gettext_lazy("Reason (without names)")),
            max_length=privacy.MAX_REASON,
        )
        self.fields["confirm"] = forms.BooleanField(
            label=str(gettext_lazy("I understand this cannot be undone."))
        )


def _learner_or_404(request: HttpRequest, pk: int, action: str) -> m.Learner:
    learner = selectors.learners_visible_to(request.user).filter(pk=pk).first()
    if learner is None:
        raise Http404()
    if not policy.can(request.user, action, learner):
        raise Http404()  # an object the caller may not act on is not shown to exist
    return learner


@login_required
def learner_data(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner_or_404(request, pk, "export")
    may_erase = policy.can(request.user, "erase", learner) and learner.anonymised_at is None
    form = EraseForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "workplace/learner_data.html",
            {
                "learner": learner,
                "may_erase": may_erase,
                "form": form,
                "erased": privacy.ERASED,
                "kept": privacy.KEPT,
            },
            status=status,
        )

    if request.method != "POST":
        return page()
    if not may_erase:
        raise NotAllowed()
    return form_service_post(
        request,
        form,
        lambda data: privacy.learner_erase(
            actor=request.user, learner=learner, reason=data["reason"]
        ),
        done=gettext_lazy("The learner has been erased."),
        success_url=reverse("workplace:learner-data", args=[learner.pk]),
        again=lambda: page(status=400),
    )


@login_required
def learner_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("json", "html"):
        raise Http404()
    learner = _learner_or_404(request, pk, "export")
    data = privacy.learner_export(actor=request.user, learner=learner)
    name = f"brug-lerende-{data['learner']['pseudonym']}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    else:
        html = render_to_string("workplace/learner_export.html", {"data": data}, request=request)
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def read_log(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "core.accesslog"):
        raise NotAllowed()
    page = Paginator(privacy.reads_visible_to(request.user), READ_LOG_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workplace/read_log.html",
        {"reads": privacy.with_subjects(list(page.object_list)), "page": page},
    )
