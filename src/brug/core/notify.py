"""Notifications: stored for the in-app list and sent by e-mail through Django's mail backend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mass_mail
from django.db import transaction

from brug.core.i18n import Text
from brug.core.models import Notification


def notify(*, recipients: Iterable[Any], subject: Text, body: Text, url: str = "") -> int:
    """Notify people in their own language. E-mail leaves only when the transaction commits."""
    people = list({r.pk: r for r in recipients if r is not None}.values())
    if not people:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=p,
                subject=subject.resolve(getattr(p, "preferred_language", "nl"))[:300],
                body=body.resolve(getattr(p, "preferred_language", "nl")),
                url=url,
            )
            for p in people
        ]
    )
    messages = [
        (
            f"[Brug] {subject.resolve(getattr(p, 'preferred_language', 'nl'))}",
            body.resolve(getattr(p, "preferred_language", "nl")) + (f"\n\n{url}" if url else ""),
            None,
            [p.email],
        )
        for p in people
        if p.email
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(tuple(messages), fail_silently=True))
    return len(people)
