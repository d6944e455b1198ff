"""Pages of the partnership register. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_add_service_error, form_service_post
from brug.core.i18n import gettext_lazy
from brug.partnerships import selectors, services
from brug.partnerships.forms import DecisionForm, MemberForm, PartnershipForm
from brug.partnerships.labels import KIND_LABELS, SIDE_LABELS
from brug.partnerships.models import Partnership, PartnershipKind
from brug.partnerships.search import SORTS, PartnershipQuery, partnerships_search
from brug.registry import geo
from brug.registry.models import Organisation

RESOURCE = "partnerships.partnership"


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.isdigit() and len(v) < 10)


def _query_from(request: HttpRequest) -> tuple[PartnershipQuery, str]:
    get = request.GET
    try:
        within_km = float(get["km"]) if get.get("km") else None
    except ValueError:
        within_km = None
    if within_km is not None and not 0 < within_km <= 300:
        within_km = None
    place = get.get("place", "").strip()[:100]
    found = geo.resolve_place(place) if place else None
    page = get.get("page", "1")
    return (
        PartnershipQuery(
            text=get.get("q", "")[:200],
            kinds=tuple(k for k in get.getlist("kind") if k in PartnershipKind.values),
            themes=tuple(v[:100] for v in get.getlist("theme"))[:10],
            province_ids=_ints(get.getlist("province")),
            study_domain_ids=_ints(get.getlist("domain")),
            running=get.get("running") == "1",
            within_km=within_km,
            origin=(found.latitude, found.longitude) if found is not None else None,
            sort=get.get("sort", "relevance") if get.get("sort") in SORTS else "relevance",
            page=int(page) if page.isdigit() and len(page) < 7 else 1,
        ),
        place,
    )


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    try:
        query, place = _query_from(request)
    except ServiceError as exc:  # an unknown postcode: search without distance, say why
        query, place = PartnershipQuery(text=request.GET.get("q", "")[:200]), ""
        error: str | None = str(exc.text)
    else:
        error = None
    result = partnerships_search(selectors.register_base(request.user), query)
    return render(
        request,
        "partnerships/register.html",
        {
            "result": result,
            "query": query,
            "place": place,
            "place_error": error,
            "kind_labels": {k: str(v) for k, v in KIND_LABELS.items()},
            "may_create": policy.can_any(request.user, "create", RESOURCE),
        },
    )


def _detail_context(request: HttpRequest, partnership: Partnership, **extra: Any) -> dict[str, Any]:
    members = list(partnership.members.all())
    sides = [
        (str(label), [m for m in members if m.side == side]) for side, label in SIDE_LABELS.items()
    ]
    may_change = policy.can(request.user, "change", partnership)
    return {
        "p": partnership,
        "kind_label": str(KIND_LABELS[partnership.kind]),
        "sides": [(label, rows) for label, rows in sides if rows],
        "may_change": may_change,
        "member_form": MemberForm() if may_change else None,
        "decision_form": DecisionForm()
        if may_change and partnership.kind == PartnershipKind.DUAL_SECTORAL
        else None,
    } | extra


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_detail(request.user, pk)
    return render(request, "partnerships/detail.html", _detail_context(request, partnership))


def _owner_for(request: HttpRequest) -> Organisation:
    """The organisation the signed-in person registers for: the first one the matrix lets
    them create an entry for."""
    for org_id in policy.organisations_of(request.user):
        owner = Organisation.objects.filter(pk=org_id).first()
        if owner is not None and policy.can(request.user, "create", Partnership(owner=owner)):
            return owner
    raise NotAllowed(
        gettext_lazy(
            "Register a partnership from a school, company, sector fund, RTC or partnership."
        )
    )


def _form_values(form: PartnershipForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    return {
        "kind": data["kind"],
        "title": data["title"],
        "goal": data["goal"],
        "theme": data["theme"],
        "description": data["description"],
        "results": data["results"],
        "start": data["start"],
        "end": data["end"],
        "url": data["url"],
        "province": data["province"],
    }


@login_required
def create(request: HttpRequest) -> HttpResponse:
    owner = _owner_for(request)
    form = PartnershipForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        context = {"form": form, "owner": owner}
        return render(request, "partnerships/form.html", context, status=status)

    if request.method == "POST":
        return form_service_post(
            request,
            form,
            lambda data: services.partnership_create(
                actor=request.user,
                owner=owner,
                study_domains=data["study_domains"],
                publish=data["is_published"],
                **_form_values(form),
            ),
            done=None,  # the partnership's own page follows
            success_url=lambda made: reverse("partnerships:detail", kwargs={"pk": made.pk}),
            again=lambda: page(status=400),
        )
    return page()


@login_required
def change(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = policy.visible_or_404(
        selectors.partnerships_visible_to(request.user), pk, user=request.user, action="change"
    )
    initial = {
        name: getattr(partnership, name) for name in (*services.FIELDS, "province", "is_published")
    } | {"study_domains": list(partnership.study_domains.all())}
    form = PartnershipForm(request.POST or None, initial=initial)

    def page(status: int = 200) -> HttpResponse:
        context = {"form": form, "owner": partnership.owner, "p": partnership}
        return render(request, "partnerships/form.html", context, status=status)

    if request.method == "POST":
        return form_service_post(
            request,
            form,
            lambda data: services.partnership_change(
                actor=request.user,
                partnership=partnership,
                study_domains=data["study_domains"],
                is_published=data["is_published"],
                **_form_values(form),
            ),
            done=None,  # the partnership's page shows the change
            success_url=reverse("partnerships:detail", kwargs={"pk": partnership.pk}),
            again=lambda: page(status=400),
        )
    return page()


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = policy.visible_or_404(
        selectors.partnerships_visible_to(request.user), pk, user=request.user, action="change"
    )
    form = MemberForm(request.POST)
    if form.is_valid():
        organisation = selectors.organisation_by_name_or_number(form.cleaned_data["organisation"])
        try:
            if organisation is None:
                raise ServiceError(
                    gettext_lazy("No organisation found with that name or enterprise number."),
                    code="unknown_organisation",
                    field="organisation",
                )
            services.partnership_member_add(
                actor=request.user,
                partnership=partnership,
                organisation=organisation,
                role=form.cleaned_data["role"],
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return redirect("partnerships:detail", pk=partnership.pk)
    partnership = selectors.partnership_detail(request.user, pk)
    return render(
        request,
        "partnerships/detail.html",
        _detail_context(request, partnership, member_form=form),
        status=400,
    )


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = policy.visible_or_404(
        selectors.partnerships_visible_to(request.user), pk, user=request.user, action="change"
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.partnership_decision_add(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return redirect("partnerships:detail", pk=partnership.pk)
    partnership = selectors.partnership_detail(request.user, pk)
    return render(
        request,
        "partnerships/detail.html",
        _detail_context(request, partnership, decision_form=form),
        status=400,
    )
