"""Placements in bulk (a published matching round): all or nothing, set-based."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core.bulk import (
    foreign_keys_checked_per_set,
    insert_returning_ids,
    insert_rows,
    pg_array,
)
from brug.core.i18n import Message, gettext_lazy, ngettext_lazy
from brug.core.notify import notify
from brug.workplace import models as m
from brug.workplace import rules
from brug.workplace.services._common import _fail, _url
from brug.workplace.services.placement_rule import (
    Basis,
    PlacementSpec,
    chunks,
    placements_check,
    refuse_second_placement,
)

PLACEMENT_COLUMNS = (
    "learner",
    "opening",
    "mentor",
    "start",
    "end",
    "status",
    "end_reason",
    "created_by",
    "created_at",
    "is_demo",
)


@dataclass(frozen=True, slots=True)
class CreatedPlacement:
    """What `placements_create_bulk` returns per placement: the new row's id and facts (tens
    of thousands of model instances would cost more than writing the rows)."""

    pk: int
    learner_id: int
    opening_id: int
    mentor_id: int
    start: date
    end: date


def _bulk_refuse(text: Message, code: str, **params: object) -> None:
    _fail(text, code=code, field="items", **params)


def _bulk_take_places(load: Counter[int]) -> None:
    """Raise `filled` race-free: one conditional UPDATE per group of openings taking n places.

    Each row is checked and raised atomically by the database (`filled + n <= capacity`), so
    concurrent placements can never overfill; if any opening lacks room the caller's
    transaction is rolled back."""
    by_n: dict[int, list[int]] = defaultdict(list)
    for opening_id, n in load.items():
        by_n[n].append(opening_id)
    full = 0
    for n, ids in by_n.items():
        for chunk in chunks(ids, 500):
            done = m.Opening.objects.filter(pk__in=chunk, filled__lte=F("capacity") - n).update(
                filled=F("filled") + n
            )
            full += len(chunk) - done
    if full:
        _bulk_refuse(
            ngettext_lazy(
                "{n} opening does not have enough free places.",
                "{n} openings do not have enough free places.",
                full,
            ),
            "opening_full",
            n=full,
        )


def _trajectory_templates(
    keys: set[tuple[int, str]],
) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """Per (programme, kind): the plan's (competence, location) items: the standard trajectory,
    or else the same default split `training_plan_create` uses."""
    programmes = {p for p, _ in keys}
    standard: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for programme_id, competence_id, location in (
        m.StandardTrajectory.objects.filter(programme_id__in=programmes)
        .order_by("programme_id", "competence__order", "pk")
        .values_list("programme_id", "competence_id", "location")
    ):
        standard[programme_id].append((competence_id, location))
    from brug.registry.models import Competence

    missing = programmes - set(standard)
    competences: dict[int, list[int]] = defaultdict(list)
    for competence_id, programme_id in (
        Competence.objects.filter(qualification__programmes__pk__in=missing)
        .order_by("qualification_id", "order", "pk")
        .values_list("pk", "qualification__programmes__pk")
        .distinct()
    ):
        if competence_id not in competences[programme_id]:
            competences[programme_id].append(competence_id)
    templates: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for programme_id, kind in keys:
        if programme_id in standard:
            templates[(programme_id, kind)] = standard[programme_id]
            continue
        listed = competences.get(programme_id, [])
        at_work = rules.default_workplace_count(len(listed), dual=kind == m.PlacementKind.DUAL)
        templates[(programme_id, kind)] = [
            (c, m.LearningLocation.WORKPLACE if i < at_work else m.LearningLocation.SCHOOL)
            for i, c in enumerate(listed)
        ]
    return templates


def _bulk_training_plans(plan_keys: dict[int, tuple[int, str]], now: datetime) -> int:
    """A plan per placement (`plan_keys`: placement id -> (programme, kind)) and its items,
    copied from each key's template in the database (hundreds of thousands of items; no
    model object per item). Returns the number of items made."""
    placement_ids = list(plan_keys)
    plan_ids = insert_returning_ids(
        m.TrainingPlan,
        ["placement", "created_at"],
        [(pk, now) for pk in placement_ids],
        unique="placement",
    )
    keys = sorted(set(plan_keys.values()))
    templates = _trajectory_templates(set(keys))
    key_index = {key: i for i, key in enumerate(keys)}
    plan_template = [key_index[plan_keys[pk]] for pk in placement_ids]
    if connection.vendor == "postgresql":
        return _plan_items_unnest(plan_ids, plan_template, [templates[k] for k in keys])
    return _plan_items_per_template(plan_ids, plan_template, [templates[k] for k in keys])


def _plan_items_unnest(
    plan_ids: list[int], plan_template: list[int], templates: list[list[tuple[int, str]]]
) -> int:
    """PostgreSQL: every item in one INSERT ... SELECT, the plans and the templates sent as
    arrays and joined in the server (in plan order, so the indexes fill sequentially)."""
    quote = connection.ops.quote_name
    rows = [(i, n, c, loc) for i, tpl in enumerate(templates) for n, (c, loc) in enumerate(tpl)]
    if not rows:
        return 0
    # Only table names from model metadata go into the SQL text; values are parameters.
    sql = (
        f"INSERT INTO {quote(m.TrainingPlanItem._meta.db_table)} "  # noqa: S608
        "(plan_id, competence_id, location, progress) "
        "SELECT p.plan_id, t.competence_id, t.location, %s "
        "FROM unnest(%s::bigint[], %s::int[]) AS p(plan_id, template) "
        "JOIN unnest(%s::int[], %s::int[], %s::bigint[], %s::varchar[]) "
        "AS t(template, n, competence_id, location) USING (template) "
        "ORDER BY p.plan_id, t.n"
    )
    columns = [pg_array(list(col)) for col in zip(*rows, strict=True)]
    arrays = [pg_array(plan_ids), pg_array(plan_template), *columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, [m.ProgressLevel.NOT_STARTED, *arrays])
        return int(cursor.rowcount)


def _plan_items_per_template(
    plan_ids: list[int], plan_template: list[int], templates: list[list[tuple[int, str]]]
) -> int:
    """SQLite: per template, INSERT ... SELECT of the template's rows for 1,000 plans at a
    time (two small inputs per statement, so no join order can go wrong)."""
    quote = connection.ops.quote_name
    item = quote(m.TrainingPlanItem._meta.db_table)
    plan_table = quote(m.TrainingPlan._meta.db_table)
    plans_of: dict[int, list[int]] = defaultdict(list)
    for plan_id, template in zip(plan_ids, plan_template, strict=True):
        plans_of[template].append(plan_id)
    made = 0
    with connection.cursor() as cursor:
        for template, ids in plans_of.items():
            rows = templates[template]
            if not rows:
                continue
            values = ", ".join(["(%s, %s)"] * len(rows))
            params = [m.ProgressLevel.NOT_STARTED, *(v for row in rows for v in row)]
            for chunk in chunks(ids, 1000):
                # Only table names from model metadata go into the SQL text.
                sql = (
                    f"INSERT INTO {item} (plan_id, competence_id, location, progress) "  # noqa: S608
                    f"SELECT tp.id, t.column1, t.column2, %s FROM {plan_table} tp "
                    f"CROSS JOIN (VALUES {values}) t "
                    f"WHERE tp.id IN ({', '.join(['%s'] * len(chunk))})"
                )
                cursor.execute(sql, [*params, *chunk])
                made += cursor.rowcount
    return made


def _members_by_organisation(organisation_ids: set[int], role: str) -> dict[int, list[Any]]:
    from brug.accounts.models import Membership

    found: dict[int, list[Any]] = defaultdict(list)
    for chunk in chunks(sorted(organisation_ids)):
        for membership in Membership.objects.filter(
            organisation_id__in=chunk, role=role, is_active=True, user__is_active=True
        ).select_related("user"):
            found[membership.organisation_id].append(membership.user)
    return found


@transaction.atomic
def placements_create_bulk(
    *,
    actor: RequestUser | None,
    items: Sequence[PlacementSpec],
    source: str,
    basis: Basis,
    is_demo: bool = False,
) -> list[CreatedPlacement]:
    """Create many placements at once: all or nothing.

    The one placement rule (`placement_rule`) decides, as for `placement_create`: with
    `Basis.ROUND` (a matching round being published) the actor needs `place_by_round` on every
    opening (the matrix), which only the platform admin has outright; coordinators have it
    through `round_to_publish`, on the openings of a computed round they may publish (a
    relation the matching app defines). With `Basis.APPLICATION`, every item needs an
    accepted intake and the actor must be a party, as for one placement. Then: never more
    than the capacity, placements, training plans from the programme's standard trajectory,
    one audit entry per placement, and notifications grouped per company and per school.
    `source` says where the authority came from (audit, messages).
    """
    if not items:
        return []
    checked = placements_check(actor=actor, items=items, basis=basis)
    openings, learners, rows = checked.openings, checked.learners, checked.rows
    opening_ids = sorted(openings)
    load = Counter(spec.opening_id for spec in items)
    # Lock the openings (PostgreSQL; SQLite's writer lock already serialises), then take places.
    for chunk in chunks(opening_ids):
        list(m.Opening.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
    _bulk_take_places(load)

    user = user_or_none(actor)
    now = timezone.now()
    from brug.core.models import AuditEntry

    # Only inserts in this block: PostgreSQL checks their foreign keys per set, not per row.
    with foreign_keys_checked_per_set(m.Placement, m.TrainingPlan, m.TrainingPlanItem, AuditEntry):
        try:
            with transaction.atomic():  # the backstop: one active placement per learner
                ids = _insert_placements(user, rows, now, is_demo)
        except IntegrityError as exc:
            raise refuse_second_placement(exc) from exc
        placements = [
            CreatedPlacement(pk, spec.learner_id, spec.opening_id, spec.mentor_id, start, end)
            for pk, (spec, start, end) in zip(ids, rows, strict=True)
        ]
        _bulk_training_plans(
            {p.pk: (openings[p.opening_id][1], openings[p.opening_id][2]) for p in placements},
            now,
        )
        _bulk_audit(user, placements, source, now)
    _bulk_notify(placements, learners, openings, source)
    return placements


def _insert_placements(
    user: RequestUser | None,
    rows: list[tuple[PlacementSpec, date, date]],
    now: datetime,
    is_demo: bool,
) -> list[int]:
    return insert_returning_ids(
        m.Placement,
        PLACEMENT_COLUMNS,
        [
            (
                spec.learner_id,
                spec.opening_id,
                spec.mentor_id,
                start,
                end,
                m.PlacementStatus.ACTIVE,
                "",
                user.pk if user is not None else None,
                now,
                is_demo,
            )
            for spec, start, end in rows
        ],
        unique="learner",  # no learner twice (checked above)
    )


def _bulk_audit(
    user: RequestUser | None, placements: list[CreatedPlacement], source: str, now: datetime
) -> None:
    """One audit entry per placement, as `audit_record` would write it."""
    from brug.core.models import AuditEntry

    insert_rows(
        AuditEntry,
        ["at", "actor", "verb", "object_type", "object_id", "object_repr", "changes"],
        [
            (
                now,
                user.pk if user is not None else None,
                "placement.create",
                "workplace.placement",
                str(p.pk),
                f"{p.learner_id} @ {p.opening_id}",
                {
                    "source": source,
                    "learner": p.learner_id,
                    "opening": p.opening_id,
                    "mentor": p.mentor_id,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                },
            )
            for p in placements
        ],
    )


def _bulk_notify(
    placements: list[CreatedPlacement],
    learners: dict[int, Any],
    openings: dict[int, tuple[Any, ...]],
    source: str,
) -> None:
    """One message per company (to its contacts) and per school (to its guides)."""
    per_company = Counter(openings[p.opening_id][0] for p in placements)
    per_school = Counter(learners[p.learner_id][1] for p in placements)
    contacts = _members_by_organisation(set(per_company), "company_contact")
    guides = _members_by_organisation(set(per_school), "guide")
    company_url, school_url = _url("company"), _url("learners")
    for company_id, n in per_company.items():
        notify(
            recipients=contacts.get(company_id, []),
            subject=gettext_lazy("New placements"),
            body=ngettext_lazy(
                "{n} learner was placed at your company ({source}).",
                "{n} learners were placed at your company ({source}).",
                n,
                n=n,
                source=source,
            ),
            url=company_url,
        )
    for school_id, n in per_school.items():
        notify(
            recipients=guides.get(school_id, []),
            subject=gettext_lazy("New placements"),
            body=ngettext_lazy(
                "{n} of your learners was placed ({source}).",
                "{n} of your learners were placed ({source}).",
                n,
                n=n,
                source=source,
            ),
            url=school_url,
        )
