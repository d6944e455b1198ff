"""Every read of workplace learning for pages and the API. Each starts from `policy.visible`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import User
from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.audit import access_record, access_record_many
from brug.core.charts import MapPoint, PointMap, point_map
from brug.core.i18n import gettext_lazy
from brug.registry import geo
from brug.registry.models import LearningRoute, Organisation, OrganisationKind, Programme, Site
from brug.workplace import models as m

DISTANCES_KM = (5, 10, 20, 30, 50, 75, 100)


def mandates_visible_to(user: RequestUser) -> QuerySet[m.Mandate]:
    return policy.visible(user, m.Mandate.objects.select_related("company", "mandatee"))


def recognitions_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Recognition]:
    qs = m.Recognition.objects.select_related(
        "company", "site__municipality", "programme", "partnership"
    )
    return policy.visible(user, qs, action)


def review_queue_recognitions(user: RequestUser) -> QuerySet[m.Recognition]:
    """A reviewer's open applications, oldest first."""
    return (
        recognitions_visible_to(user, "review")
        .filter(status__in=m.IN_REVIEW_STATES)
        .order_by("submitted_at", "pk")
    )


def review_queue_for(
    user: RequestUser, recognitions: Iterable[m.Recognition] | None = None
) -> list[dict[str, Any]]:
    """A reviewer's open applications (or the given page of them), oldest first, with age and
    the target handling time."""
    qs = review_queue_recognitions(user) if recognitions is None else recognitions
    now = timezone.now()
    rows = []
    for rec in qs:
        age = (now - (rec.submitted_at or rec.created_at)).days
        rows.append(
            {
                "recognition": rec,
                "age_days": age,
                "target_days": m.REVIEW_TARGET_DAYS,
                "overdue": age > m.REVIEW_TARGET_DAYS,
            }
        )
    return rows


def recognition_events(
    user: RequestUser, recognition: m.Recognition
) -> QuerySet[m.RecognitionEvent]:
    visible = recognitions_visible_to(user).filter(pk=recognition.pk)
    return m.RecognitionEvent.objects.filter(recognition__in=visible).select_related("actor")


def conditions_visible_to(
    user: RequestUser, action: str = "view"
) -> QuerySet[m.RecognitionCondition]:
    qs = m.RecognitionCondition.objects.select_related("recognition")
    return policy.visible(user, qs, action)


def site_visits_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.SiteVisit]:
    qs = m.SiteVisit.objects.select_related("recognition")
    return policy.visible(user, qs, action)


def mentors_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Mentor]:
    return policy.visible(user, m.Mentor.objects.select_related("company", "site"), action)


def openings_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Opening]:
    qs = m.Opening.objects.select_related("company", "site__municipality", "programme")
    return policy.visible(user, qs, action)


def learners_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Learner]:
    qs = m.Learner.objects.select_related("school", "programme", "home_municipality")
    return policy.visible(user, qs, action)


def learners_with_status(user: RequestUser) -> QuerySet[m.Learner]:
    """The guide's list: each learner with counts of applications and active placements."""
    return learners_visible_to(user).annotate(
        n_applications=Count(
            "applications",
            filter=~Q(applications__status=m.ApplicationStatus.WITHDRAWN),
            distinct=True,
        ),
        n_active_placements=Count(
            "placements", filter=Q(placements__status=m.PlacementStatus.ACTIVE), distinct=True
        ),
    )


def learners_without_place(user: RequestUser) -> QuerySet[m.Learner]:
    return learners_with_status(user).filter(n_active_placements=0)  # type: ignore[misc]


def learner_identity_for(
    user: RequestUser, learner: m.Learner, *, purpose: str
) -> dict[str, Any] | None:
    """The identifying fields the user may see, logging the read. None when none may be seen.

    Full identity for the school's guide, the learner and the platform admin; a company sees
    only the first name of its candidates.
    """
    identity = m.LearnerIdentity.objects.filter(learner=learner).first()
    if identity is None:
        return None
    if policy.can(user, "view", identity):
        fields = ["first_name", "last_name", "birth_date", "email"]
    elif policy.can(user, "view_first_name", identity):
        fields = ["first_name"]
    else:
        return None
    access_record(reader=user, subject=learner, fields=fields, purpose=purpose)
    return {f: getattr(identity, f) for f in fields}


