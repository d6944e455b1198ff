from __future__ import annotations

from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.demo import DemoContext, Scale
from brug.innovet.demo import demo_catalogue
from brug.innovet.models import GuestLessonRequest, Offer, Registration, Session
from brug.innovet.search import OfferQuery, offers_search
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import OrganisationFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _context(seed: int) -> DemoContext:
    scale = Scale("test", schools=2, companies=3, learners=0, offers=60, teachers_per_school=1)
    school = f.school()
    for kind in ("company", "sector_fund", "rtc", "vdab", "support_service"):
        SiteFactory(organisation=OrganisationFactory(kind=kind))
    users = {
        "teacher": user_with_role("teacher", organisation=school),
        "guide": user_with_role("guide", organisation=school),
    }
    return DemoContext(scale=scale, seed=seed, shared={"demo_users": users})


def test_demo_step_builds_a_searchable_catalogue() -> None:
    ctx = _context(1)
    demo_catalogue(ctx)
    assert Offer.objects.filter(is_demo=True).count() == 60
    assert ctx.counts["innovet offers"] == 60
    assert Session.objects.exists()
    assert Registration.objects.filter(teacher=ctx.shared["demo_users"]["teacher"]).exists()
    assert offers_search(None, OfferQuery(text="lassen")).total >= 0
    some = Offer.objects.filter(is_demo=True).first()
    word = some.title.split()[-1]
    assert offers_search(None, OfferQuery(text=word), record_empty=False).total >= 1


def test_demo_is_deterministic() -> None:
    ctx = _context(7)
    demo_catalogue(ctx)
    first = list(Offer.objects.order_by("pk").values_list("title", "kind", "cost_eur"))
    Registration.objects.all().delete()
    GuestLessonRequest.objects.all().delete()
    Session.objects.all().delete()
    Offer.objects.all().delete()
    demo_catalogue(DemoContext(scale=ctx.scale, seed=7, shared={}))
    second = list(Offer.objects.order_by("pk").values_list("title", "kind", "cost_eur"))
    assert first == second


def test_demo_practice_is_generated_labelled_and_deterministic() -> None:
    from brug.innovet.demo import demo_practice
    from brug.innovet.models import (
        GuestTeacherCandidate,
        HybridJob,
        TeacherPlacement,
        TenDayRequest,
    )

    def rows() -> list[Any]:
        return [
            list(TenDayRequest.objects.order_by("pk").values_list("class_group", "status", "days")),
            list(TeacherPlacement.objects.order_by("pk").values_list("status", "certificate_code")),
            list(HybridJob.objects.order_by("pk").values_list("side", "title", "hours_per_week")),
            list(GuestTeacherCandidate.objects.order_by("pk").values_list("initials", "stage")),
            sorted(Offer.objects.filter(for_lateral_entrants=True).values_list("title", flat=True)),
        ]

    ctx = _context(3)
    demo_catalogue(ctx)
    demo_practice(ctx)
    first = rows()
    assert first[0] and first[1] and first[2] and first[3]
    for model in (TenDayRequest, TeacherPlacement, HybridJob, GuestTeacherCandidate):
        assert not model.objects.filter(is_demo=False).exists()
    assert ctx.counts["innovet 10-day requests"] == len(first[0])
    for model in (TenDayRequest, TeacherPlacement, HybridJob, GuestTeacherCandidate):
        model.objects.all().delete()
    Offer.objects.update(for_lateral_entrants=False)
    demo_practice(DemoContext(scale=ctx.scale, seed=3, shared=ctx.shared))
    assert rows() == first


SUMMARY = ("next_start", "free_places", "in_autumn_window", "in_spring_window")


def test_bulk_generated_offers_carry_the_summaries_the_service_computes() -> None:
    """`generate_offers` writes offers, links and sessions with plain INSERTs/COPY and computes
    the session summaries itself; they must be what `offers_refresh_summaries` computes."""
    import random

    from brug.innovet.demo import generate_offers
    from brug.innovet.services import offers_refresh_summaries
    from brug.registry.tests.factories import StudyDomainFactory

    _context(3)
    StudyDomainFactory(code="stem", name="STEM")
    StudyDomainFactory(code="zorg", name="Zorg")
    assert generate_offers(random.Random(5), 120) == 120
    generated = {row[0]: row[1:] for row in Offer.objects.values_list("pk", *SUMMARY)}
    assert any(row[1] > 0 for row in generated.values())  # sessions were counted
    assert any(row[0] is None for row in generated.values())  # and offers on request left out
    offers_refresh_summaries(list(generated))
    recomputed = {row[0]: row[1:] for row in Offer.objects.values_list("pk", *SUMMARY)}
    assert recomputed == generated
    # links and the full-text index point at the right offers
    linked = Offer.study_domains.through.objects.values_list("offer_id", flat=True)
    assert set(linked) <= set(generated) and len(set(linked)) == 120
    some = Offer.objects.order_by("pk").last()
    assert some is not None
    word = some.title.split()[-1]
    assert (
        some.pk
        in {
            o.pk
            for o in offers_search(
                None, OfferQuery(text=word, page_size=100), record_empty=False
            ).offers
        }
        or offers_search(None, OfferQuery(text=word), record_empty=False).total > 100
    )
