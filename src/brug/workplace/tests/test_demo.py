"""The demo step works on whatever the registry step made, and keeps every invariant."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q

from brug.accounts.tests.factories import user_with_role
from brug.core.demo import SCALES, DemoContext
from brug.registry.models import Finality
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace.demo import workplace_learning
from brug.workplace.demo_guidance import workplace_guidance
from brug.workplace.tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_step_builds_consistent_data() -> None:
    sector = rf.SectorFactory()
    companies = [f.CompanyFactory(sectors=[sector], is_demo=True) for _ in range(30)]
    schools = [f.SchoolFactory(is_demo=True) for _ in range(3)]
    for org in [*companies, *schools]:
        rf.SiteFactory(organisation=org)
    partnership = f.PartnershipFactory(sectors=[sector])
    fund = rf.OrganisationFactory(kind="sector_fund", sectors=[sector])
    for _ in range(3):
        programme = rf.ProgrammeFactory(finality=Finality.LABOUR_MARKET, is_dual=True)
        qualification = rf.QualificationFactory()
        for _ in range(6):
            rf.CompetenceFactory(qualification=qualification)
        programme.qualifications.add(qualification)
    users = {
        "company_contact": user_with_role("company_contact", companies[0]),
        "guide": user_with_role("guide", schools[0]),
        "learner": user_with_role("learner", schools[0]),
        "reviewer": user_with_role("reviewer", partnership),
        "consultant": user_with_role("consultant", fund),
    }
    scale = SCALES["small"]
    ctx = DemoContext(scale=scale, seed=7)
    ctx.shared.update(demo_users=users, companies=companies, schools=schools, sector_funds=[fund])
    workplace_learning(ctx)
    workplace_guidance(ctx)
    again = DemoContext(scale=scale, seed=7)
    workplace_guidance(again)  # idempotent: placements with an agreement are skipped
    assert again.counts["workplace.agreements"] == 0

    assert ctx.counts["workplace.learners"] == scale.learners
    assert ctx.counts["workplace.placements"] > 0 and ctx.counts["workplace.contacts"] > 0
    assert not m.Opening.objects.filter(filled__gt=F("capacity")).exists()
    mismatched = m.Opening.objects.annotate(
        active=Count("placements", filter=Q(placements__status="active"))
    ).exclude(filled=F("active"))
    assert not mismatched.exists()
    assert m.Recognition.objects.filter(m.recognised_q(), company=companies[0]).exists()
    assert m.Learner.objects.filter(user=users["learner"]).exists()
    assert m.Recognition.objects.filter(partnership=partnership, status="submitted").exists()
    assert m.TrainingPlanItem.objects.exists()
    # Issue 14: an agreement per placement, signed only with every consent; feedback only after
    assert ctx.counts["workplace.agreements"] == ctx.counts["workplace.placements"]
    for agreement in m.LearningAgreement.objects.prefetch_related("consents"):
        assert agreement.is_signed == (agreement.consents.count() == 3)
    assert not m.WorkplaceFeedback.objects.filter(placement__status="active").exists()
    assert m.LearningAgreement.objects.filter(signed_at__isnull=False).exists()
    assert not m.Learner.objects.filter(is_demo=False).exists()
    # the demo school keeps learners without a place (for the guide's list and for matching)
    assert m.Learner.objects.filter(school=schools[0], placements__isnull=True).exists()


def test_demo_recognitions_follow_the_programme_sector_mapping() -> None:
    """Issue 17 §4: no construction company holds a recognition for hairdressing."""
    bouw, kappers = rf.SectorFactory(name="Bouw"), rf.SectorFactory(name="Kappers")
    builders = [f.CompanyFactory(sectors=[bouw], is_demo=True) for _ in range(12)]
    salons = [f.CompanyFactory(sectors=[kappers], is_demo=True) for _ in range(12)]
    schools = [f.SchoolFactory(is_demo=True) for _ in range(2)]
    for org in [*builders, *salons, *schools]:
        rf.SiteFactory(organisation=org)
    of_bouw = f.PartnershipFactory(sectors=[bouw])
    of_kappers = f.PartnershipFactory(sectors=[kappers])
    for name, sector in (("Ruwbouw", bouw), ("Haarverzorging", kappers)):
        programme = rf.ProgrammeFactory(name=name, finality=Finality.LABOUR_MARKET, is_dual=True)
        programme.sectors.set([sector])
        qualification = rf.QualificationFactory()
        rf.CompetenceFactory(qualification=qualification)
        programme.qualifications.add(qualification)
    users = {
        "company_contact": user_with_role("company_contact", builders[0]),
        "guide": user_with_role("guide", schools[0]),
    }
    ctx = DemoContext(scale=SCALES["small"], seed=11)
    ctx.shared.update(demo_users=users, companies=[*builders, *salons], schools=schools)
    workplace_learning(ctx)
    recognitions = m.Recognition.objects.exclude(status="draft")
    assert recognitions.filter(company__in=builders).exists()
    assert recognitions.filter(company__in=salons).exists()
    assert not recognitions.filter(company__in=builders, programme__name="Haarverzorging").exists()
    assert not recognitions.filter(company__in=salons, programme__name="Ruwbouw").exists()
    assert not recognitions.filter(programme__name="Ruwbouw").exclude(partnership=of_bouw).exists()
    assert (
        not recognitions.filter(programme__name="Haarverzorging")
        .exclude(partnership=of_kappers)
        .exists()
    )


def test_demo_learners_follow_the_routes_of_seed_002() -> None:
    """Every route of seed 002 gets learners, in its proportions; apprentices are at Syntra."""
    from brug.registry.models import LearningRoute
    from brug.workplace import demo_routes

    sector = rf.SectorFactory()
    companies = [f.CompanyFactory(sectors=[sector], is_demo=True) for _ in range(30)]
    schools = [f.SchoolFactory(is_demo=True) for _ in range(3)]
    for org in [*companies, *schools]:
        rf.SiteFactory(organisation=org)
    f.PartnershipFactory(sectors=[sector])
    routes = [
        (LearningRoute.FULL_TIME, Finality.DOUBLE),
        (LearningRoute.FULL_TIME, Finality.LABOUR_MARKET),
        (LearningRoute.PART_TIME_VOCATIONAL, Finality.LABOUR_MARKET),
        (LearningRoute.APPRENTICESHIP, Finality.LABOUR_MARKET),
        (LearningRoute.SPECIAL_OV3, Finality.LABOUR_MARKET),
    ]
    for route, finality in routes:
        programme = rf.ProgrammeFactory(route=route, finality=finality)
        programme.sectors.add(sector)
    ctx = DemoContext(scale=SCALES["small"], seed=7)
    ctx.shared.update(demo_users={}, companies=companies, schools=schools, sector_funds=[])
    workplace_learning(ctx)

    learners = list(m.Learner.objects.select_related("programme", "school"))
    counts: dict[str, int] = {}
    for learner in learners:
        bucket = demo_routes.bucket_of(learner.programme)
        counts[bucket] = counts.get(bucket, 0) + 1
    total = sum(demo_routes.SEED_002_LEARNERS.values())
    for bucket, seed_count in demo_routes.SEED_002_LEARNERS.items():
        share = counts.get(bucket, 0) / len(learners)
        assert counts.get(bucket, 0) > 0, bucket
        assert abs(share - seed_count / total) < 0.05, (bucket, share)
    apprentices = [x for x in learners if x.programme.route == LearningRoute.APPRENTICESHIP]
    assert {x.school.kind for x in apprentices} == {"syntra"}
    assert all(x.year_in_grade in (1, 2) for x in learners)
    reserved = m.Opening.objects.filter(target_group_places__gt=0)
    assert not reserved.exclude(target_group=m.TargetGroup.EARLY_LEAVERS).exists()
    assert (
        not m.Opening.objects.filter(programme__route=LearningRoute.APPRENTICESHIP)
        .exclude(days_per_week=4)
        .exists()
    )


def test_demo_recognitions_have_an_honest_checklist() -> None:
    sector = rf.SectorFactory()
    companies = [f.CompanyFactory(sectors=[sector], is_demo=True) for _ in range(20)]
    schools = [f.SchoolFactory(is_demo=True)]
    for org in [*companies, *schools]:
        rf.SiteFactory(organisation=org)
    f.PartnershipFactory(sectors=[sector])
    rf.ProgrammeFactory().sectors.add(sector)
    ctx = DemoContext(scale=SCALES["small"], seed=3)
    ctx.shared.update(demo_users={}, companies=companies, schools=schools, sector_funds=[])
    workplace_learning(ctx)
    approved = m.Recognition.objects.filter(status=m.RecognitionStatus.APPROVED)
    assert approved.exists()
    for rec in approved:
        assert rec.conditions.filter(verdict="met").count() == len(m.ConditionKind.values)
    assert not m.RecognitionCondition.objects.filter(verdict="met", evidence="").exists()
    assert (
        not m.RecognitionCondition.objects.filter(recognition__status=m.RecognitionStatus.DRAFT)
        .exclude(evidence="")
        .exists()
    )


def _row(obj: object, skip: set[str]) -> dict[str, object]:
    model = type(obj)
    return {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields  # type: ignore[attr-defined]
        if f.attname not in skip and not f.primary_key
    }


def test_plain_row_inserts_store_what_the_orm_stores() -> None:
    """The demo's multi-row inserts (core.bulk.with_defaults + insert_returning_ids) give each
    row the same values, defaults included, as `Model.objects.create` with the same fields."""
    from datetime import date

    from brug.accounts.models import Membership, User
    from brug.core.bulk import insert_returning_ids, with_defaults
    from brug.registry.models import Organisation, Site

    opening = f.OpeningFactory()
    school = f.SchoolFactory()
    municipality = rf.MunicipalityFactory()
    mentor = f.MentorFactory(company=opening.company)
    cases: list[tuple[type, dict[str, object]]] = [
        (Organisation, {"kind": "company", "name": "Demo (demo)", "is_demo": True}),
        (
            Site,
            {
                "organisation_id": school.pk,
                "name": "Hoofdzetel",
                "street": "Kerkstraat 1",
                "municipality_id": municipality.pk,
                "latitude": 51.05,
                "longitude": 3.72,
                "is_demo": True,
            },
        ),
        (
            User,
            {
                "username": "x",
                "first_name": "A",
                "last_name": "B",
                "password": "!",
                "is_demo": True,
            },
        ),
        (Membership, {"user_id": None, "organisation_id": school.pk, "role": "teacher"}),
        (
            m.Learner,
            {
                "school_id": school.pk,
                "programme_id": opening.programme_id,
                "grade": 3,
                "year_in_grade": 2,
                "early_school_leaver": False,
                "home_municipality_id": municipality.pk,
                "ready": True,
                "willing": None,
                "has_support_need": True,
                "is_demo": True,
            },
        ),
    ]
    skip = {"created_at", "updated_at", "date_joined", "pseudonym", "username", "user_id"}
    for model, given in cases:
        if model is Membership:
            given["user_id"] = User.objects.create(username="for-orm").pk
        fields, complete = with_defaults(model, list(given))
        [pk] = insert_returning_ids(model, fields, [complete(tuple(given.values()))])
        if model is User:
            given = {**given, "username": "y"}
        if model is Membership:
            given["user_id"] = User.objects.create(username="for-rows").pk
        by_orm = model.objects.create(**given)
        assert _row(model.objects.get(pk=pk), skip) == _row(
            model.objects.get(pk=by_orm.pk), skip
        ), model.__name__
    learner = m.Learner.objects.filter(is_demo=True).first()
    assert learner is not None and learner.pseudonym.startswith("L-")
    for model, given in (
        (
            m.Application,
            {
                "learner_id": learner.pk,
                "opening_id": opening.pk,
                "rank": 1,
                "status": m.ApplicationStatus.DECLINED,
                "decline_reason": m.DeclineReason.OTHER,
                "intake_on": date(2026, 9, 1),
                "is_demo": True,
            },
        ),
        (
            m.Placement,
            {
                "learner_id": learner.pk,
                "opening_id": opening.pk,
                "mentor_id": mentor.pk,
                "start": opening.start,
                "end": opening.end,
                "status": m.PlacementStatus.ENDED_EARLY,
                "end_reason": m.EndReason.HEALTH,
                "ended_on": opening.start,
                "is_demo": True,
            },
        ),
    ):
        fields, complete = with_defaults(model, list(given))
        [pk] = insert_returning_ids(model, fields, [complete(tuple(given.values()))])
        stored = _row(model.objects.get(pk=pk), skip | {"learner_id"})
        model.objects.filter(pk=pk).delete()  # the unique (learner, opening) pair again
        by_orm = model.objects.create(**given)
        assert stored == _row(model.objects.get(pk=by_orm.pk), skip | {"learner_id"})
