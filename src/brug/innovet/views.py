"""InnoVET pages. Thin: parse input, call a selector or service, render."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from brug.accounts.models import User
from brug.core import caching, policy
from brug.core.backlinks import backlinks_for
from brug.core.errors import NotAllowed, ServiceError
from brug.core.files import file_response
from brug.core.forms import SavedSearchForm, form_add_service_error, form_service_post
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.core.paging import page_of
from brug.innovet import materials, selectors, services
from brug.innovet.alerts import offer_clean, offer_describe
from brug.innovet.calendar import session_ics
from brug.innovet.certificates import certificate_pdf
from brug.innovet.forms import (
    AgreeForm,
    BookingForm,
    GuestRequestForm,
    MaterialForm,
    OfferForm,
    ReviewForm,
    SessionForm,
    SignalForm,
    VersionForm,
)
from brug.innovet.models import (
    GuestLessonRequest,
    Material,
    Offer,
    OfferKind,
    OfferStatus,
    Registration,
    Session,
)
from brug.innovet.schools import school_origin
from brug.innovet.search import SORTS, OfferQuery, offers_search
from brug.registry import geo
from brug.registry.models import Organisation, OrganisationKind


def _org_for(request: HttpRequest, roles: tuple[str, ...]) -> Organisation | None:
    ids = policy.organisations_of(request.user, roles=roles)
    return Organisation.objects.filter(pk__in=ids).order_by("pk").first() if ids else None


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.isdigit())


def _query_from(request: HttpRequest) -> tuple[OfferQuery, str]:
    get = request.GET
    try:
        max_cost = Decimal(get["max_cost"]) if get.get("max_cost") else None
    except InvalidOperation:
        max_cost = None
    try:
        within_km = float(get["km"]) if get.get("km") else None
    except ValueError:
        within_km = None
    place = get.get("place", "").strip()
    found = geo.resolve_place(place) if place else None
    origin = (found.latitude, found.longitude) if found is not None else None
    if origin is None and request.user.is_authenticated:
        school = _org_for(request, ("teacher", "guide", "technical_adviser"))
        origin = school_origin(school.pk) if school is not None else None
    try:
        page = int(get.get("page", "1"))
    except ValueError:
        page = 1
    query = OfferQuery(
        text=get.get("q", "")[:200],
        kinds=tuple(k for k in get.getlist("kind") if k in OfferKind.values),
        study_domain_ids=_ints(get.getlist("domain")),
        programme_ids=_ints(get.getlist("programme")),
        province_ids=_ints(get.getlist("province")),
        period=get.get("period", "")
        if get.get("period") in ("autumn", "spring", "on_request")
        else "",
        max_cost=max_cost,
        free_places=get.get("free") == "1",
        lateral_entry=get.get("zij") == "1",
        within_km=within_km,
        origin=origin,
        sort=get.get("sort", "relevance") if get.get("sort") in SORTS else "relevance",
        page=page,
    )
    return query, place


PER_PAGE = 50  # rows on one page of a list

FILTER_KEYS = ("kind", "domain", "programme", "province", "period", "max_cost", "free", "km")


def _save_form(request: HttpRequest, query: OfferQuery) -> SavedSearchForm | None:
    if not policy.can_any(request.user, "create", "core.savedsearch") or not query.has_criteria():
        return None
    params = {k: v for k, v in request.GET.items() if k not in ("page", "sort")}
    try:
        name = offer_describe(offer_clean(request.user, params))
    except ServiceError:
        return None
    return SavedSearchForm(
        initial={
            "kind": "innovet.offer",
            "criteria": request.GET.urlencode(),
            "name": name[:120],
            "mail": "none",
        }
    )


def search(request: HttpRequest) -> HttpResponse:
    query, place = _query_from(request)
    result = offers_search(request.user, query)
    cards = selectors.card_sessions(
        request.user, [o.pk for o in result.offers], period=query.period
    )
    for offer in result.offers:
        offer.card = cards[offer.pk]  # type: ignore[attr-defined]
    context = {
        "result": result,
        "query": query,
        "place": place,
        "map": selectors.offer_map(result.offers) if result.offers else None,
        "active_filters": sum(len([v for v in request.GET.getlist(k) if v]) for k in FILTER_KEYS),
        "save_form": _save_form(request, query),
        # Without a shared cache the facet counts can lag a write by the cache lifetime.
        "counts_max_age_minutes": max(1, round(caching.versioned_max_age_seconds() / 60))
        if caching.versioned_max_age_seconds()
        else 0,
    }
    template = "innovet/partials/search_form.html" if request.htmx else "innovet/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _offer_or_404(request: HttpRequest, pk: int, action: str = "view") -> Offer:
    return policy.visible_or_404(
        selectors.offers_visible_to(request.user).select_related("provider", "province"),
        pk,
        user=request.user,
        action=None if action == "view" else action,
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    sessions = list(offer.sessions.filter(is_cancelled=False))
    school = _org_for(request, ("guide",))
    teachers: list[User] = []
    if school is not None:
        teachers = services.members_of(school.pk, ["teacher"])
    return render(
        request,
        "innovet/offer_detail.html",
        {
            "offer": offer,
            "sessions": sessions,
            "registered": selectors.registered_session_ids(request.user, [x.pk for x in sessions]),
            "is_teacher": bool(policy.organisations_of(request.user, roles=("teacher",))),
            "guide_school": school,
            "teachers": teachers,
            "booking_form": BookingForm() if offer.kind == OfferKind.INFRASTRUCTURE else None,
            "guest_form": GuestRequestForm() if offer.kind == OfferKind.GUEST_TEACHER else None,
            "may_change": policy.can(request.user, "change", offer),
            "bookings": selectors.bookings_visible_to(request.user).filter(offer=offer),
            "backlinks": backlinks_for(request.user, offer),
        },
    )


@require_GET
def session_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The session as an .ics file ("add to calendar"), for whoever may see the offer."""
    session = get_object_or_404(
        Session.objects.select_related("offer__provider").filter(is_cancelled=False), pk=pk
    )
    _offer_or_404(request, session.offer_id)
    url = request.build_absolute_uri(reverse("innovet:offer-detail", args=[session.offer_id]))
    body = session_ics(session, url=url, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="brug-sessie-{session.pk}.ics"'
    return response


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("offer"), pk=pk)
    if not policy.can(request.user, "view", session.offer):
        raise Http404
    teacher: Any = request.user
    if request.POST.get("teacher"):
        teacher = get_object_or_404(User, pk=request.POST["teacher"])
    try:
        registration = services.registration_create(
            actor=request.user, session=session, teacher=teacher
        )
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        if registration.status == "waiting":
            messages.warning(
                request,
                str(
                    gettext_lazy(
                        "This session is full. You are on the waiting list and move up "
                        "automatically when a place becomes free."
                    )
                ),
            )
        else:
            messages.success(request, str(gettext_lazy("Registered.")))
    return redirect("innovet:offer-detail", pk=session.offer_id)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "innovet.registration"):
        raise NotAllowed()
    rows = (
        selectors.registrations_visible_to(request.user)
        .filter(teacher_id=request.user.pk)
        .select_related("certificate")  # the page links each certificate
        .order_by("-session__starts_at", "pk")
    )
    return render(
        request,
        "innovet/my_registrations.html",
        {"registrations": page_of(request, rows, PER_PAGE)},
    )


