"""Shortage follow-up (seed 000: where there are shortages, the sector actively searches for
places). A shortage on the radar is signalled to a sector responsible for the programme; the
sector answers with what it did and the places it found, which count on its covenant."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import User
from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.covenants import models as m
from brug.registry.models import Organisation, Programme, Province, Sector


def _sector_consultants(sector: Sector) -> list[User]:
    return list(
        User.objects.filter(
            memberships__role="consultant",
            memberships__is_active=True,
            memberships__organisation__sectors=sector,
        ).distinct()
    )


# The roles that may signal, in the order their organisation is taken as the signaller.
SIGNALLING_ROLES = (
    "rtc_staff",
    "guide",
    "department_work",
    "department_education",
    "platform_admin",
)


def signaller_organisation(actor: RequestUser) -> Organisation | None:
    """The organisation on whose behalf the actor signals (their RTC, school or department)."""
    ids = policy.organisations_of(actor, roles=SIGNALLING_ROLES)
    return Organisation.objects.filter(pk=ids[0]).first() if ids else None


def responsible_sectors(programme: Programme) -> list[Sector]:
    """The sectors responsible for a programme (reference data: programmes.csv)."""
    return list(programme.sectors.order_by("name"))


@transaction.atomic
def shortage_signal_create(
    *,
    actor: RequestUser,
    programme: Programme,
    province: Province,
    sector: Sector,
    organisation: Organisation | None,
    shortfall: int,
    message: str = "",
) -> m.ShortageSignal:
    """Signal a shortage of places in one programme and province to a responsible sector."""
    signal = m.ShortageSignal(
        programme=programme,
        province=province,
        sector=sector,
        signalled_by_organisation=organisation,
        signalled_by=signed_in(actor),
        message=bounds.text_within(message, field="message", max_length=m.SIGNAL_MESSAGE_MAX),
        shortfall=bounds.int_within(
            shortfall, field="shortfall", low=1, high=m.SIGNAL_SHORTFALL_MAX
        ),
    )
    policy.require(actor, "create", signal)
    if sector.pk not in {s.pk for s in responsible_sectors(programme)}:
        raise ServiceError(
            gettext_lazy(
                "This sector is not responsible for this programme; choose a sector from the list."
            ),
            code="not_responsible",
            field="sector",
        )
    try:
        with transaction.atomic():
            signal.save()
    except IntegrityError as exc:
        raise ServiceError(
            gettext_lazy(
                "You already signalled this shortage to this sector; it is waiting for an answer."
            ),
            code="already_open",
            field="sector",
        ) from exc
    audit_record(
        actor=actor,
        verb="covenants.shortage_signalled",
        obj=signal,
        changes={"shortfall": signal.shortfall},
    )
    notify(
        recipients=_sector_consultants(sector),
        subject=gettext_lazy(
            "Shortage signalled: {p} in {v}", p=programme.name, v=province.name_nl
        ),
        body=gettext_lazy(
            "{n} places are missing. Help find places and answer in Brug.", n=signal.shortfall
        ),
        url=reverse("covenants:signal", args=[signal.pk]),
    )
    return signal


@transaction.atomic
def shortage_signal_answer(
    *,
    actor: RequestUser,
    signal: m.ShortageSignal,
    answer: str,
    places_found: int,
    close: bool = False,
) -> m.ShortageSignal:
    """The sector's answer: what it did and how many places it found (counted on its covenant).
    An answered signal can be answered again (more places found); a closed one cannot."""
    signal = m.ShortageSignal.objects.select_for_update().get(pk=signal.pk)
    policy.require(actor, "answer", signal)
    if signal.status == m.SignalStatus.CLOSED:
        raise ServiceError(gettext_lazy("This signal is closed."), code="closed")
    answer = bounds.text_within(
        answer, field="answer", max_length=m.SIGNAL_ANSWER_MAX, required=True
    )
    places_found = bounds.int_within(
        places_found, field="places_found", low=0, high=m.SIGNAL_PLACES_MAX
    )
    before = {"status": signal.status, "places_found": signal.places_found}
    signal.answer = answer
    signal.places_found = places_found
    signal.status = m.SignalStatus.CLOSED if close else m.SignalStatus.ANSWERED
    signal.answered_by = signed_in(actor)
    signal.answered_at = timezone.now()
    signal.save(update_fields=["answer", "places_found", "status", "answered_by", "answered_at"])
    audit_record(
        actor=actor,
        verb="covenants.shortage_answered",
        obj=signal,
        changes={"before": before, "status": signal.status, "places_found": places_found},
    )
    notify(
        recipients=[signal.signalled_by],
        subject=gettext_lazy("The sector answered your shortage signal"),
        body=gettext_lazy(
            "{s}: {n} places found. {a}", s=signal.sector.name, n=places_found, a=answer
        ),
        url=reverse("covenants:signal", args=[signal.pk]),
    )
    return signal