def first_names_for(
    user: RequestUser, learners: list[m.Learner], *, purpose: str
) -> dict[int, str]:
    """First names of several learners (for candidate lists), each read logged."""
    visible = policy.visible(
        user,
        m.LearnerIdentity.objects.filter(learner__in=[x.pk for x in learners]),
        "view_first_name",
    )
    # Only the first name is read from the identity row (not the whole identity).
    names = dict(visible.values_list("learner_id", "first_name"))
    # One statement for the whole list, not one per learner.
    access_record_many(
        reader=user,
        subjects=[m.Learner(pk=pk) for pk in names],
        fields=["first_name"],
        purpose=purpose,
    )
    return names


# Fields whose every read is logged like a learner's identity (issue 11 §6).
SUPPORT_NEED_FIELDS = ["has_support_need"]
MENTOR_SENSITIVE_FIELDS = ["birth_date", "criminal_record_checked_on"]


def support_need_read(
    user: RequestUser, learners: list[m.Learner], *, purpose: str
) -> list[m.Learner]:
    """The learners whose support-need flag `user` may see, each read logged (one statement)."""
    shown = [x for x in learners if policy.can(user, "view_support_need", x)]
    access_record_many(reader=user, subjects=shown, fields=SUPPORT_NEED_FIELDS, purpose=purpose)
    return shown


def mentors_sensitive_read(
    user: RequestUser, mentors: list[m.Mentor], *, fields: list[str], purpose: str
) -> list[m.Mentor]:
    """Log that `user` is shown `fields` (birth date, criminal-record check date) of `mentors`,
    which the caller got from `mentors_visible_to`; one statement for the whole page."""
    access_record_many(reader=user, subjects=mentors, fields=fields, purpose=purpose)
    return mentors


def applications_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Application]:
    qs = m.Application.objects.select_related(
        "learner__programme",
        "opening__company",
        "opening__site__municipality",
        "opening__programme",
    )
    return policy.visible(user, qs, action)


def candidates_of_companies(user: RequestUser, companies: list[int]) -> QuerySet[m.Application]:
    """The open applications for the companies' openings, newest first (the company home):
    with the learner and the opening's programme, which the list shows, and no other rows."""
    return (
        applications_visible_to(user)
        .select_related(None)
        .select_related("learner", "opening__programme")
        .filter(opening__company_id__in=companies)
        .exclude(status=m.ApplicationStatus.WITHDRAWN)
        .order_by("-pk")
    )


def placements_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Placement]:
    qs = m.Placement.objects.select_related(
        "learner__programme", "opening__company", "opening__site", "opening__programme", "mentor"
    )
    return policy.visible(user, qs, action)


def training_plans_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.TrainingPlan]:
    return policy.visible(user, m.TrainingPlan.objects.select_related("placement"), action)


def contacts_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Contact]:
    qs = m.Contact.objects.select_related("company", "school", "recorded_by")
    return policy.visible(user, qs, action)


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchCriteria:
    programme_id: int | None = None
    kind: str = ""
    start_after: date | None = None
    end_before: date | None = None
    free_only: bool = False
    place: geo.Place | None = None
    radius_km: int | None = None
    target_group: str = ""  # only openings with places reserved for this group
    learner: m.Learner | None = None  # only openings with a place open to this learner
    published_after: Any = None  # a datetime: only openings published since (saved-search alerts)
    ids: tuple[int, ...] | None = None  # only these openings (an alert for a publication)


# ---------------------------------------------------------------- target-group places

# Which learners belong to a target group (seed 000): by the route of their programme, or
# recorded by the school (early school leavers).
_ROUTE_GROUPS: dict[str, str] = {
    LearningRoute.SPECIAL_OV3: m.TargetGroup.BUSO,
    LearningRoute.PART_TIME_VOCATIONAL: m.TargetGroup.DBSO,
}


def target_groups_of(learner: m.Learner) -> set[str]:
    groups = set()
    group = _ROUTE_GROUPS.get(learner.programme.route)
    if group is not None:
        groups.add(str(group))
    if learner.early_school_leaver:
        groups.add(str(m.TargetGroup.EARLY_LEAVERS))
    return groups