REGISTRATION_ACTIONS = {
    "cancel": lambda actor, r: services.registration_cancel(actor=actor, registration=r),
    "confirm": lambda actor, r: services.registration_confirm(actor=actor, registration=r),
    "forward": lambda actor, r: services.registration_forward(actor=actor, registration=r),
    "approve": lambda actor, r: services.registration_approve(actor=actor, registration=r),
    "reject": lambda actor, r: services.registration_reject(actor=actor, registration=r),
    "attended": lambda actor, r: services.registration_attendance_record(
        actor=actor, registration=r, attended=True
    ),
    "absent": lambda actor, r: services.registration_attendance_record(
        actor=actor, registration=r, attended=False
    ),
}


@login_required
@require_POST
def registration_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=pk)
    if action not in REGISTRATION_ACTIONS or not policy.can(request.user, "view", registration):
        raise Http404
    try:
        REGISTRATION_ACTIONS[action](request.user, registration)
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(pgettext_lazy("Opgeslagen.", "Saved.")))
    return redirect(request.POST.get("next") or "innovet:my-registrations")


@login_required
def provider_offers(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "change", "innovet.offer"):
        raise NotAllowed()
    offers = selectors.offers_managed_by(request.user)
    return render(
        request,
        "innovet/provider_offers.html",
        {"offers": page_of(request, offers, PER_PAGE), "stale_days": services.STALE_AFTER_DAYS},
    )


