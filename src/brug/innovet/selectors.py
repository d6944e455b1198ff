"""Every read of InnoVET for pages and the API. Each starts from `policy.visible`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from brug.accounts.models import Membership, User
from brug.accounts.people import RequestUser
from brug.core import policy
from brug.innovet.models import (
    SEAT_HOLDING,
    Booking,
    Certificate,
    FailedSearch,
    GuestLessonRequest,
    GuestLessonStatus,
    Material,
    Offer,
    OpportunitySignal,
    Registration,
    RegistrationStatus,
    Session,
)
from brug.registry.models import Organisation, OrganisationKind

# Seed 004: a school receives 70 to 100 EUR professional-development budget per teacher per
# school year (transport and VAT included).
BUDGET_PER_TEACHER_LOW = Decimal("70")
BUDGET_PER_TEACHER_HIGH = Decimal("100")


def school_year(today: date | None = None) -> tuple[date, date]:
    """1 September to 31 August."""
    today = today or timezone.localdate()
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def offers_visible_to(user: RequestUser, action: str = "view") -> QuerySet[Offer]:
    return policy.visible(user, Offer.objects.all(), action).select_related("provider", "province")


def offers_managed_by(user: RequestUser) -> QuerySet[Offer]:
    """The offers the user may change: a provider's own list."""
    return (
        offers_visible_to(user, "change")
        .annotate(
            registrations_count=Count(
                "sessions__registrations",
                filter=Q(sessions__registrations__status__in=SEAT_HOLDING),
            )
        )
        .order_by("-updated_at", "pk")
    )


def registrations_visible_to(user: RequestUser, action: str = "view") -> QuerySet[Registration]:
    return policy.visible(user, Registration.objects.all(), action).select_related(
        "session__offer__provider", "teacher", "school"
    )