def _in_target_group_q(prefix: str) -> Q:
    """The learner at `prefix` belongs to the target group of the opening being filtered."""
    return (
        Q(
            target_group=m.TargetGroup.BUSO,
            **{f"{prefix}programme__route": LearningRoute.SPECIAL_OV3},
        )
        | Q(
            target_group=m.TargetGroup.DBSO,
            **{f"{prefix}programme__route": LearningRoute.PART_TIME_VOCATIONAL},
        )
        | Q(target_group=m.TargetGroup.EARLY_LEAVERS, **{f"{prefix}early_school_leaver": True})
    )


def with_open_places(qs: QuerySet[m.Opening]) -> QuerySet[m.Opening]:
    """Annotate `reserved_open` (reserved places not yet taken by the target group) and
    `open_to_all` (free places any learner may take)."""
    taken_by_group = Count(
        "placements",
        filter=Q(placements__status=m.PlacementStatus.ACTIVE)
        & _in_target_group_q("placements__learner__"),
    )
    return qs.annotate(
        reserved_open=Greatest(F("target_group_places") - taken_by_group, Value(0))
    ).annotate(open_to_all=F("capacity") - F("filled") - F("reserved_open"))


def open_to_learner(qs: QuerySet[m.Opening], learner: m.Learner) -> QuerySet[m.Opening]:
    """Openings with a free place this learner may take: a reserved place when the learner
    belongs to the opening's target group, otherwise a place open to all."""
    groups = target_groups_of(learner)
    return with_open_places(qs).filter(
        Q(open_to_all__gt=0) | Q(target_group__in=groups, filled__lt=F("capacity"))
    )


@dataclass(frozen=True)
class OpeningHit:
    opening: m.Opening
    distance_km: float | None


def search_openings(
    user: RequestUser, criteria: SearchCriteria, *, limit: int = 50
) -> list[OpeningHit]:
    """Published openings at recognised workplaces, nearest first.

    The bounding box around the place is filtered in SQL (index on site latitude/longitude);
    the exact distance is computed in Python on what remains.
    """
    qs = _matching_openings(user, criteria)
    if criteria.place is None:
        return [OpeningHit(o, None) for o in qs.order_by("start", "pk")[:limit]]
    return [
        OpeningHit(o, d)
        for o, d in _nearest(qs, "site__", criteria.place, criteria.radius_km, limit)
    ]


def _matching_openings(user: RequestUser, criteria: SearchCriteria) -> QuerySet[m.Opening]:
    qs = (
        openings_visible_to(user)
        .filter(Q(status=m.OpeningStatus.PUBLISHED) & m.recognised_q("workplace__"))
        .select_related("company", "site__municipality", "programme")
    )
    if criteria.published_after is not None:
        qs = qs.filter(published_at__gt=criteria.published_after)
    if criteria.ids is not None:
        qs = qs.filter(pk__in=criteria.ids)
    if criteria.programme_id:
        qs = qs.filter(programme_id=criteria.programme_id)
    if criteria.kind:
        qs = qs.filter(kind=criteria.kind)
    if criteria.start_after:
        qs = qs.filter(start__gte=criteria.start_after)
    if criteria.end_before:
        qs = qs.filter(end__lte=criteria.end_before)
    if criteria.free_only:
        qs = qs.filter(filled__lt=F("capacity"))
    if criteria.target_group:
        qs = qs.filter(target_group=criteria.target_group, target_group_places__gt=0)
    if criteria.learner is not None:
        qs = open_to_learner(qs, criteria.learner)
    return qs


@dataclass(frozen=True)
class WorkplaceHit:
    workplace: m.Recognition
    distance_km: float | None


def search_workplaces(
    user: RequestUser,
    *,
    programme_id: int | None = None,
    place: geo.Place | None = None,
    radius_km: int | None = None,
    limit: int = 50,
) -> list[WorkplaceHit]:
    """Recognised (approved, unexpired) learning workplaces, nearest first."""
    qs = recognitions_visible_to(user).filter(m.recognised_q())
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if place is None:
        return [WorkplaceHit(w, None) for w in qs.order_by("company__name", "pk")[:limit]]
    return [WorkplaceHit(w, d) for w, d in _nearest(qs, "site__", place, radius_km, limit)]


