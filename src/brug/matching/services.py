"""Every write of matching rounds: create, open, rank, close, run (job), compute, publish.

State machine: draft → open (learners rank until the preference deadline) → closed → computed
(preview; a re-run replaces it) → published (placements created; final).
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import User
from brug.accounts.roles import Role
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.bulk import insert_rows
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import t
from brug.core.jobs import job_start
from brug.core.models import Job, JobStatus
from brug.core.notify import notify
from brug.matching.explain import result_reasons, round_details
from brug.matching.instance import build_round_data, opening_mentors
from brug.matching.models import (
    MAX_PREFERENCES,
    MatchingRound,
    RoundLearner,
    RoundMode,
    RoundOpening,
    RoundPreference,
    RoundResult,
    RoundRun,
    RoundScope,
    RoundStatus,
)
from brug.matching.preview import fairness_and_unplaced, stats_dict
from brug.matching_engine import (
    assigned_indices,
    check_valid,
    find_blocking_pairs,
    run_coverage,
    run_stable,
)
from brug.registry.models import Organisation, OrganisationKind, Programme, Province, Sector
from brug.workplace.models import (
    Learner,
    Opening,
    OpeningStatus,
    PlacementStatus,
    Recognition,
    recognised_q,
)
from brug.workplace.services import PlacementSpec, placements_create_bulk

RUN_JOB = "matching.run"
PUBLISH_JOB = "matching.publish"
MAX_RESERVE_SHARE = Decimal("0.5")
COORDINATOR_ROLE = {
    RoundScope.SCHOOL: Role.GUIDE,
    RoundScope.SECTOR: Role.CONSULTANT,
    RoundScope.REGION: Role.RTC_STAFF,
}
BATCH = 2000

Progress = Callable[..., None]


def _round_url(rnd: MatchingRound) -> str:
    return reverse("matching:round_detail", args=[rnd.pk])


def _coordinator_for(actor: Any, scope: str) -> Organisation | None:
    orgs = policy.organisations_of(actor, roles=[COORDINATOR_ROLE[RoundScope(scope)]])
    return Organisation.objects.filter(pk=orgs[0]).first() if orgs else None


def _openings_for(
    scope: str,
    *,
    sector: Sector | None,
    province: Province | None,
    programme_ids: Sequence[int] | None,
    kinds: Sequence[str] | None,
) -> QuerySet[Opening]:
    qs = Opening.objects.filter(status=OpeningStatus.PUBLISHED, capacity__gt=F("filled")).filter(
        recognised_q("workplace__")
    )
    if scope == RoundScope.SECTOR and sector is not None:
        qs = qs.filter(company__sectors=sector)
    if province is not None:
        qs = qs.filter(site__municipality__province=province)
    if programme_ids:
        qs = qs.filter(programme_id__in=programme_ids)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def _learners_without_place() -> QuerySet[Learner]:
    return Learner.objects.exclude(placements__status=PlacementStatus.ACTIVE)


@transaction.atomic
def round_create(
    *,
    actor: Any,
    name: str,
    scope: str,
    preference_deadline: datetime,
    intake_deadline: datetime,
    sector: Sector | None = None,
    province: Province | None = None,
    programmes: Sequence[Programme] | None = None,
    kinds: Sequence[str] | None = None,
    reserve_share: Decimal | float = 0,
    seed: int | None = None,
    coordinator: Organisation | None = None,
    is_demo: bool = False,
) -> MatchingRound:
    """Create a draft round; the openings and learners matching the filters are frozen in it."""
    if scope not in RoundScope.values:
        raise ServiceError(t("Onbekend bereik.", "Unknown scope."), code="scope", field="scope")
    coordinator = coordinator or _coordinator_for(actor, scope)
    if coordinator is None:
        raise NotAllowed()
    share = Decimal(str(reserve_share)).quantize(Decimal("0.01"))
    rnd = MatchingRound(
        name=name.strip(),
        coordinator=coordinator,
        scope=scope,
        sector=sector if scope == RoundScope.SECTOR else None,
        province=province if scope != RoundScope.SCHOOL else None,
        preference_deadline=preference_deadline,
        intake_deadline=intake_deadline,
        reserve_share=share,
        seed=seed if seed is not None else random.SystemRandom().randrange(1, 2**31),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    policy.require(actor, "create", rnd)
    if not rnd.name:
        raise ServiceError(
            t("Geef de ronde een naam.", "Name the round."), code="name", field="name"
        )
    if scope == RoundScope.SCHOOL and coordinator.kind != OrganisationKind.SCHOOL:
        raise ServiceError(
            t("Een schoolronde hoort bij een school.", "A school round belongs to a school."),
            code="coordinator",
            field="scope",
        )
    if scope == RoundScope.SECTOR and sector is None:
        raise ServiceError(t("Kies een sector.", "Choose a sector."), code="sector", field="sector")
    if scope == RoundScope.REGION and province is None:
        raise ServiceError(
            t("Kies een provincie.", "Choose a province."), code="province", field="province"
        )
    if preference_deadline <= timezone.now():
        raise ServiceError(
            t(
                "De deadline voor voorkeuren ligt in het verleden.",
                "The preference deadline has passed.",
            ),
            code="deadline",
            field="preference_deadline",
        )
    if intake_deadline < preference_deadline:
        raise ServiceError(
            t(
                "De intakedeadline valt niet vóór de deadline voor voorkeuren.",
                "The intake deadline cannot be before the preference deadline.",
            ),
            code="deadline",
            field="intake_deadline",
        )
    if not Decimal(0) <= share <= MAX_RESERVE_SHARE:
        raise ServiceError(
            t(
                "Het voorbehouden aandeel ligt tussen 0 en 0,5.",
                "The reserved share is between 0 and 0.5.",
            ),
            code="reserve_share",
            field="reserve_share",
        )
    programme_ids = [p.pk for p in programmes] if programmes else None
    if scope == RoundScope.SCHOOL:
        learner_qs = _learners_without_place().filter(school=coordinator)
        if programme_ids:
            learner_qs = learner_qs.filter(programme_id__in=programme_ids)
        programme_ids = list(learner_qs.values_list("programme_id", flat=True).distinct())
        opening_qs = _openings_for(
            scope, sector=None, province=None, programme_ids=programme_ids or [-1], kinds=kinds
        )
    else:
        opening_qs = _openings_for(
            scope, sector=sector, province=province, programme_ids=programme_ids, kinds=kinds
        )
        learner_qs = _learners_without_place().filter(
            programme_id__in=opening_qs.values("programme_id")
        )
        if province is not None:
            learner_qs = learner_qs.filter(home_municipality__province=province)
    opening_pks = list(opening_qs.values_list("pk", flat=True).distinct().order_by("pk"))
    learner_pks = list(learner_qs.values_list("pk", flat=True).distinct().order_by("pk"))
    if not opening_pks or not learner_pks:
        raise ServiceError(
            t(
                "Er zijn geen open plaatsen of geen lerenden zonder plaats binnen dit bereik.",
                "There are no open places or no learners without a place in this scope.",
            ),
            code="empty",
        )
    rnd.save()
    RoundOpening.objects.bulk_create(
        [RoundOpening(round=rnd, opening_id=pk) for pk in opening_pks], batch_size=BATCH
    )
    RoundLearner.objects.bulk_create(
        [RoundLearner(round=rnd, learner_id=pk) for pk in learner_pks], batch_size=BATCH
    )
    audit_record(
        actor=actor,
        verb="matching.round_created",
        obj=rnd,
        changes={"openings": len(opening_pks), "learners": len(learner_pks), "seed": rnd.seed},
    )
    return rnd


def _lock(rnd: MatchingRound) -> MatchingRound:
    return MatchingRound.objects.select_for_update().get(pk=rnd.pk)


def _require_status(rnd: MatchingRound, *allowed: str) -> None:
    if rnd.status not in allowed:
        if rnd.status == RoundStatus.PUBLISHED:
            raise ServiceError(
                t("Deze ronde is al gepubliceerd.", "This round has already been published."),
                code="already_published",
            )
        raise ServiceError(
            t(
                "Dat kan niet in de huidige fase van de ronde ({status}).",
                "That is not possible in the round's current stage ({status}).",
                status=rnd.status,
            ),
            code="status",
        )


def _participants(rnd: MatchingRound) -> tuple[list[User], list[User]]:
    """(learners with a login, guides of the participating schools)."""
    learners = list(User.objects.filter(learner_record__round_links__round=rnd).distinct())
    guides = list(
        User.objects.filter(
            memberships__role=Role.GUIDE,
            memberships__is_active=True,
            memberships__organisation__learners__round_links__round=rnd,
        ).distinct()
    )
    return learners, guides


@transaction.atomic
def round_open(*, actor: Any, rnd: MatchingRound) -> MatchingRound:
    """Open the round for preferences and tell the learners and their guides."""
    policy.require(actor, "change", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.DRAFT)
    if rnd.preference_deadline <= timezone.now():
        raise ServiceError(
            t(
                "De deadline voor voorkeuren ligt in het verleden.",
                "The preference deadline has passed.",
            ),
            code="deadline",
        )
    rnd.status = RoundStatus.OPEN
    rnd.save(update_fields=["status"])
    audit_record(actor=actor, verb="matching.round_opened", obj=rnd, changes={"status": "open"})
    learners, guides = _participants(rnd)
    notify(
        recipients=learners + guides,
        subject=t("Matchingsronde geopend: {name}", "Matching round open: {name}", name=rnd.name),
        body=t(
            "Rangschik je voorkeuren tot {deadline}.",
            "Rank your preferences until {deadline}.",
            deadline=timezone.localtime(rnd.preference_deadline).strftime("%d/%m/%Y %H:%M"),
        ),
        url=_round_url(rnd),
    )
    return rnd


@transaction.atomic
def preferences_set(
    *, actor: Any, rnd: MatchingRound, learner: Learner, openings: Sequence[Opening | int]
) -> list[RoundPreference]:
    """Replace `learner`'s ranked list in `rnd` (best first). An empty list withdraws."""
    policy.require(actor, "create", RoundPreference(round=rnd, learner=learner))
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.OPEN)
    if timezone.now() > rnd.preference_deadline:
        raise ServiceError(
            t("De deadline voor voorkeuren is voorbij.", "The preference deadline has passed."),
            code="deadline",
        )
    if not RoundLearner.objects.filter(round=rnd, learner=learner).exists():
        raise ServiceError(
            t("Deze lerende neemt niet deel aan deze ronde.", "This learner is not in this round."),
            code="learner",
            field="learner",
        )
    pks = [o if isinstance(o, int) else o.pk for o in openings]
    if len(pks) != len(set(pks)):
        raise ServiceError(
            t(
                "Elke werkplek mag maar één keer in je lijst staan.",
                "Each opening may appear only once.",
            ),
            code="duplicate",
            field="openings",
        )
    if len(pks) > MAX_PREFERENCES:
        raise ServiceError(
            t(
                "Je kunt hoogstens {n} voorkeuren opgeven.",
                "You can give at most {n} preferences.",
                n=MAX_PREFERENCES,
            ),
            code="too_many",
            field="openings",
        )
    known = set(
        RoundOpening.objects.filter(round=rnd, opening_id__in=pks).values_list(
            "opening_id", flat=True
        )
    )
    if set(pks) - known:
        raise ServiceError(
            t("Die werkplek hoort niet bij deze ronde.", "That opening is not part of this round."),
            code="opening",
            field="openings",
        )
    if Opening.objects.filter(pk__in=pks).exclude(programme_id=learner.programme_id).exists():
        raise ServiceError(
            t(
                "Die werkplek is voor een andere opleiding.",
                "That opening is for another programme.",
            ),
            code="programme",
            field="openings",
        )
    before = list(
        RoundPreference.objects.filter(round=rnd, learner=learner).values_list(
            "opening_id", flat=True
        )
    )
    RoundPreference.objects.filter(round=rnd, learner=learner).delete()
    user = actor if getattr(actor, "is_authenticated", False) else None
    created = RoundPreference.objects.bulk_create(
        [
            RoundPreference(round=rnd, learner=learner, opening_id=pk, rank=i, created_by=user)
            for i, pk in enumerate(pks, 1)
        ]
    )
    audit_record(
        actor=actor,
        verb="matching.preferences_set",
        obj=rnd,
        changes={"learner": learner.pk, "openings": [before, pks]},
    )
    return created