def registrable_teacher(actor: RequestUser, teacher_id: int) -> User | None:
    """The user `actor` may register for a session: themself, or a teacher of a school where
    `actor` is a guide. None for every other id, whether or not it exists (no enumeration)."""
    if isinstance(actor, User) and actor.pk == teacher_id:
        return actor
    schools = policy.organisations_of(actor, roles=("guide",))
    if not schools:
        return None
    membership = (
        Membership.objects.filter(
            user_id=teacher_id, role="teacher", is_active=True, organisation_id__in=schools
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership is not None else None


def certificates_visible_to(user: RequestUser) -> QuerySet[Certificate]:
    return policy.visible(user, Certificate.objects.all(), "view")


def certificate_by_code(code: str) -> Certificate | None:
    """The public verification: whoever holds the (unguessable) code may check it."""
    return Certificate.objects.filter(code=code).first() if 10 <= len(code) <= 32 else None


def materials_visible_to(user: RequestUser, action: str = "view") -> QuerySet[Material]:
    return policy.visible(user, Material.objects.all(), action).select_related(
        "provider", "study_domain"
    )


def guest_requests_visible_to(user: RequestUser) -> QuerySet[GuestLessonRequest]:
    return policy.visible(user, GuestLessonRequest.objects.all(), "view").select_related(
        "school", "offer", "matched_offer", "study_domain"
    )


def bookings_visible_to(user: RequestUser) -> QuerySet[Booking]:
    return policy.visible(user, Booking.objects.all(), "view").select_related("offer", "school")


def signals_visible_to(user: RequestUser) -> QuerySet[OpportunitySignal]:
    return policy.visible(user, OpportunitySignal.objects.all(), "view").select_related("rtc")


@dataclass
class DevelopmentPlan:
    school: Organisation
    year: tuple[date, date]
    teachers: int
    registrations: list[Registration]
    attended: int
    budget_used: Decimal
    budget_low: Decimal
    budget_high: Decimal

    @property
    def over_budget(self) -> bool:
        return self.budget_used > self.budget_high


def development_plan(user: RequestUser, school: Organisation) -> DevelopmentPlan:
    """A school's professional development this school year against the 70-100 EUR budget."""
    start, end = school_year()
    rows = list(
        registrations_visible_to(user)
        .filter(school=school, session__starts_at__date__range=(start, end))
        .exclude(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED])
        .order_by("teacher__last_name", "session__starts_at")
    )
    teachers = (
        Membership.objects.filter(organisation=school, role="teacher", is_active=True)
        .values("user_id")
        .distinct()
        .count()
    )
    used = sum((r.cost_eur for r in rows if r.status != RegistrationStatus.WAITING), Decimal("0"))
    return DevelopmentPlan(
        school=school,
        year=(start, end),
        teachers=teachers,
        registrations=rows,
        attended=sum(1 for r in rows if r.attended),
        budget_used=used,
        budget_low=BUDGET_PER_TEACHER_LOW * teachers,
        budget_high=BUDGET_PER_TEACHER_HIGH * teachers,
    )


@dataclass
class BrokerView:
    failed_searches: list[FailedSearch]
    open_requests: list[GuestLessonRequest]
    schools_without_registration: list[Organisation]
    offers_used: Sequence[Offer]


def broker_view(user: RequestUser, rtc: Organisation) -> BrokerView:
    """The demand in an RTC's provinces (what the RTC may see, nothing more)."""
    provinces = (
        list(rtc.rtc_region.provinces.values_list("pk", flat=True)) if rtc.rtc_region else []
    )
    start, end = school_year()
    failed = list(
        policy.visible(user, FailedSearch.objects.all(), "view")
        .filter(province_id__in=provinces)
        .order_by("-created_at")[:100]
    )
    open_requests = list(
        guest_requests_visible_to(user)
        .filter(province_id__in=provinces, offer__isnull=True, status=GuestLessonStatus.OPEN)
        .order_by("created_at")[:100]
    )
    registered_schools = Registration.objects.filter(created_at__date__range=(start, end)).values(
        "school_id"
    )
    # Schools are public registry data; which of them registered is a count per school only.
    schools = list(
        Organisation.objects.filter(
            kind=OrganisationKind.SCHOOL, sites__municipality__province_id__in=provinces
        )
        .exclude(pk__in=registered_schools)
        .distinct()
        .order_by("name")[:200]
    )
    used = list(
        offers_visible_to(user)
        .filter(province_id__in=provinces)
        .annotate(
            seats=Count(
                "sessions__registrations",
                filter=Q(sessions__registrations__status__in=SEAT_HOLDING),
            ),
            attended=Count(
                "sessions__registrations", filter=Q(sessions__registrations__attended=True)
            ),
        )
        .order_by("-seats", "title")[:50]
    )
    return BrokerView(failed, open_requests, schools, used)


def offer_usage_total(offers: QuerySet[Offer]) -> int:
    return (
        Registration.objects.filter(session__offer__in=offers, status__in=SEAT_HOLDING).aggregate(
            n=Count("pk")
        )["n"]
        or 0
    )


def budget_spent(registrations: QuerySet[Registration]) -> Decimal:
    return registrations.aggregate(s=Sum("cost_eur"))["s"] or Decimal("0")


# ---------------------------------------------------------------- search cards

PERIOD_MONTHS = {"autumn": (10, 11), "spring": (2, 3, 4)}
ACTIVE_REGISTRATION = ("pending_rtc", "pending_vdab", "registered", "confirmed", "waiting")


@dataclass(frozen=True)
class CardSession:
    """The session a search card shows: the first upcoming one in the chosen period (else the
    first upcoming one), and whether the person is registered for a session of the offer."""

    session: Session | None
    in_period: bool
    registered: bool
    registered_status: str = ""


def card_sessions(
    user: RequestUser, offer_ids: list[int], *, period: str = ""
) -> dict[int, CardSession]:
    """Two queries for a page of cards, whatever its size."""
    months = PERIOD_MONTHS.get(period, ())
    now = timezone.now()
    upcoming: dict[int, list[Session]] = {}
    for s in Session.objects.filter(
        offer_id__in=offer_ids, is_cancelled=False, starts_at__gte=now
    ).order_by("starts_at", "pk"):
        upcoming.setdefault(s.offer_id, []).append(s)
    mine: dict[int, str] = {}
    if getattr(user, "is_authenticated", False):
        for offer_id, status in (
            Registration.objects.filter(
                teacher_id=user.pk, session__offer_id__in=offer_ids, status__in=ACTIVE_REGISTRATION
            )
            .order_by("created_at")
            .values_list("session__offer_id", "status")
        ):
            mine[offer_id] = status
    cards: dict[int, CardSession] = {}
    for offer_id in offer_ids:
        sessions = upcoming.get(offer_id, [])
        zone = timezone.get_current_timezone()
        chosen = next((s for s in sessions if s.starts_at.astimezone(zone).month in months), None)
        in_period = chosen is not None
        chosen = chosen or (sessions[0] if sessions else None)
        cards[offer_id] = CardSession(
            session=chosen,
            in_period=in_period,
            registered=offer_id in mine,
            registered_status=mine.get(offer_id, ""),
        )
    return cards


def registered_session_ids(user: RequestUser, session_ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Registration.objects.filter(
            teacher_id=user.pk, session_id__in=session_ids, status__in=ACTIVE_REGISTRATION
        ).values_list("session_id", flat=True)
    )
