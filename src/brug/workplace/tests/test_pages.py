"""Every page: the right role sees its work; an outsider gets 403/404 and sees nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from brug.accounts.roles import ALL_ROLES, PUBLIC
from brug.accounts.tests.factories import user_with_role
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world: World) -> dict[str, object]:
    rec = f.RecognisedFactory(
        company=world.company,
        site=world.site,
        programme=world.programme,
        partnership=world.partnership,
    )
    rec.mentors.add(world.mentor)
    pending = f.RecognitionFactory(
        company=world.company,
        partnership=world.partnership,
        status=m.RecognitionStatus.SUBMITTED,
        programme=world.programme,
    )
    opening = services.opening_create(
        actor=world.company_user,
        workplace=rec,
        kind="dual",
        start=f.TODAY + timedelta(days=5),
        end=f.TODAY + timedelta(days=100),
        capacity=2,
        publish=True,
    )
    learner_user = user_with_role("learner", world.school)
    learner = services.learner_register(
        actor=world.guide,
        school=world.school,
        programme=world.programme,
        grade=3,
        home_municipality=world.site.municipality,
        first_name="Noor",
        last_name="Geheim",
        has_support_need=True,
        user=learner_user,
    )
    application = services.application_submit(actor=world.guide, learner=learner, opening=opening)
    services.application_record_intake(
        actor=world.company_user, application=application, accepted=True
    )
    placement = services.placement_create(
        actor=world.company_user, opening=opening, learner=learner, mentor=world.mentor
    )
    return {
        "rec": rec,
        "pending": pending,
        "opening": opening,
        "learner": learner,
        "application": application,
        "placement": placement,
        "learner_user": learner_user,
    }


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_company_pages(world: World, scene: dict) -> None:
    c = _client(world.company_user)
    for url in (
        reverse("workplace:company"),
        reverse("workplace:recognition-new"),
        reverse("workplace:mentor-new"),
        reverse("workplace:opening-new"),
        reverse("workplace:recognition-detail", args=[scene["rec"].pk]),
        reverse("workplace:opening-detail", args=[scene["opening"].pk]),
        reverse("workplace:placement-detail", args=[scene["placement"].pk]),
    ):
        response = c.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert body.count("<h1") == 1, url
        assert "Geheim" not in body, url  # never a learner's last name
    candidates = c.get(
        reverse("workplace:opening-detail", args=[scene["opening"].pk])
    ).content.decode()
    assert scene["learner"].pseudonym in candidates and "Noor" in candidates
    assert "Ondersteuningsnood" not in candidates


def test_guide_pages(world: World, scene: dict) -> None:
    c = _client(world.guide)
    body = c.get(reverse("workplace:learners")).content.decode()
    assert scene["learner"].pseudonym in body
    assert c.get(reverse("workplace:learner-new")).status_code == 200
    detail = c.get(reverse("workplace:learner-detail", args=[scene["learner"].pk])).content.decode()
    assert "Geheim" in detail and "Ondersteuningsnood" in detail
    without = c.get(reverse("workplace:learners") + "?zonder_plaats=1").content.decode()
    assert reverse("workplace:learner-detail", args=[scene["learner"].pk]) not in without  # placed


def test_reviewer_queue_shows_age_and_target(world: World, scene: dict) -> None:
    body = _client(world.reviewer).get(reverse("workplace:review-queue")).content.decode()
    assert str(scene["pending"].site.name) in body
    assert "30" in body


def test_learner_sees_own_trajectory(world: World, scene: dict) -> None:
    body = _client(scene["learner_user"]).get(reverse("workplace:my-trajectory")).content.decode()
    assert scene["placement"].opening.company.name in body


def test_consultant_logs_a_contact_with_htmx(world: World, scene: dict) -> None:
    fund = f.rf.OrganisationFactory(kind="sector_fund", sectors=[world.sector])
    consultant = user_with_role("consultant", fund)
    c = _client(consultant)
    assert c.get(reverse("workplace:consultant")).status_code == 200
    response = c.post(
        reverse("workplace:contact-new"),
        {
            "company": world.company.pk,
            "kind": "phone",
            "purpose": "follow_up",
            "on": f.TODAY.isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert m.Contact.objects.filter(organisation=fund, kind="phone").count() == 1
    future = c.post(
        reverse("workplace:contact-new"),
        {
            "company": world.company.pk,
            "kind": "phone",
            "purpose": "follow_up",
            "on": (f.TODAY + timedelta(days=3)).isoformat(),
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'aria-invalid="true"' in future and "id_on_error" in future
    assert m.Contact.objects.filter(organisation=fund).count() == 1


def test_search_by_distance_is_public_and_shows_only_recognised(world: World, scene: dict) -> None:
    hidden = f.OpeningFactory(workplace=f.RecognitionFactory(status=m.RecognitionStatus.SUSPENDED))
    body = (
        Client()
        .get(
            reverse("workplace:search"), {"place": world.site.municipality.name_nl, "radius": "10"}
        )
        .content.decode()
    )
    assert reverse("workplace:opening-detail", args=[scene["opening"].pk]) in body
    assert reverse("workplace:opening-detail", args=[hidden.pk]) not in body


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r not in (PUBLIC, "platform_admin")])
def test_outsiders_get_403_or_404_and_see_nothing(role: str, world: World, scene: dict) -> None:
    outsider = user_with_role(role)  # a member of an unrelated organisation
    c = _client(outsider)
    private = [
        reverse("workplace:recognition-detail", args=[scene["pending"].pk]),
        reverse("workplace:placement-detail", args=[scene["placement"].pk]),
        reverse("workplace:learner-detail", args=[scene["learner"].pk]),
        reverse("workplace:learner-data", args=[scene["learner"].pk]),
        reverse("workplace:learner-export", args=[scene["learner"].pk, "json"]),
        reverse("workplace:learner-export", args=[scene["learner"].pk, "html"]),
    ]
    for url in private:
        if role == "department_work" and "erkenningen" in url:
            continue  # the matrix lets the Department of Work read every recognition
        assert c.get(url).status_code in (403, 404), (role, url)
    pages = [
        ("workplace:company", "company_contact"),
        ("workplace:learners", "guide"),
        ("workplace:consultant", "consultant"),
        ("workplace:review-queue", "reviewer"),
        ("workplace:my-trajectory", "learner"),
        ("workplace:read-log", "privacy_contact"),
    ]
    for name, owner in pages:
        response = c.get(reverse(name))
        if role == owner or (
            name == "workplace:learners" and role in ("teacher", "privacy_contact")
        ):
            body = response.content.decode()
            assert response.status_code in (200, 403)  # 403: a learner login without a record
            assert scene["learner"].pseudonym not in body and world.company.name not in body
        else:
            assert response.status_code in (403, 404), (role, name)
    for name, pk in (
        ("workplace:application-intake", scene["application"].pk),
        ("workplace:placement-end", scene["placement"].pk),
    ):
        assert c.post(reverse(name, args=[pk]), {}).status_code in (403, 404)
    assert m.Placement.objects.get(pk=scene["placement"].pk).status == "active"


def test_anonymous_is_sent_to_login(scene: dict) -> None:
    response = Client().get(reverse("workplace:company"))
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]


def test_search_free_places_filter_can_be_switched_off(world: World) -> None:
    full = f.OpeningFactory(capacity=1)
    m.Opening.objects.filter(pk=full.pk).update(filled=1)
    url = reverse("workplace:opening-detail", args=[full.pk])
    only_free = Client().get(reverse("workplace:search"), {"free_only": "on"}).content.decode()
    assert url not in only_free
    everything = Client().get(reverse("workplace:search"), {"kind": ""}).content.decode()
    assert url in everything


@pytest.mark.django_db
def test_no_opening_form_for_a_company_without_a_recognised_workplace() -> None:
    """No empty action form: the page says why nothing can be done yet."""
    company_user = user_with_role("company_contact")
    response = _client(company_user).get(reverse("workplace:opening-new"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit kan nog niet: er is geen erkende leerwerkplek om uit te kiezen." in body
    assert 'name="workplace"' not in body and "Plaats opslaan" not in body