@transaction.atomic
def round_close(*, actor: Any, rnd: MatchingRound) -> MatchingRound:
    """Close the preferences once their deadline has passed."""
    policy.require(actor, "change", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.OPEN)
    if timezone.now() < rnd.preference_deadline:
        raise ServiceError(
            t(
                "Lerenden mogen nog rangschikken tot de deadline.",
                "Learners may still rank until the deadline.",
            ),
            code="deadline",
        )
    rnd.status = RoundStatus.CLOSED
    rnd.save(update_fields=["status"])
    audit_record(actor=actor, verb="matching.round_closed", obj=rnd, changes={"status": "closed"})
    return rnd


@transaction.atomic
def round_run_start(*, actor: Any, rnd: MatchingRound) -> Job:
    """Queue the computation (both modes) as a background job."""
    policy.require(actor, "run", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.CLOSED, RoundStatus.COMPUTED)
    if timezone.now() < rnd.intake_deadline:
        raise ServiceError(
            t(
                "De intakeresultaten zijn pas definitief na de intakedeadline.",
                "Intake outcomes are final only after the intake deadline.",
            ),
            code="deadline",
        )
    _require_no_job(rnd)
    job = job_start(
        kind=RUN_JOB,
        title=f"Matchingsronde / matching round: {rnd.name}",
        user=actor,
        params={"round": rnd.pk},
    )
    rnd.last_job = job
    rnd.save(update_fields=["last_job"])
    audit_record(actor=actor, verb="matching.run_requested", obj=rnd, changes={"job": job.pk})
    return job


