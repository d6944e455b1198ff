"""Issue 14: the agreement as people sign it — terms, consents, signed status, PDF, API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, accept_intake

pytestmark = pytest.mark.django_db
API = "/api/workplace/"
TERMS: dict[str, Any] = {
    "kind": "dual",
    "days_per_week": 3,
    "hours_per_week": 22,
    "allowance_per_month": Decimal("120.50"),
    "insurer": "school",
}


def _api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@dataclass
class Scene:
    w: World
    placement: m.Placement
    learner_user: Any


def make_placement(w: World, *, birth_date: date | None = None) -> tuple[m.Placement, Any]:
    rec = f.RecognisedFactory(
        company=w.company, site=w.site, programme=w.programme, partnership=w.partnership
    )
    rec.mentors.add(w.mentor)
    opening = services.opening_create(
        actor=w.company_user,
        workplace=rec,
        kind=m.PlacementKind.DUAL,
        start=f.TODAY + timedelta(days=10),
        end=f.TODAY + timedelta(days=200),
        capacity=2,
        publish=True,
    )
    learner_user = user_with_role("learner", w.school)
    learner = services.learner_register(
        actor=w.guide,
        school=w.school,
        programme=w.programme,
        grade=3,
        home_municipality=w.site.municipality,
        first_name="Noor",
        last_name="Janssens",
        birth_date=birth_date,
        user=learner_user,
    )
    accept_intake(w, learner, opening)
    placement = services.placement_create(
        actor=w.company_user, opening=opening, learner=learner, mentor=w.mentor
    )
    return placement, learner_user


@pytest.fixture
def scene(world: World) -> Scene:
    placement, learner_user = make_placement(world)
    return Scene(world, placement, learner_user)


def _agreement(scene: Scene, **terms: Any) -> m.LearningAgreement:
    return services.learning_agreement_create(
        actor=scene.w.guide, placement=scene.placement, **{**TERMS, **terms}
    )


def test_minor_signed_only_when_parent_company_and_school_consented(scene: Scene) -> None:
    agreement = _agreement(scene)
    assert services.required_parties(agreement) == ["parent", "company", "school"]
    assert services.agreement_status(agreement) == "awaiting_consent"
    services.learning_agreement_consent(
        actor=scene.w.guide, agreement=agreement, party="parent", signer_name="Els Janssens"
    )
    services.learning_agreement_consent(
        actor=scene.w.company_user, agreement=agreement, party="company", signer_name="An Peeters"
    )
    agreement.refresh_from_db()
    assert not agreement.is_signed
    services.learning_agreement_consent(
        actor=scene.w.guide, agreement=agreement, party="school", signer_name="Directeur Claes"
    )
    agreement.refresh_from_db()
    assert agreement.is_signed and services.agreement_status(agreement) == "signed"
    consents = {c.party: c for c in agreement.consents.all()}
    assert consents["company"].recorded_by == scene.w.company_user
    assert consents["parent"].signer_name == "Els Janssens" and consents["parent"].given_at
    with pytest.raises(ServiceError) as exc:
        services.learning_agreement_update(actor=scene.w.guide, agreement=agreement, **TERMS)
    assert exc.value.code == "agreement_signed"


def test_an_adult_learner_consents_personally(world: World) -> None:
    placement, learner_user = make_placement(world, birth_date=date(2000, 1, 1))
    agreement = services.learning_agreement_create(
        actor=world.company_user, placement=placement, **TERMS
    )
    assert services.required_parties(agreement) == ["learner", "company", "school"]
    with pytest.raises(ServiceError) as exc:
        services.learning_agreement_consent(
            actor=world.guide, agreement=agreement, party="parent", signer_name="Els"
        )
    assert exc.value.code == "learner_consents"
    services.learning_agreement_consent(
        actor=learner_user, agreement=agreement, party="learner", signer_name="Noor Janssens"
    )
    assert agreement.consents.get().recorded_by == learner_user


def test_a_party_consents_only_for_its_own_side(scene: Scene) -> None:
    agreement = _agreement(scene)
    with pytest.raises(ServiceError) as exc:
        services.learning_agreement_consent(
            actor=scene.w.company_user, agreement=agreement, party="school", signer_name="X"
        )
    assert exc.value.code == "not_your_party"
    with pytest.raises(ServiceError) as exc:
        services.learning_agreement_consent(
            actor=scene.learner_user, agreement=agreement, party="learner", signer_name="Noor"
        )
    assert exc.value.code == "parent_required"  # a minor: a parent consents
    assert not agreement.consents.exists()


def test_changed_terms_let_the_consents_lapse(scene: Scene) -> None:
    agreement = _agreement(scene)
    services.learning_agreement_consent(
        actor=scene.w.company_user, agreement=agreement, party="company", signer_name="An"
    )
    services.learning_agreement_update(
        actor=scene.w.company_user, agreement=agreement, **{**TERMS, "hours_per_week": 20}
    )
    assert not agreement.consents.exists()
    agreement.refresh_from_db()
    assert agreement.hours_per_week == 20


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"allowance_per_month": Decimal("-0.01")}, "allowance_per_month"),
        ({"allowance_per_month": "veel"}, "allowance_per_month"),
        ({"allowance_per_month": Decimal("3000.01")}, "allowance_per_month"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 39, "days_per_week": 5}, "hours_per_week"),
        ({"hours_per_week": 30, "days_per_week": 3}, "hours_per_week"),  # > 8 hours a day
        ({"days_per_week": 6}, "days_per_week"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"kind": "verbal"}, "kind"),
        ({"insurer": "nobody"}, "insurer"),
    ],
)
def test_bad_terms_are_refused_and_change_nothing(
    scene: Scene, terms: dict[str, Any], field: str
) -> None:
    with pytest.raises(ServiceError) as exc:
        _agreement(scene, **terms)
    assert exc.value.field == field
    assert exc.value.text.resolve("nl") and exc.value.text.resolve("en")
    assert not m.LearningAgreement.objects.exists()


def test_consent_without_a_name_or_party_is_refused(scene: Scene) -> None:
    agreement = _agreement(scene)
    for party, name in (("school", "  "), ("landlord", "X")):
        with pytest.raises(ServiceError):
            services.learning_agreement_consent(
                actor=scene.w.guide, agreement=agreement, party=party, signer_name=name
            )
    assert not agreement.consents.exists()
    agreement.refresh_from_db()
    assert not agreement.is_signed


def test_database_backstops(scene: Scene) -> None:
    for terms in ({"allowance_per_month": Decimal(-1)}, {"hours_per_week": 40}):
        with pytest.raises(IntegrityError), transaction.atomic():
            m.LearningAgreement.objects.create(placement=scene.placement, **{**TERMS, **terms})


def test_outsiders_cannot_make_or_see_the_agreement(scene: Scene) -> None:
    outsider_company = user_with_role("company_contact", f.CompanyFactory())
    outsider_guide = user_with_role("guide", f.SchoolFactory())
    for actor in (outsider_company, outsider_guide, scene.learner_user):
        with pytest.raises(NotAllowed):
            services.learning_agreement_create(actor=actor, placement=scene.placement, **TERMS)
    agreement = _agreement(scene)
    for actor in (outsider_company, outsider_guide):
        client = _api(actor)
        assert client.get(API + f"agreements/{agreement.pk}/").status_code == 404
        assert client.get(API + f"agreements/{agreement.pk}/pdf/").status_code == 404
        listed = client.get(API + "agreements/")
        assert listed.status_code in (200, 403)
        if listed.status_code == 200:
            assert listed.json()["results"] == []
        response = client.post(
            API + f"agreements/{agreement.pk}/consent/",
            {"party": "company", "signer_name": "X"},
            format="json",
        )
        assert response.status_code in (403, 404)
    assert not agreement.consents.exists()
    # Pages too.
    from django.test import Client

    page = Client()
    page.force_login(outsider_company)
    assert page.get(f"/werkplekleren/overeenkomsten/{scene.placement.pk}/").status_code == 404
    assert (
        page.get(f"/werkplekleren/overeenkomsten/{scene.placement.pk}/overeenkomst.pdf").status_code
        == 404
    )


def test_agreement_through_the_api(scene: Scene) -> None:
    guide = _api(scene.w.guide)
    response = guide.post(
        API + "agreements/",
        {**TERMS, "allowance_per_month": "-5", "placement": scene.placement.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "allowance_per_month"
    response = guide.post(
        API + "agreements/",
        {**TERMS, "allowance_per_month": "120.50", "placement": scene.placement.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "awaiting_consent"
    assert body["required_parties"] == ["parent", "company", "school"]
    pk = body["id"]
    response = _api(scene.w.company_user).post(
        API + f"agreements/{pk}/consent/", {"party": "company", "signer_name": ""}, format="json"
    )
    assert response.status_code == 400
    for actor, party in (
        (scene.w.company_user, "company"),
        (scene.w.guide, "school"),
        (scene.w.guide, "parent"),
    ):
        response = _api(actor).post(
            API + f"agreements/{pk}/consent/",
            {"party": party, "signer_name": "Naam"},
            format="json",
        )
        assert response.status_code == 200, response.content
    assert response.json()["status"] == "signed"
    pdf = _api(scene.w.company_user).get(API + f"agreements/{pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"%PDF" in b"".join(pdf.streaming_content) if pdf.streaming else pdf.content[:4]
    # The placement shows the agreement's state.
    placement = _api(scene.w.guide).get(API + f"placements/{scene.placement.pk}/").json()
    assert placement["agreement_status"] == "signed"


def test_api_list_query_budget(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    placement, _ = make_placement(world)
    services.learning_agreement_create(actor=world.guide, placement=placement, **TERMS)
    client = _api(world.guide)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API + "agreements/").status_code == 200
        return len(ctx.captured_queries)

    count()
    few = count()
    for _ in range(4):
        other = f.PlacementFactory(learner=f.LearnerFactory(school=world.school))
        f.LearningAgreementFactory(placement=other)
    assert count() == few
    assert len(client.get(API + "agreements/").json()["results"]) == 5


def test_api_patch_changes_terms_and_start_up(scene: Scene) -> None:
    agreement = _agreement(scene)
    company = _api(scene.w.company_user)
    response = company.patch(
        API + f"agreements/{agreement.pk}/", {"hours_per_week": 99}, format="json"
    )
    assert response.status_code == 400 and response.json()["field"] == "hours_per_week"
    response = company.patch(
        API + f"agreements/{agreement.pk}/", {"hours_per_week": 20}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["hours_per_week"] == 20
    guide = _api(scene.w.guide)
    created = guide.post(
        API + "start-up-trajectories/",
        {
            "learner": scene.placement.learner_id,
            "content": "Attitude",
            "duration_weeks": 4,
            "organiser": "CLB",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    response = guide.patch(
        API + f"start-up-trajectories/{pk}/", {"duration_weeks": 8}, format="json"
    )
    assert response.status_code == 200 and response.json()["duration_weeks"] == 8
    assert company.get(API + f"start-up-trajectories/{pk}/").status_code in (403, 404)