def _offer_url(offer: Offer) -> str:
    return reverse("innovet:offer-detail", args=[offer.pk])


def _offer_form_values(form: OfferForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("publish", None)
    return data


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    provider = _org_for(
        request,
        (
            "company_contact",
            "consultant",
            "rtc_staff",
            "vdab_staff",
            "guide",
            "support_staff",
            "reviewer",
            "platform_admin",
        ),
    )
    if provider is None or not policy.can(request.user, "create", Offer(provider=provider)):
        raise NotAllowed()
    form = OfferForm(request.POST or None, provider=provider)

    def page() -> HttpResponse:
        return render(request, "innovet/offer_form.html", {"form": form, "provider": provider})

    if request.method != "POST":
        return page()
    return form_service_post(
        request,
        form,
        lambda data: services.offer_create(
            actor=request.user,
            provider=provider,
            publish=data["publish"],
            **_offer_form_values(form),
        ),
        done=gettext_lazy("Offer saved."),
        success_url=_offer_url,
        again=page,
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk, "change")
    initial = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
    initial["study_domains"] = list(offer.study_domains.all())
    initial["programmes"] = list(offer.programmes.all())
    initial["qualifications"] = list(offer.qualifications.all())
    initial["publish"] = offer.status == OfferStatus.PUBLISHED
    form = OfferForm(request.POST or None, initial=initial, provider=offer.provider)
    session_form = SessionForm()

    def page() -> HttpResponse:
        return render(
            request,
            "innovet/offer_form.html",
            {
                "form": form,
                "offer": offer,
                "provider": offer.provider,
                "session_form": session_form,
            },
        )

    if request.method != "POST":
        return page()

    def update(data: dict[str, Any]) -> None:
        services.offer_update(actor=request.user, offer=offer, **_offer_form_values(form))
        wanted = OfferStatus.PUBLISHED if data["publish"] else OfferStatus.DRAFT
        if offer.status != wanted:
            services.offer_set_status(actor=request.user, offer=offer, status=wanted)

    return form_service_post(
        request,
        form,
        update,
        done=gettext_lazy("Offer updated."),
        success_url=_offer_url(offer),
        again=page,
    )


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk, "change")
    form = SessionForm(request.POST)
    return form_service_post(
        request,
        form,
        lambda data: services.session_add(actor=request.user, offer=offer, **data),
        done=gettext_lazy("Session added."),
        success_url=_offer_url(offer),
        again=lambda: render(
            request,
            "innovet/offer_form.html",
            {"form": None, "offer": offer, "provider": offer.provider, "session_form": form},
            status=400,
        ),
    )


@login_required
def provider_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    rows = (
        selectors.registrations_visible_to(request.user)
        .filter(session__offer=offer)
        .order_by("session__starts_at", "created_at")
    )
    if not policy.can(request.user, "change", offer) and not rows.exists():
        raise NotAllowed()
    return render(
        request, "innovet/provider_registrations.html", {"offer": offer, "registrations": rows}
    )