def _require_no_job(rnd: MatchingRound) -> None:
    """One background job per round at a time (a computation or a publication)."""
    job = rnd.last_job
    if job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        if job.kind == PUBLISH_JOB:
            raise ServiceError(
                t("Deze ronde wordt al gepubliceerd.", "This round is already being published."),
                code="publishing",
            )
        raise ServiceError(
            t("Deze ronde wordt al berekend.", "This round is already being computed."),
            code="running",
        )


def _require_mode(mode: str) -> None:
    if mode not in RoundMode.values:
        raise ServiceError(t("Kies een modus.", "Choose a mode."), code="mode", field="mode")


def _run_of(rnd: MatchingRound, mode: str, *only: str) -> RoundRun:
    """The round's computed preview in `mode` (only the given fields, when named)."""
    runs = RoundRun.objects.filter(round=rnd, mode=mode)
    run = (runs.only(*only) if only else runs).first()
    if run is None:
        raise ServiceError(t("Bereken de ronde eerst.", "Compute the round first."), code="no_run")
    return run


@transaction.atomic
def round_publish_start(*, actor: Any, rnd: MatchingRound, mode: str) -> Job:
    """Queue the publication of `mode`'s result as a background job: a round of tens of
    thousands of learners takes longer than a web request should. `round_publish` checks
    everything again when the job runs."""
    policy.require(actor, "publish", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.COMPUTED)
    _require_mode(mode)
    _run_of(rnd, mode, "pk")  # tens of MB of preview need not be read to queue the job
    _require_no_job(rnd)
    job = job_start(
        kind=PUBLISH_JOB,
        title=f"Publicatie / publication: {rnd.name}",
        user=actor,
        params={"round": rnd.pk, "mode": mode},
    )
    rnd.last_job = job
    rnd.save(update_fields=["last_job"])
    audit_record(
        actor=actor,
        verb="matching.publish_requested",
        obj=rnd,
        changes={"job": job.pk, "mode": mode},
    )
    return job


