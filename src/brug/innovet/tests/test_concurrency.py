"""Capacity and bookings under competing threads, on whatever database the suite runs on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.innovet import services
from brug.innovet.models import Booking, OfferKind, Registration, RegistrationStatus, Session
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _race(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return results


def test_capacity_is_never_exceeded_by_concurrent_registrations() -> None:
    session = f.SessionFactory(capacity=3)
    teachers = [f.teacher_at(f.school()) for _ in range(8)]
    results = _race(
        [lambda t=t: services.registration_create(actor=t, session=session) for t in teachers]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    session.refresh_from_db()
    holding = Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).count()
    assert session.seats_taken == holding == 3
    assert Registration.objects.filter(session=session, status="waiting").count() == 5


def test_concurrent_overlapping_bookings_only_one_wins() -> None:
    offer = f.OfferFactory(kind=OfferKind.INFRASTRUCTURE)
    start = timezone.now() + timedelta(days=7)
    schools = [f.school() for _ in range(4)]
    guides = [user_with_role("guide", organisation=s) for s in schools]
    jobs = [
        lambda g=g, s=s, i=i: services.booking_create(
            actor=g,
            offer=offer,
            school=s,
            starts_at=start + timedelta(minutes=10 * i),
            ends_at=start + timedelta(hours=2),
        )
        for i, (g, s) in enumerate(zip(guides, schools, strict=True))
    ]
    results = _race(jobs)
    assert sum(isinstance(r, Booking) for r in results) == 1
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == 3 and all(r.code == "overlap" for r in refused)
    assert Booking.objects.filter(offer=offer).count() == 1
    assert Session.objects.count() == 0
