"""Pages of the shortage follow-up: signal a shortage to the responsible sector (from the
shortage radar), the sector's list of signals, and its answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_add_service_error
from brug.covenants import models as m
from brug.covenants import selectors, services
from brug.covenants.forms import ShortageAnswerForm, ShortageSignalForm
from brug.registry.models import Programme

SIGNALS_PER_PAGE = 25
RESOURCE = "covenants.shortagesignal"
# The roles that may signal, in the order their organisation is taken as the signaller.
SIGNALLING_ROLES = (
    "rtc_staff",
    "guide",
    "department_work",
    "department_education",
    "platform_admin",
)


def _programme_from(value: str | None) -> Programme | None:
    if not value or not value.isdigit() or len(value) > 9:
        return None
    return Programme.objects.filter(pk=int(value)).first()


@login_required
@require_http_methods(["GET"])
def signal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_any(user, "view", RESOURCE):
        raise NotAllowed()
    signals = selectors.shortage_signals_visible_to(user)
    status = request.GET.get("status", "")
    if status in m.SignalStatus.values:
        signals = signals.filter(status=status)
    page = Paginator(signals.order_by("-created_at", "-pk"), SIGNALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "covenants/signals.html",
        {
            "signals": page,
            "status": status,
            "statuses": m.SignalStatus.choices,
            "may_signal": policy.can_any(user, "create", RESOURCE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_any(user, "create", RESOURCE):
        raise NotAllowed()
    source = request.POST if request.method == "POST" else request.GET
    programme = _programme_from(source.get("programme"))
    initial = {
        "programme": programme,
        "province": source.get("province") if str(source.get("province", "")).isdigit() else None,
        "shortfall": source.get("shortfall")
        if str(source.get("shortfall", "")).isdigit()
        else None,
    }
    form = ShortageSignalForm(
        request.POST if request.method == "POST" else None, initial=initial, programme=programme
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                signal = services.shortage_signal_create(
                    actor=user,
                    programme=data["programme"],
                    province=data["province"],
                    sector=data["sector"],
                    organisation=services.signaller_organisation(user),
                    shortfall=data["shortfall"],
                    message=data["message"],
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                return redirect("covenants:signal", pk=signal.pk)
        status = 400
    return render(
        request,
        "covenants/signal_new.html",
        {"form": form, "programme": programme},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    signal = selectors.shortage_signal_for(user, pk)
    may_answer = policy.can(user, "answer", signal) and signal.status != m.SignalStatus.CLOSED
    form = (
        ShortageAnswerForm(
            request.POST if request.method == "POST" else None,
            initial={"answer": signal.answer, "places_found": signal.places_found},
        )
        if may_answer
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            raise NotAllowed()
        if form.is_valid():
            try:
                services.shortage_signal_answer(
                    actor=user,
                    signal=signal,
                    answer=form.cleaned_data["answer"],
                    places_found=form.cleaned_data["places_found"],
                    close=form.cleaned_data["close"],
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                return redirect("covenants:signal", pk=signal.pk)
        status = 400
    return render(request, "covenants/signal.html", {"signal": signal, "form": form}, status=status)