def _scaled(
    progress: Progress | None, base: int, span: int, message: str
) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(base + span * done // max(total, 1), 100, message)

    return report


def round_compute(
    *, actor: Any, rnd: MatchingRound, progress: Progress | None = None
) -> dict[str, Any]:
    """Compute stable and coverage results and store them as the preview (replacing any)."""
    policy.require(actor, "run", rnd)
    _require_status(rnd, RoundStatus.CLOSED, RoundStatus.COMPUTED)
    report = _scaled(progress, 0, 10, "Gegevens lezen / reading data")
    report(0, 1)
    with gc_paused():
        runs, summary = _compute_runs(rnd, progress)
    with transaction.atomic():
        locked = _lock(rnd)
        _require_status(locked, RoundStatus.CLOSED, RoundStatus.COMPUTED)
        RoundRun.objects.filter(round=locked).delete()
        _fast_toast()
        # One INSERT per preview: Django's multi-row insert on PostgreSQL sends the rows as
        # `jsonb[]` arrays in text form, escaping every quote of the tens of MB of JSON.
        for run in runs:
            run.save(force_insert=True)
        locked.status = RoundStatus.COMPUTED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, verb="matching.round_computed", obj=locked, changes=summary)
    if progress is not None:
        progress(100, 100, "Klaar / done")
    return {**summary, "url": _round_url(rnd)}