@login_required
def development_plan(request: HttpRequest) -> HttpResponse:
    # Every role at the school that plans development: the guide and the technical adviser
    # see the school's rows, a teacher their own (the selector reads through the policy).
    school = _org_for(request, ("guide", "technical_adviser", "teacher", "platform_admin"))
    if school is None or school.kind != OrganisationKind.SCHOOL:
        raise NotAllowed()
    plan = selectors.development_plan(request.user, school)
    return render(request, "innovet/plan.html", {"plan": plan})


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_by_code(code)
    status = 200 if certificate is not None else 404
    return render(
        request,
        "innovet/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificates_visible_to(request.user).filter(code=code).first()
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(f"/innovet/attest/{certificate.code}/")
    response = HttpResponse(
        certificate_pdf(certificate, verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="attest-{certificate.code}.pdf"'
    return response


# ------------------------------------------------------------------ material


def material_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.materials_visible_to(request.user).order_by("title", "pk")
    may_create = _org_for(request, tuple(r for r in policy.roles_of(request.user))) is not None
    return render(
        request,
        "innovet/material_list.html",
        {
            "materials": page_of(request, rows, PER_PAGE),
            "may_create": may_create and policy.can_any(request.user, "create", "innovet.material"),
        },
    )


@login_required
def material_create(request: HttpRequest) -> HttpResponse:
    provider = _org_for(request, tuple(policy.roles_of(request.user) - {"public"}))
    if provider is None or not policy.can(request.user, "create", Material(provider=provider)):
        raise NotAllowed()
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "innovet/material_form.html", {"form": form})
    return form_service_post(
        request,
        form,
        lambda data: materials.material_create(actor=request.user, provider=provider, **data),
        done=gettext_lazy("Material saved."),
        success_url=lambda material: reverse("innovet:material-detail", args=[material.pk]),
        again=lambda: render(request, "innovet/material_form.html", {"form": form}, status=400),
    )


def _material_or_404(request: HttpRequest, pk: int) -> Material:
    return policy.visible_or_404(selectors.materials_visible_to(request.user), pk)


def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material_or_404(request, pk)
    version_form = VersionForm()
    review_form = ReviewForm()
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise NotAllowed()
        step = request.POST.get("step")
        try:
            if step == "version":
                version_form = VersionForm(request.POST, request.FILES)
                if version_form.is_valid():
                    materials.material_version_add(
                        actor=request.user,
                        material=material,
                        upload=version_form.cleaned_data["upload"],
                        note=version_form.cleaned_data["note"],
                    )
            elif step == "submit":
                materials.material_submit(actor=request.user, material=material)
            elif step == "review":
                review_form = ReviewForm(request.POST)
                reviewer = _org_for(request, ("support_staff", "platform_admin"))
                if review_form.is_valid() and reviewer is not None:
                    materials.material_review(
                        actor=request.user,
                        material=material,
                        reviewer=reviewer,
                        approve=review_form.cleaned_data["decision"] == "approve",
                        note=review_form.cleaned_data["note"],
                    )
                elif reviewer is None:
                    raise NotAllowed()
        except ServiceError as exc:
            target = version_form if step == "version" else review_form
            form_add_service_error(target, exc)
            messages.error(request, str(exc.text))
        else:
            if not version_form.errors and not review_form.errors:
                messages.success(request, str(pgettext_lazy("Opgeslagen.", "Saved.")))
                return redirect("innovet:material-detail", pk=material.pk)
        material.refresh_from_db()
    return render(
        request,
        "innovet/material_detail.html",
        {
            "material": material,
            "versions": material.versions.all(),
            "version_form": version_form,
            "review_form": review_form,
            "may_change": policy.can(request.user, "change", material),
            "may_submit": policy.can(request.user, "submit", material),
            "may_review": policy.can(request.user, "review", material),
            "backlinks": backlinks_for(request.user, material),
        },
        status=400 if version_form.errors or review_form.errors else 200,
    )


def material_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    material = _material_or_404(request, pk)
    try:
        version = materials.material_download(actor=request.user, material=material)
    except ServiceError as exc:
        raise Http404(str(exc.text)) from exc
    return file_response(name=version.file.name, filename=version.original_name)


# ------------------------------------------------------------------ guest lessons and bookings


@login_required
def guest_requests(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "view", "innovet.guestlessonrequest"):
        raise NotAllowed()
    school = _org_for(request, ("guide", "teacher", "technical_adviser"))
    form = GuestRequestForm(request.POST or None)

    def page() -> HttpResponse:
        my_guest_offers = selectors.offers_visible_to(request.user, "change").filter(
            kind=OfferKind.GUEST_TEACHER
        )
        return render(
            request,
            "innovet/guest_requests.html",
            {
                "requests": page_of(
                    request, selectors.guest_requests_visible_to(request.user), PER_PAGE
                ),
                "form": form if school is not None else None,
                "agree_form": AgreeForm(),
                "guest_offers": my_guest_offers,
            },
        )

    if request.method != "POST" or school is None:
        return page()

    def send(data: dict[str, Any]) -> None:
        offer = None
        if request.POST.get("offer"):
            offer = get_object_or_404(Offer, pk=request.POST["offer"])
        services.guest_request_create(actor=request.user, school=school, offer=offer, **data)

    return form_service_post(
        request,
        form,
        send,
        done=gettext_lazy("Request sent."),
        success_url=reverse("innovet:guest-requests"),
        again=page,
    )


@login_required
@require_POST
def guest_request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    guest_request = get_object_or_404(GuestLessonRequest, pk=pk)
    if not policy.can(request.user, "view", guest_request):
        raise Http404
    try:
        if action == "agree":
            form = AgreeForm(request.POST)
            if not form.is_valid():
                raise ServiceError(gettext_lazy("Give a valid lesson date."))
            offer = None
            if request.POST.get("offer"):
                offer = get_object_or_404(Offer, pk=request.POST["offer"])
            services.guest_request_agree(
                actor=request.user,
                request=guest_request,
                lesson_date=form.cleaned_data["lesson_date"],
                offer=offer,
            )
        elif action in ("decline", "cancel"):
            services.guest_request_close(
                actor=request.user, request=guest_request, decline=action == "decline"
            )
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(pgettext_lazy("Opgeslagen.", "Saved.")))
    return redirect("innovet:guest-requests")


@login_required
@require_POST
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    school = _org_for(request, ("guide", "teacher", "technical_adviser"))
    if school is None:
        raise NotAllowed()
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            services.booking_create(
                actor=request.user, offer=offer, school=school, **form.cleaned_data
            )
        except ServiceError as exc:
            messages.error(request, str(exc.text))
        else:
            messages.success(request, str(gettext_lazy("Time slot booked.")))
    else:
        messages.error(request, str(gettext_lazy("Give a start and an end.")))
    return redirect("innovet:offer-detail", pk=offer.pk)


# ------------------------------------------------------------------ the RTC as broker


@login_required
def broker(request: HttpRequest) -> HttpResponse:
    rtc = _org_for(request, ("rtc_staff",))
    if rtc is None or rtc.kind != OrganisationKind.RTC:
        raise NotAllowed()
    view = selectors.broker_view(request.user, rtc)
    recipients = (
        Organisation.objects.filter(
            kind__in=[OrganisationKind.SCHOOL, OrganisationKind.COMPANY],
            sites__municipality__province__rtc_regions__organisations=rtc,
        )
        .distinct()
        .order_by("name")
    )
    form = SignalForm(request.POST or None, recipients=recipients)

    def page() -> HttpResponse:
        pending = selectors.registrations_visible_to(request.user, "forward").filter(
            status="pending_rtc"
        )
        return render(
            request,
            "innovet/broker.html",
            {"rtc": rtc, "view": view, "form": form, "pending": pending},
        )

    if request.method != "POST":
        return page()
    return form_service_post(
        request,
        form,
        lambda data: services.opportunity_signal(
            actor=request.user,
            rtc=rtc,
            subject=data["subject"],
            message=data["message"],
            recipients=list(data["recipients"]),
        ),
        done=gettext_lazy("Signal sent."),
        success_url=reverse("innovet:broker"),
        again=page,
    )
