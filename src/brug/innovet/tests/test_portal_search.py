"""The catalogue as a teacher uses it: words that find the right thing, the session in the
chosen period, where it is, "you are registered", add to calendar, saved searches."""

from __future__ import annotations

from datetime import datetime

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
from brug.innovet import services
from brug.innovet.models import OfferStatus
from brug.innovet.search import OfferQuery, offers_search
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _at(month: int, day: int = 15, hour: int = 9) -> datetime:
    """A moment next year in Brussels local time."""
    return timezone.make_aware(datetime(timezone.now().year + 1, month, day, hour, 0))


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_lassen_finds_welding_and_puts_the_welding_title_first() -> None:
    welding_programme = ProgrammeFactory(name="Lassen-constructie")
    welding = f.OfferFactory(
        title="Bijscholing lassen (TIG en MIG)", description="Voor leerkrachten metaal."
    )
    welding.programmes.add(welding_programme)
    f.OfferFactory(title="Bijscholing kappen en haarverzorging", description="Knippen en kleuren.")
    f.OfferFactory(title="Bedrijfsstage logistiek en supply chain", description="Magazijnwerk.")
    # Mentions welding only through a linked programme: found, but after the welding title.
    side = f.OfferFactory(title="Meeloopdagen metaalbewerking", description="Plaatwerk.")
    side.programmes.add(welding_programme)
    from brug.innovet.search import offers_index

    offers_index([welding, side])
    titles = [o.title for o in offers_search(None, OfferQuery(text="lassen")).offers]
    assert titles[0] == "Bijscholing lassen (TIG en MIG)"
    assert not any("kappen" in t or "logistiek" in t for t in titles)


def test_the_card_shows_the_session_in_the_chosen_period_and_where() -> None:
    offer = f.OfferFactory(title="Lassen in de praktijk")
    f.SessionFactory(offer=offer, starts_at=_at(12), ends_at=_at(12, hour=15), location="Gent")
    f.SessionFactory(
        offer=offer, starts_at=_at(3), ends_at=_at(3, hour=15), location="Kortrijk, Campus Zuid"
    )
    body = Client().get(reverse("innovet:search"), {"q": "lassen", "period": "spring"})
    text = body.content.decode()
    assert _at(3).strftime("%d/%m/%Y") in text
    assert "Kortrijk, Campus Zuid" in text
    assert _at(12).strftime("%d/%m/%Y") not in text
    assert "Filters (1)" in text


def test_a_registered_teacher_is_told_so_and_can_add_the_session_to_a_calendar() -> None:
    registration = f.RegistrationFactory(
        session=f.SessionFactory(
            offer=f.OfferFactory(title="Lassen gevorderd"),
            starts_at=_at(4, hour=13),
            ends_at=_at(4, hour=17),
            location="Kortrijk",
        )
    )
    teacher = _client(registration.teacher)
    assert (
        "U bent ingeschreven"
        in teacher.get(reverse("innovet:search"), {"q": "lassen"}).content.decode()
    )
    detail = teacher.get(reverse("innovet:offer-detail", args=[registration.session.offer_id]))
    assert "U bent ingeschreven" in detail.content.decode()
    ics = Client().get(reverse("innovet:session-calendar", args=[registration.session_id]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels" in body
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in body
    assert f"DTSTART;TZID=Europe/Brussels:{_at(4, hour=13):%Y%m%d}T130000" in body
    assert "LOCATION:Kortrijk" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_a_draft_or_unknown_session_has_no_calendar_file() -> None:
    draft = f.SessionFactory(offer=f.OfferFactory(status=OfferStatus.DRAFT))
    assert Client().get(reverse("innovet:session-calendar", args=[draft.pk])).status_code == 404
    assert Client().get("/innovet/sessies/99999999/agenda.ics").status_code == 404


def test_teacher_saves_lassen_february_april_and_hears_of_a_new_offer(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    school = f.school()
    teacher = f.teacher_at(school)
    client = _client(teacher)
    response = client.post(
        reverse("saved-searches"),
        {
            "kind": "innovet.offer",
            "criteria": "q=lassen&period=spring",
            "name": "Lassen, februari–april",
            "mail": "daily",
        },
    )
    assert response.status_code == 302
    provider_offer = f.OfferFactory(title="Lassen voor starters", status=OfferStatus.DRAFT)
    provider = user_with_role("company_contact", provider_offer.provider)
    other = f.OfferFactory(title="Kappen voor starters", status=OfferStatus.DRAFT)
    f.SessionFactory(offer=provider_offer, starts_at=_at(3), ends_at=_at(3, hour=15))
    f.SessionFactory(offer=other, starts_at=_at(3), ends_at=_at(3, hour=15))
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_set_status(
            actor=provider, offer=provider_offer, status=OfferStatus.PUBLISHED
        )
    notes = Notification.objects.filter(recipient=teacher)
    assert notes.count() == 1 and "Lassen voor starters" in notes.get().subject
    assert notes.get().in_digest
    alerts.saved_searches_alert(kind="innovet.offer")
    assert notes.count() == 1


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ("", "q"),
        ("period=winter", "period"),
        ("km=0&q=x", "km"),
        ("km=abc&q=x", "km"),
        ("province=abc&q=x", "province"),
        ("province=99999999&q=x", "province"),
        ("kind=nonsense&q=x", "kind"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_saved_offer_search_is_refused(criteria: str, field: str) -> None:
    from django.http import QueryDict

    teacher = f.teacher_at(f.school())
    with pytest.raises(ServiceError) as refused:
        alerts.saved_search_create(
            actor=teacher,
            kind="innovet.offer",
            name="x",
            params=dict(QueryDict(criteria).items()),
        )
    assert refused.value.field == field
    assert not SavedSearch.objects.exists()


def test_search_page_queries_do_not_grow_with_the_cards() -> None:
    teacher = f.teacher_at(f.school())
    f.RegistrationFactory(teacher=teacher, school=teacher.memberships.first().organisation)
    client = _client(teacher)
    counts = []
    for n in (2, 15):
        for i in range(n):
            offer = f.OfferFactory(title=f"Lassen {i}")
            f.SessionFactory(offer=offer, starts_at=_at(3), ends_at=_at(3, hour=15))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("innovet:search"), {"q": "lassen"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