def _fast_toast() -> None:
    """PostgreSQL: the previews are tens of MB of JSON; compressing them with lz4 instead of
    the default pglz takes a fraction of the time (this transaction only; reads are alike).
    Left as it is where the server was built without lz4."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        if cursor.fetchone():
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Millions of small lists and tuples: the cyclic GC would only rescan them (no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute_runs(
    rnd: MatchingRound, progress: Progress | None
) -> tuple[list[RoundRun], dict[str, int]]:
    data = build_round_data(rnd)
    instance = data.instance
    share = float(rnd.reserve_share)
    stable = run_stable(instance, progress=_scaled(progress, 10, 30, "Stabiel / stable"))
    coverage = run_coverage(instance, progress=_scaled(progress, 40, 40, "Dekking / coverage"))
    report = _scaled(progress, 80, 15, "Voorbeeld / preview")
    runs = []
    for result in (stable, coverage):
        problems = check_valid(instance, result)
        if problems:  # an engine bug must never reach a preview
            raise RuntimeError(f"engine result invalid: {problems[:3]}")
        assigned = assigned_indices(instance, result)
        fairness, unplaced = fairness_and_unplaced(data, assigned)
        details = round_details(instance, result)
        runs.append(
            RoundRun(
                round=rnd,
                mode=result.mode,
                seed=result.seed,
                reserve_share=share,
                job=rnd.last_job,
                assignment={
                    str(pk): (data.opening_pks[o] if o >= 0 else None)
                    for pk, o in zip(data.learner_pks, assigned, strict=True)
                },
                stats=stats_dict(result.stats),
                fairness=fairness,
                unplaced=unplaced,
                details=details,
                blocking_pairs=len(find_blocking_pairs(instance, result)),
            )
        )
        report(len(runs), 2)
    summary = {
        "stable_placed": stable.stats.placed,
        "coverage_placed": coverage.stats.placed,
        "extra_placed": coverage.stats.placed - stable.stats.placed,
        "coverage_blocking_pairs": runs[1].blocking_pairs,
    }
    return runs, summary


def _stale(nl: str, en: str) -> ServiceError:
    return ServiceError(
        t(
            "De gegevens veranderden sinds de berekening ({reason_nl}); bereken de ronde opnieuw.",
            "The data changed since the computation ({reason_en}); compute the round again.",
            reason_nl=nl,
            reason_en=en,
        ),
        code="stale",
    )


def _still_open(rnd: MatchingRound) -> set[int]:
    """The round's openings still published at a recognised workplace.

    Two primary-key lookups: SQLite plans the opening-recognition join badly at scale."""
    workplace_of = dict(
        Opening.objects.filter(round_links__round=rnd, status=OpeningStatus.PUBLISHED).values_list(
            "pk", "workplace_id"
        )
    )
    ids = sorted(set(workplace_of.values()))
    recognised: set[int] = set()
    for i in range(0, len(ids), BATCH):
        recognised.update(
            Recognition.objects.filter(pk__in=ids[i : i + BATCH])
            .filter(recognised_q())
            .values_list("pk", flat=True)
        )
    return {pk for pk, workplace in workplace_of.items() if workplace in recognised}


def round_publish(
    *, actor: Any, rnd: MatchingRound, mode: str, progress: Progress | None = None
) -> dict[str, int]:
    """Publish the computed result of `mode`: placements, results, notifications. Once only.

    One transaction, so `progress` can only say that it started and that it is done."""
    if progress is not None:
        progress(0, 100, "Plaatsen aanmaken / creating placements")
    with gc_paused():
        summary = _publish(actor=actor, rnd=rnd, mode=mode)
    if progress is not None:
        progress(100, 100, "Klaar / done")
    return summary


@transaction.atomic
def _publish(*, actor: Any, rnd: MatchingRound, mode: str) -> dict[str, int]:
    policy.require(actor, "publish", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.COMPUTED)
    _require_mode(mode)
    run = _run_of(rnd, mode)
    pairs = [(int(lp), int(op)) for lp, op in run.assignment.items() if op is not None]
    listed = {
        (lp, op): rank
        for lp, op, rank in RoundPreference.objects.filter(round=rnd).values_list(
            "learner_id", "opening_id", "rank"
        )
    }
    if any(pair not in listed for pair in pairs):
        raise _stale("toewijzing buiten de voorkeuren", "assignment outside the preferences")
    mentors = opening_mentors(rnd)
    if any(op not in mentors for _, op in pairs):
        raise _stale("geen geschikte actieve mentor", "no eligible active mentor")
    still_open = _still_open(rnd)
    if any(op not in still_open for _, op in pairs):
        raise _stale("een werkplek is niet meer open", "a workplace is no longer open")
    # The workplace app writes the placements (capacity, training plans, audit, notifications
    # to companies and schools); its refusals mean the data changed since the computation.
    try:
        placements = placements_create_bulk(
            actor=actor,
            items=[PlacementSpec(lp, op, mentors[op]) for lp, op in pairs],
            source=f"matchingsronde / matching round: {rnd.name}",
            is_demo=rnd.is_demo,
        )
    except ServiceError as exc:
        raise _stale(exc.text.nl, exc.text.en) from exc
    placement_of = {p.learner_id: p.pk for p in placements}

    def result_rows() -> Any:
        for key, detail in run.details.items():
            lp = int(key)
            op = run.assignment.get(key)
            rank = listed[(lp, op)] if op is not None else None
            reasons = result_reasons(detail)
            yield (rnd.pk, lp, op, rank, detail[0], reasons, placement_of.get(lp))

    results = insert_rows(
        RoundResult,
        [
            "round",
            "learner",
            "opening",
            "preference_rank",
            "lottery_number",
            "reasons",
            "placement",
        ],
        result_rows(),
    )

    rnd.status = RoundStatus.PUBLISHED
    rnd.mode = mode
    rnd.published_at = timezone.now()
    rnd.published_by = actor if getattr(actor, "is_authenticated", False) else None
    rnd.save(update_fields=["status", "mode", "published_at", "published_by"])
    summary = {"placed": len(pairs), "unplaced": results - len(pairs)}
    audit_record(
        actor=actor, verb="matching.round_published", obj=rnd, changes={"mode": mode, **summary}
    )
    _notify_published(rnd)
    return summary


def _notify_published(rnd: MatchingRound) -> None:
    """The learners hear it here; companies and schools from the workplace app's service."""
    learners, _guides = _participants(rnd)
    notify(
        recipients=learners,
        subject=t(
            "Resultaat matchingsronde: {name}", "Matching round result: {name}", name=rnd.name
        ),
        body=t(
            "Het resultaat van de matchingsronde staat klaar, met uitleg.",
            "The result of the matching round is ready, with an explanation.",
        ),
        url=reverse("matching:my_result", args=[rnd.pk]),
    )
