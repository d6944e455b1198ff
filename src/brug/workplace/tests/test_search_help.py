"""Search that leads somewhere: the guide's search from a learner's page, suggestions when
nothing is found, putting a learner forward from a result, and saved searches with alerts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core import alerts
from brug.core.errors import ServiceError
from brug.core.models import Notification, SavedSearch
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db

# From Eeklo: Gent about 19 km, Brugge about 24 km, Antwerpen about 59 km.
EEKLO = (51.1857, 3.5636)
GENT = (51.0543, 3.7174)
BRUGGE = (51.2093, 3.2247)
ANTWERPEN = (51.2194, 4.4025)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _municipality(name: str, where: tuple[float, float]):  # type: ignore[no-untyped-def]
    return rf.MunicipalityFactory(name_nl=name, latitude=where[0], longitude=where[1])


def _opening(world: World, site, programme=None, capacity: int = 2, publish: bool = True):  # type: ignore[no-untyped-def]
    rec = f.RecognisedFactory(
        company=world.company,
        site=site,
        programme=programme or world.programme,
        partnership=world.partnership,
    )
    return services.opening_create(
        actor=world.company_user,
        workplace=rec,
        kind="dual",
        start=f.TODAY + timedelta(days=5),
        end=f.TODAY + timedelta(days=100),
        capacity=capacity,
        publish=publish,
    )


def _learner(world: World, home):  # type: ignore[no-untyped-def]
    return services.learner_register(
        actor=world.guide,
        school=world.school,
        programme=world.programme,
        grade=3,
        home_municipality=home,
        first_name="Noor",
        last_name="Geheim",
    )


def test_search_opens_without_results_and_without_free_only(world: World) -> None:
    body = Client().get(reverse("workplace:search")).content.decode()
    assert "Resultaten (0)" not in body and "Zoek een plaats" in body
    assert 'name="free_only" checked' not in body and 'checked name="free_only"' not in body


def test_guide_searches_from_the_learner_page_and_puts_the_learner_forward(world: World) -> None:
    eeklo = _municipality("Eeklo", EEKLO)
    site = rf.SiteFactory(organisation=world.company, municipality=_municipality("Gent", GENT))
    opening = _opening(world, site)
    learner = _learner(world, eeklo)
    guide = _client(world.guide)
    page = guide.get(reverse("workplace:learner-detail", args=[learner.pk])).content.decode()
    link = f"{reverse('workplace:search')}?learner={learner.pk}"
    assert "Zoek een plaats voor deze lerende" in page and link in page
    body = guide.get(link).content.decode()
    # Prefilled with the learner's programme and home municipality; the result is found.
    assert 'value="Eeklo"' in body
    assert reverse("workplace:opening-detail", args=[opening.pk]) in body
    assert "Lerende voordragen" in body
    response = guide.post(
        reverse("workplace:learner-apply", args=[learner.pk]), {"opening": opening.pk}
    )
    assert response.status_code == 302
    assert m.Application.objects.filter(learner=learner, opening=opening).count() == 1
    again = guide.get(link).content.decode()
    assert "al voorgedragen" in again


def test_another_school_cannot_search_for_the_learner(world: World) -> None:
    learner = _learner(world, _municipality("Eeklo", EEKLO))
    outsider = user_with_role("guide")
    assert _client(outsider).get(
        reverse("workplace:search"), {"learner": learner.pk}
    ).status_code in (403, 404)
    company = _client(world.company_user)
    assert company.get(reverse("workplace:search"), {"learner": learner.pk}).status_code in (
        403,
        404,
    )


def test_no_result_suggests_wider_radius_full_places_related_programmes_and_consultant(
    world: World,
) -> None:
    _municipality("Eeklo", EEKLO)
    brugge_site = rf.SiteFactory(
        organisation=world.company, municipality=_municipality("Brugge", BRUGGE)
    )
    gent_site = rf.SiteFactory(organisation=world.company, municipality=_municipality("Gent", GENT))
    _opening(world, brugge_site)  # 24 km away
    full = _opening(world, gent_site, capacity=1)  # 19 km away, full
    m.Opening.objects.filter(pk=full.pk).update(filled=1)
    related = rf.ProgrammeFactory(study_domain=world.programme.study_domain)
    _opening(world, gent_site, programme=related)
    world.programme.sectors.add(world.sector)
    fund = f.SectorFundFactory(sectors=[world.sector]) if hasattr(f, "SectorFundFactory") else None
    if fund is None:
        from brug.registry.models import OrganisationKind

        fund = rf.OrganisationFactory(kind=OrganisationKind.SECTOR_FUND, name="Fonds Bouw")
        fund.sectors.add(world.sector)
    consultant = user_with_role("consultant", fund)
    consultant.email = "consulent@fonds.example"
    consultant.save()
    body = (
        _client(world.guide)
        .get(
            reverse("workplace:search"),
            {
                "programme": world.programme.pk,
                "place": "Eeklo",
                "radius": "20",
                "free_only": "on",
            },
        )
        .content.decode()
    )
    assert "Geen plaatsen gevonden" in body
    assert "Binnen 30 km: 1 plaatsen" in body  # the free one in Brugge, 24 km away
    assert "1 volzette plaatsen" in body  # the full one in Gent, 19 km away
    assert related.name in body
    assert "consulent@fonds.example" in body
    # The public sees which sector fund helps, not a person's address.
    public = (
        Client()
        .get(
            reverse("workplace:search"),
            {"programme": world.programme.pk, "place": "Eeklo", "radius": "10"},
        )
        .content.decode()
    )
    assert "consulent@fonds.example" not in public and fund.name in public


def test_unknown_place_is_a_clear_error_not_a_500(world: World) -> None:
    response = Client().get(reverse("workplace:search"), {"place": "Nergenshuizen", "radius": "10"})
    assert response.status_code == 200
    assert "Gemeente of postcode niet gevonden" in response.content.decode()


# ------------------------------------------------------------------ saved searches and alerts


def _save(world: World, client: Client, **params: str) -> object:
    from urllib.parse import urlencode

    return client.post(
        reverse("saved-searches"),
        {
            "kind": "workplace.opening",
            "criteria": urlencode(params),
            "name": "Bouw bij Eeklo",
            "mail": "instant",
        },
    )


def test_guide_saves_a_search_and_gets_one_alert_when_a_matching_opening_is_published(
    world: World, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    _municipality("Eeklo", EEKLO)
    gent_site = rf.SiteFactory(organisation=world.company, municipality=_municipality("Gent", GENT))
    far_site = rf.SiteFactory(
        organisation=world.company, municipality=_municipality("Antwerpen", ANTWERPEN)
    )
    guide = _client(world.guide)
    response = _save(world, guide, programme=str(world.programme.pk), place="Eeklo", radius="30")
    assert response.status_code == 302
    search = SavedSearch.objects.get(owner=world.guide)
    assert search.params["radius"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        far = _opening(world, far_site)  # 59 km: no alert
        near = _opening(world, gent_site)
    notes = Notification.objects.filter(recipient=world.guide, event_key__startswith="search:")
    assert notes.count() == 1
    assert reverse("workplace:opening-detail", args=[near.pk]) == notes.get().url
    assert far.pk != near.pk
    # The daily run finds the same opening again: it is not announced twice.
    alerts.saved_searches_alert(kind="workplace.opening")
    assert notes.count() == 1
    # Marked read all at once.
    guide.post(reverse("notifications-read-all"))
    assert not Notification.objects.filter(recipient=world.guide, read_at__isnull=True).exists()


def test_the_same_event_is_stored_once_even_past_the_service(world: World) -> None:
    from django.db import IntegrityError, transaction

    Notification.objects.create(recipient=world.guide, subject="a", event_key="search:1:x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=world.guide, subject="b", event_key="search:1:x")
    # Without a key there is no limit.
    Notification.objects.create(recipient=world.guide, subject="c")
    Notification.objects.create(recipient=world.guide, subject="d")


def test_a_saved_search_is_private_to_its_owner(world: World) -> None:
    _municipality("Eeklo", EEKLO)
    _save(world, _client(world.guide), programme=str(world.programme.pk), place="Eeklo")
    search = SavedSearch.objects.get(owner=world.guide)
    for other in (user_with_role("guide", world.school), user_with_role("platform_admin")):
        client = _client(other)
        assert "Bouw bij Eeklo" not in client.get(reverse("saved-searches")).content.decode()
        assert client.post(reverse("saved-search-delete", args=[search.pk])).status_code == 404
        assert (
            client.post(
                reverse("saved-search-mail", args=[search.pk]), {"mail": "none"}
            ).status_code
            == 404
        )
    assert SavedSearch.objects.filter(pk=search.pk, mail="instant").exists()
    assert Client().get(reverse("saved-searches")).status_code == 302  # to the login page
    learner = user_with_role("learner", world.school)
    assert _client(learner).get(reverse("saved-searches")).status_code == 403


@pytest.mark.parametrize(
    ("params", "name", "field"),
    [
        ({"place": "Nergenshuizen"}, "x", "place"),
        ({"place": "Eeklo", "radius": "33"}, "x", "radius"),
        ({}, "x", "programme"),
        ({"programme": "abc"}, "x", "programme"),
        ({"programme": "999999"}, "x", "programme"),
        ({"place": "Eeklo"}, "", "name"),
        ({"place": "Eeklo"}, "x" * 121, "name"),
        ({"place": "Eeklo", "kind": "nonsense"}, "x", "kind"),
    ],
)
def test_bad_saved_search_is_refused_and_changes_nothing(
    world: World, params: dict[str, str], name: str, field: str
) -> None:
    _municipality("Eeklo", EEKLO)
    with pytest.raises(ServiceError) as refused:
        alerts.saved_search_create(
            actor=world.guide, kind="workplace.opening", name=name, params=params
        )
    assert refused.value.field == field
    assert str(refused.value.text)
    assert not SavedSearch.objects.exists()


def test_bad_saved_search_on_the_page_is_an_error_not_a_500(world: World) -> None:
    guide = _client(world.guide)
    response = guide.post(
        reverse("saved-searches"),
        {"kind": "nonsense", "criteria": "", "name": "x", "mail": "sometimes"},
    )
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()
    response = guide.post(reverse("saved-search-mail", args=[10**12]), {"mail": "instant"})
    assert response.status_code == 404


def test_consultant_follows_new_recognition_requests_in_the_sector(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from brug.registry.models import OrganisationKind

    fund = rf.OrganisationFactory(kind=OrganisationKind.SECTOR_FUND)
    fund.sectors.add(world.sector)
    consultant = user_with_role("consultant", fund)
    alerts.saved_search_create(
        actor=consultant, kind="workplace.recognition", name="Nieuwe aanvragen", params={}
    )
    with pytest.raises(ServiceError):
        alerts.saved_search_create(
            actor=world.guide, kind="workplace.recognition", name="x", params={}
        )
    rec = f.RecognitionFactory(company=world.company, programme=world.programme, site=world.site)
    rec.mentors.add(world.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_submit(actor=world.company_user, recognition=rec)
    assert Notification.objects.filter(
        recipient=consultant,
        event_key=f"search:{SavedSearch.objects.get().pk}:recognition:{rec.pk}",
    ).exists()


def test_daily_digest_carries_daily_alerts(world: World, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    from brug.core.i18n import by_language
    from brug.core.notify import mail_digest_send, notify

    world.guide.email = "gids@school.example"
    world.guide.save()
    before = timezone.now() - timedelta(minutes=1)
    notify(
        recipients=[world.guide],
        subject=by_language({"nl": "Nieuw", "en": "New"}),
        body=by_language({"nl": "Tekst", "en": "Text"}),
        event_key="search:1:opening:1",
        mail="daily",
    )
    from brug.core.models import OutgoingMail

    assert not OutgoingMail.objects.exists()
    assert mail_digest_send(since=before, until=timezone.now() + timedelta(minutes=1)) == 1


def test_query_counts_of_saved_searches_and_notifications_do_not_grow(world: World) -> None:
    guide = _client(world.guide)
    counts: dict[str, list[int]] = {"searches": [], "notes": []}
    for n in (2, 40):
        SavedSearch.objects.filter(owner=world.guide).delete()
        SavedSearch.objects.bulk_create(
            SavedSearch(
                owner=world.guide,
                kind="workplace.opening",
                name=f"Zoekopdracht {i}",
                params={"programme": world.programme.pk, "place": "", "radius": None},
                last_checked_at=timezone.now(),
            )
            for i in range(n)
        )
        Notification.objects.bulk_create(
            Notification(recipient=world.guide, subject=f"Melding {i}") for i in range(n)
        )
        with CaptureQueriesContext(connection) as queries:
            body = guide.get(reverse("saved-searches")).content.decode()
        assert body.count("<tr>") == min(n, 25) + 1
        counts["searches"].append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            assert guide.get(reverse("notifications")).status_code == 200
        counts["notes"].append(len(queries))
    assert counts["searches"][0] == counts["searches"][1], counts
    assert counts["notes"][0] == counts["notes"][1], counts


def test_consultant_follows_the_sector_from_the_consultant_page(world: World) -> None:
    from brug.registry.models import OrganisationKind

    fund = rf.OrganisationFactory(kind=OrganisationKind.SECTOR_FUND)
    fund.sectors.add(world.sector)
    client = _client(user_with_role("consultant", fund))
    page = client.get(reverse("workplace:consultant")).content.decode()
    assert 'value="workplace.recognition"' in page
    response = client.post(
        reverse("saved-searches"),
        {
            "kind": "workplace.recognition",
            "criteria": "",
            "name": "Nieuwe erkenningsaanvragen in mijn sector",
            "mail": "instant",
        },
    )
    assert response.status_code == 302
    assert SavedSearch.objects.filter(kind="workplace.recognition").count() == 1
    again = client.get(reverse("workplace:consultant")).content.decode()
    assert 'value="workplace.recognition"' not in again
    listing = client.get(reverse("saved-searches")).content.decode()
    assert "Nieuwe erkenningsaanvragen in mijn sector(en)" in listing


def test_the_daily_command_checks_every_kind(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    _municipality("Eeklo", EEKLO)
    alerts.saved_search_create(
        actor=world.guide,
        kind="workplace.opening",
        name="Eeklo",
        params={"place": "Eeklo", "radius": "30"},
    )
    SavedSearch.objects.update(last_checked_at=timezone.now() - timedelta(days=1))
    gent = rf.SiteFactory(organisation=world.company, municipality=_municipality("Gent", GENT))
    opening = _opening(world, gent)  # published without an on-commit alert in this test
    out = StringIO()
    call_command("saved_searches_run", stdout=out)
    assert "workplace.opening: 1" in out.getvalue() and "innovet.offer: 0" in out.getvalue()
    assert Notification.objects.get(recipient=world.guide).url.endswith(f"/{opening.pk}/")
    assert SavedSearch.objects.get().last_checked_at > timezone.now() - timedelta(minutes=1)
