"""Registry pages: thin views over selectors (reads), importers (jobs) and the policy."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from brug.core import policy
from brug.core.errors import NotAllowed
from brug.core.i18n import gettext_lazy
from brug.core.jobs import job_start
from brug.core.models import Job
from brug.registry import selectors
from brug.registry.details import BUILDERS
from brug.registry.importers import LISTS, store_upload

PAGE_SIZE = 50
MAX_UPLOAD = 10 * 1024 * 1024


def _page_or_404(slug: str) -> selectors.ListPage:
    page = selectors.PAGES.get(slug)
    if page is None:
        raise Http404
    return page


def index(request: HttpRequest) -> HttpResponse:
    entries = selectors.index_entries(request.user)
    if not entries:
        raise NotAllowed()
    return render(request, "registry/index.html", {"entries": entries})


def sources(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "registry.referencelist"):
        raise NotAllowed()
    from brug.registry.models import Municipality

    missing = selectors.municipalities_visible_to(request.user).filter(latitude__isnull=True)
    return render(
        request,
        "registry/sources.html",
        {
            "lists": selectors.reference_lists_visible_to(request.user),
            "missing_coordinates": missing,
            "municipality_count": Municipality.objects.count(),
        },
    )


def list_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page_or_404(slug)
    if not policy.can_any(request.user, "view", page.resource):
        raise NotAllowed()
    params = {k: str(request.GET.get(k, "")) for k in request.GET}
    rows, applied = selectors.page_rows(request.user, page, params)
    paginator = Paginator(rows, PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    reference = selectors.reference_list(page.reference_key) if page.reference_key else None
    context = {
        "page": page,
        "rows": [
            {"obj": obj, "cells": [(c.value(obj), c.numeric) for c in page.columns]}
            for obj in current.object_list
        ],
        "current": current,
        "filters": [
            {"f": f, "choices": f.choices(), "value": applied.get(f.param, "")}
            for f in page.filters
        ],
        "q": params.get("q", ""),
        "sort": params.get("sort", ""),
        "reference": reference,
        "may_export": bool(page.export_key)
        and policy.can_any(request.user, "export", page.resource),
        "may_import": bool(page.import_key)
        and policy.can_any(request.user, "import", page.resource),
    }
    template = "registry/partials/list_results.html" if request.htmx else "registry/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = _page_or_404(slug)
    if not policy.can_any(request.user, "view", page.resource):
        raise NotAllowed()
    obj = selectors.visible_to(request.user, page.model).filter(pk=pk).first()
    if obj is None:
        raise Http404
    reference = selectors.reference_list(page.reference_key) if page.reference_key else None
    return render(
        request,
        "registry/detail.html",
        {
            "page": page,
            "obj": obj,
            "detail": BUILDERS[slug](request.user, obj),
            "reference": reference,
        },
    )


def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    page = _page_or_404(slug)
    if not page.export_key or fmt not in {"csv", "xlsx"}:
        raise Http404
    if not policy.can_any(request.user, "export", page.resource):
        raise NotAllowed()
    from brug.registry.importers import export_list

    filename = f"{page.export_key}.{fmt}"
    content = export_list(page.export_key, request.user, filename)
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, key: str) -> HttpResponse:
    spec = LISTS.get(key)
    if spec is None:
        raise Http404
    if not policy.can_any(request.user, "import", spec.resource):
        raise NotAllowed()
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        name = (upload.name or "") if upload is not None else ""
        if upload is None or not name.lower().endswith((".csv", ".xlsx")):
            error = gettext_lazy("Choose a CSV or XLSX file.")
        elif upload.size is not None and upload.size > MAX_UPLOAD:
            error = gettext_lazy("The file is larger than 10 MB.")
        else:
            dry_run = request.POST.get("dry_run") == "on"
            started = job_start(
                kind="registry.import",
                title=f"Import {key}: {name}" + (" (proef / dry run)" if dry_run else ""),
                user=request.user,
                params={
                    "list": key,
                    "filename": name,
                    "path": store_upload(name, upload.read()),
                    "dry_run": dry_run,
                },
            )
            return redirect(reverse("registry:import", args=[key]) + f"?job={started.pk}")
    job: Job | None = None
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        job = Job.objects.filter(pk=int(job_id), kind="registry.import").first()
        if job is not None and not policy.can(request.user, "view", job):
            job = None
    page_slug = next((p.slug for p in selectors.PAGES.values() if p.import_key == key), "")
    return render(
        request,
        "registry/import.html",
        {
            "spec": spec,
            "job": job,
            "result": job.result if job is not None and job.is_finished else None,
            "error": error,
            "page_slug": page_slug,
        },
        status=400 if error else 200,
    )