# Rings searched before the requested radius (km): the nearest `limit` hits in dense Flanders
# lie within a few km, so reading the whole 50 km box (most of the region) is rarely needed.
RING_START_KM = 2.0
RING_GROWTH = 3.0
RING_LAST_KM = 60.0


def _nearest(
    qs: QuerySet[Any], site: str, place: geo.Place, radius_km: int | None, limit: int
) -> list[tuple[Any, float]]:
    """Nearest first (ties by id). Only ids and coordinates are read for a bounding box; full
    rows are loaded for the `limit` nearest only.

    The box grows in rings (2, 6, 18, ... km, then the requested radius): once at least `limit`
    hits lie within a ring's radius, every closer hit is in that ring's box too, so these are
    exactly the `limit` nearest of the whole radius (the same list as one pass over the whole
    box, see bench/workplace/README.md)."""
    rings: list[float | None] = []
    ring = RING_START_KM
    # Without a radius: rings up to 54 km, then every hit with coordinates.
    while ring < (radius_km or RING_LAST_KM):
        rings.append(ring)
        ring *= RING_GROWTH
    rings.append(radius_km)
    nearest: list[tuple[float, int]] = []
    for km in rings:
        nearest = _nearest_ids(qs, site, place, km)
        if len(nearest) >= limit:
            break
    nearest = nearest[:limit]
    by_pk = {obj.pk: obj for obj in qs.filter(pk__in=[pk for _, pk in nearest])}
    return [(by_pk[pk], round(d, 2)) for d, pk in nearest if pk in by_pk]


# SQLite (without STAT4) estimates a latitude range the same whatever its width, so with
# statistics it starts from the sites in the box even when the box is most of the region: a
# search with few hits (one programme) then read every site for its wide rings (0.5-0.8 s at
# `netherlands`). Beyond this ring it filters on the openings alone; the exact distance below
# keeps the same hits (see bench/demo/README.md).
SQLITE_BOX_MAX_KM = 6


def _nearest_ids(
    qs: QuerySet[Any], site: str, place: geo.Place, km: float | None
) -> list[tuple[float, int]]:
    """(distance, id) of every hit within `km` (all with coordinates when None), sorted."""
    if km and (km <= SQLITE_BOX_MAX_KM or connection.vendor != "sqlite"):
        lat0, lat1, lon0, lon1 = geo.bounding_box(place.latitude, place.longitude, km)
        # A subquery on the site table lets the database use its latitude/longitude index.
        in_box = Site.objects.filter(
            latitude__range=(lat0, lat1), longitude__range=(lon0, lon1)
        ).values("pk")
        qs = qs.filter(**{f"{site}id__in": in_box})
    else:
        qs = qs.filter(**{f"{site}latitude__isnull": False, f"{site}longitude__isnull": False})
    distances = []
    # No ORDER BY: the hits are sorted here, by distance and id.
    rows = qs.order_by().values_list("pk", f"{site}latitude", f"{site}longitude")
    for pk, lat, lon in rows:
        distance = geo.haversine_km(place.latitude, place.longitude, lat, lon)
        if not km or distance <= km:
            distances.append((distance, pk))
    distances.sort()
    return distances


def opening_map(hits: list[OpeningHit]) -> PointMap:
    """The search results as dots (the site's coordinates, else its municipality's): the same
    openings as the list beside the map, no others."""
    points: list[MapPoint] = []
    missing = 0
    for hit in hits:
        o = hit.opening
        site = o.site
        lat = site.latitude if site is not None else None
        lon = site.longitude if site is not None else None
        if (lat is None or lon is None) and site is not None:
            lat, lon = site.municipality.latitude, site.municipality.longitude
        if lat is None or lon is None:
            missing += 1
            continue
        points.append(
            MapPoint(
                latitude=lat,
                longitude=lon,
                label=f"{o.programme} · {o.company}",
                url=reverse("workplace:opening-detail", args=[o.pk]),
                detail=str(
                    gettext_lazy(
                        "{place}: {free} of {capacity} places free",
                        place=site.municipality.name_nl if site is not None else "",
                        free=o.free_places,
                        capacity=o.capacity,
                    )
                ),
            )
        )
    return point_map(
        title=gettext_lazy("Openings found, on the map"),
        points=points,
        without_coordinates=missing,
    )


