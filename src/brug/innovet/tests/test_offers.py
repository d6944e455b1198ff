from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import Notification
from brug.innovet import services
from brug.innovet.models import Offer, OfferKind, Session
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _provider():  # type: ignore[no-untyped-def]
    company = OrganisationFactory(kind="company")
    return user_with_role("company_contact", organisation=company), company


def test_negative_cost_is_refused_and_nothing_is_written() -> None:
    user, company = _provider()
    with pytest.raises(ServiceError) as exc:
        services.offer_create(
            actor=user, provider=company, kind=OfferKind.SECTOR_TRAINING, title="X", cost_eur=-5
        )
    assert exc.value.code == "negative_cost" and exc.value.field == "cost_eur"
    assert not Offer.objects.exists()


def test_only_the_providers_own_people_post_and_change_offers() -> None:
    user, company = _provider()
    offer = services.offer_create(
        actor=user, provider=company, kind=OfferKind.TEACHER_PLACEMENT, title="Stage", publish=True
    )
    outsider, _ = _provider()
    with pytest.raises(NotAllowed):
        services.offer_create(
            actor=outsider, provider=company, kind=OfferKind.EVENT, title="Kick-off"
        )
    with pytest.raises(NotAllowed):
        services.offer_update(actor=outsider, offer=offer, title="Gekaapt")
    with pytest.raises(NotAllowed):
        services.offer_create(
            actor=user_with_role("teacher"), provider=company, kind=OfferKind.EVENT, title="X"
        )


def test_session_in_the_past_is_refused() -> None:
    user, company = _provider()
    offer = f.OfferFactory(provider=company)
    start = timezone.now() - timedelta(days=2)
    with pytest.raises(ServiceError) as exc:
        services.session_add(
            actor=user, offer=offer, starts_at=start, ends_at=start + timedelta(hours=3), capacity=5
        )
    assert exc.value.code == "past"
    assert not Session.objects.exists()


def test_session_updates_the_summary_used_by_search() -> None:
    user, company = _provider()
    offer = f.OfferFactory(provider=company)
    start = timezone.now() + timedelta(days=20)
    services.session_add(
        actor=user, offer=offer, starts_at=start, ends_at=start + timedelta(hours=4), capacity=12
    )
    offer.refresh_from_db()
    assert offer.free_places == 12
    assert offer.next_start == timezone.localtime(start).date()


def test_stale_offers_are_flagged_to_the_provider_once(settings) -> None:  # type: ignore[no-untyped-def]
    user, company = _provider()
    offer = f.OfferFactory(provider=company, cost_eur=Decimal("10"))
    fresh = f.OfferFactory(provider=company)
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now() - timedelta(days=200))
    out = StringIO()
    call_command("innovet_stale_offers", "--days", "180", stdout=out, no_progress=True)
    offer.refresh_from_db()
    fresh.refresh_from_db()
    assert offer.stale_flagged_at is not None and fresh.stale_flagged_at is None
    assert Notification.objects.filter(recipient=user).count() == 1
    call_command("innovet_stale_offers", "--days", "180", stdout=out, no_progress=True)
    assert Notification.objects.filter(recipient=user).count() == 1  # told once
    services.offer_update(actor=user, offer=offer, title="Bijgewerkt")
    offer.refresh_from_db()
    assert offer.stale_flagged_at is None
