"""Every read of InnoVET for pages and the API. Each starts from `policy.visible`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import Membership, User
from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.charts import MapPoint, PointMap, point_map
from brug.core.i18n import gettext_lazy
from brug.innovet.models import (
    SEAT_HOLDING,
    Booking,
    CandidateStage,
    Certificate,
    FailedSearch,
    GuestLessonRequest,
    GuestLessonStatus,
    GuestTeacherCandidate,
    HybridJob,
    Material,
    Offer,
    OpportunitySignal,
    PlacementStatus,
    Registration,
    RegistrationStatus,
    Session,
    TeacherPlacement,
    TenDayRequest,
    TenDayStatus,
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


def ten_day_requests_visible_to(user: RequestUser, action: str = "view") -> QuerySet[TenDayRequest]:
    return policy.visible(user, TenDayRequest.objects.all(), action).select_related(
        "offer__provider", "school", "teacher"
    )


def ten_day_awaiting_decision(user: RequestUser) -> QuerySet[TenDayRequest]:
    """The requests waiting for VDAB's approval that this user may decide."""
    return ten_day_requests_visible_to(user, "decide").filter(status=TenDayStatus.REQUESTED)


def placements_visible_to(user: RequestUser, action: str = "view") -> QuerySet[TeacherPlacement]:
    return policy.visible(user, TeacherPlacement.objects.all(), action).select_related(
        "teacher", "school", "company"
    )


def placement_by_certificate(code: str) -> TeacherPlacement | None:
    """The public check of a placement certificate: whoever holds the code may check it."""
    if not 10 <= len(code) <= 32:
        return None
    return (
        TeacherPlacement.objects.filter(certificate_code=code, status=PlacementStatus.COMPLETED)
        .select_related("teacher", "school", "company")
        .first()
    )


def hybrid_jobs_visible_to(user: RequestUser, action: str = "view") -> QuerySet[HybridJob]:
    return policy.visible(user, HybridJob.objects.all(), action).select_related(
        "organisation", "study_domain", "province"
    )


def candidates_visible_to(
    user: RequestUser, action: str = "view"
) -> QuerySet[GuestTeacherCandidate]:
    return policy.visible(user, GuestTeacherCandidate.objects.all(), action).select_related(
        "company", "study_domain", "province"
    )


@dataclass
class MediatorIndicators:
    """Seed 001: the education mediator's indicators, the number of candidate guest teachers
    and the number of effective matches."""

    by_stage: dict[str, int]
    candidates: int
    matches: int
    agreed_lessons: int
    year: tuple[date, date]


def mediator_indicators(user: RequestUser) -> MediatorIndicators:
    start, end = school_year()
    counts = dict(
        candidates_visible_to(user)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    by_stage = {stage: counts.get(stage, 0) for stage in CandidateStage.values}
    # An aggregate count over Flanders (no rows, no names): agreed guest lessons this year.
    agreed = GuestLessonRequest.objects.filter(
        status=GuestLessonStatus.AGREED, agreed_at__date__range=(start, end)
    ).count()
    return MediatorIndicators(
        by_stage=by_stage,
        candidates=sum(v for k, v in by_stage.items() if k != CandidateStage.WITHDRAWN),
        matches=by_stage[CandidateStage.MATCHED],
        agreed_lessons=agreed,
        year=(start, end),
    )


@dataclass
class AdviserDesk:
    """A technical adviser's page (TA/TAC, seed 004): the school's companies, its
    collaborations and its open requests."""

    school: Organisation
    contacts: list[Organisation]
    signals: list[OpportunitySignal]
    ten_days: list[TenDayRequest]
    placements: list[TeacherPlacement]
    guest_requests: list[GuestLessonRequest]
    hybrid_jobs: list[HybridJob]


DESK_ROWS = 50


def adviser_desk(user: RequestUser, school: Organisation) -> AdviserDesk:
    placements = list(
        placements_visible_to(user).filter(school=school).order_by("-starts_on", "pk")[:DESK_ROWS]
    )
    guest = list(
        guest_requests_visible_to(user).filter(school=school).order_by("-created_at")[:DESK_ROWS]
    )
    company_ids = (
        set(
            placements_visible_to(user)
            .filter(school=school)
            .exclude(status=PlacementStatus.DECLINED)
            .values_list("company_id", flat=True)
        )
        | set(
            guest_requests_visible_to(user)
            .filter(school=school, status=GuestLessonStatus.AGREED)
            .values_list("matched_offer__provider_id", flat=True)
        )
        | set(
            bookings_visible_to(user)
            .filter(school=school)
            .values_list("offer__provider_id", flat=True)
        )
    )
    contacts = list(
        Organisation.objects.filter(pk__in=company_ids, kind=OrganisationKind.COMPANY).order_by(
            "name"
        )[:DESK_ROWS]
    )
    return AdviserDesk(
        school=school,
        contacts=contacts,
        signals=list(signals_visible_to(user).order_by("-created_at")[:DESK_ROWS]),
        ten_days=list(
            ten_day_requests_visible_to(user)
            .filter(school=school)
            .order_by("-created_at")[:DESK_ROWS]
        ),
        placements=placements,
        guest_requests=guest,
        hybrid_jobs=list(
            hybrid_jobs_visible_to(user)
            .filter(organisation=school)
            .order_by("-created_at")[:DESK_ROWS]
        ),
    )


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
    ten_days: list[TenDayRequest]
    placements: list[TeacherPlacement]

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
        ten_days=list(
            ten_day_requests_visible_to(user)
            .filter(school=school, first_day__range=(start, end))
            .order_by("first_day", "pk")[:200]
        ),
        placements=list(
            placements_visible_to(user)
            .filter(school=school, starts_on__range=(start, end))
            .order_by("starts_on", "pk")[:200]
        ),
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


def offer_map(offers: Sequence[Offer]) -> PointMap:
    """One page of search results as dots, at the offer's stored coordinates (its site, else
    the provider's); the same offers as the cards beside the map, no others."""
    points: list[MapPoint] = []
    missing = 0
    for offer in offers:
        if offer.latitude is None or offer.longitude is None:
            missing += 1
            continue
        points.append(
            MapPoint(
                latitude=offer.latitude,
                longitude=offer.longitude,
                label=offer.title,
                url=reverse("innovet:offer-detail", args=[offer.pk]),
                detail=offer.provider.name,
            )
        )
    return point_map(
        title=gettext_lazy("Offers on this page, on the map"),
        points=points,
        without_coordinates=missing,
    )


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