@dataclass(frozen=True)
class RelatedProgramme:
    programme_id: int
    name: str
    openings: int


@dataclass(frozen=True)
class Contact:
    organisation: str
    name: str
    email: str


@dataclass
class SearchSuggestions:
    """What Brug proposes when a search finds nothing (each part may be empty)."""

    wider_radius_km: int | None = None
    wider_count: int = 0
    full_count: int = 0
    related: list[RelatedProgramme] | None = None
    consultants: list[Contact] | None = None

    def __bool__(self) -> bool:
        return bool(self.wider_radius_km or self.full_count or self.related or self.consultants)


def _count_within(user: RequestUser, criteria: SearchCriteria, radius_km: int | None) -> int:
    qs = _matching_openings(user, criteria)
    place = criteria.place
    if place is None:
        return qs.count()
    if radius_km:
        lat0, lat1, lon0, lon1 = geo.bounding_box(place.latitude, place.longitude, radius_km)
        qs = qs.filter(site__latitude__range=(lat0, lat1), site__longitude__range=(lon0, lon1))
    count = 0
    for lat, lon in (
        qs.filter(site__latitude__isnull=False, site__longitude__isnull=False)
        .order_by()
        .values_list("site__latitude", "site__longitude")
    ):
        if lat is None or lon is None:
            continue
        if (
            radius_km is None
            or geo.haversine_km(place.latitude, place.longitude, lat, lon) <= radius_km
        ):
            count += 1
    return count


def search_suggestions(user: RequestUser, criteria: SearchCriteria) -> SearchSuggestions:
    """A wider radius that finds something, full places (the learner joins the candidates on
    the waiting list), openings in related programmes (same study domain or a shared sector),
    and the sector consultants of the programme to contact. A bounded number of queries."""
    found = SearchSuggestions(related=[], consultants=[])
    if criteria.place is not None and criteria.radius_km:
        for km in DISTANCES_KM:
            if km <= criteria.radius_km:
                continue
            n = _count_within(user, replace(criteria, radius_km=km), km)
            if n:
                found.wider_radius_km, found.wider_count = km, n
                break
    if criteria.free_only:
        found.full_count = _count_within(
            user, replace(criteria, free_only=False), criteria.radius_km
        ) - _count_within(user, criteria, criteria.radius_km)
    if not criteria.programme_id:
        return found
    programme = Programme.objects.filter(pk=criteria.programme_id).first()
    if programme is None:
        return found
    sector_ids = list(programme.sectors.values_list("pk", flat=True))
    related_q = Q(study_domain_id=programme.study_domain_id)
    if sector_ids:
        related_q |= Q(sectors__in=sector_ids)
    related_ids = set(
        Programme.objects.filter(related_q).exclude(pk=programme.pk).values_list("pk", flat=True)
    )
    if related_ids:
        wider = replace(criteria, programme_id=None)
        counts = (
            _matching_openings(user, wider)
            .filter(programme_id__in=related_ids)
            .order_by()
            .values_list("programme_id", "programme__name")
            .annotate(n=Count("pk"))
        )
        found.related = sorted(
            (RelatedProgramme(pk, name, n) for pk, name, n in counts),
            key=lambda r: (-r.openings, r.name),
        )[:5]
    if sector_ids and getattr(user, "is_authenticated", False):
        people = (
            User.objects.filter(
                is_active=True,
                memberships__is_active=True,
                memberships__role="consultant",
                memberships__organisation__kind=OrganisationKind.SECTOR_FUND,
                memberships__organisation__sectors__in=sector_ids,
            )
            .values_list("first_name", "last_name", "email", "memberships__organisation__name")
            .distinct()
            .order_by("last_name", "first_name")[:5]
        )
        found.consultants = [
            Contact(organisation=org, name=f"{first} {last}".strip(), email=email)
            for first, last, email, org in people
        ]
    elif sector_ids:
        found.consultants = [
            Contact(organisation=name, name="", email="")
            for name in Organisation.objects.filter(
                kind=OrganisationKind.SECTOR_FUND, sectors__in=sector_ids
            )
            .values_list("name", flat=True)
            .distinct()
            .order_by("name")[:5]
        ]
    return found
