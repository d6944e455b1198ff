"""Notifications: stored for the in-app list and e-mailed through the mail queue.

A person who chose the daily digest gets no mail per notification; `mail_digest_send` sends
them one message a day with the notifications of that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from brug.core.i18n import Message, gettext_lazy
from brug.core.mail import mail_queue
from brug.core.models import Notification


def _lang(person: Any) -> str:
    return getattr(person, "preferred_language", "nl") or "nl"


def notify(*, recipients: Iterable[Any], subject: Message, body: Message, url: str = "") -> int:
    """Notify people in their own language. E-mail leaves only when the transaction commits."""
    people = list({r.pk: r for r in recipients if r is not None}.values())
    if not people:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=p,
                subject=subject.resolve(_lang(p))[:300],
                body=body.resolve(_lang(p)),
                url=url,
            )
            for p in people
        ]
    )
    for p in people:
        if p.email and not getattr(p, "mail_digest", False):
            mail_queue(
                to=p.email,
                language=_lang(p),
                subject=subject,
                paragraphs=[body],
                action_url=url,
                action_label=gettext_lazy("View in Brug") if url else None,
            )
    return len(people)


@transaction.atomic
def mail_digest_send(*, since: datetime, until: datetime) -> int:
    """One message per digest reader with the notifications created in [since, until)."""
    sent = 0
    readers = get_user_model().objects.filter(
        mail_digest=True, is_active=True, notifications__created_at__gte=since
    )
    for person in readers.exclude(email="").distinct().order_by("pk"):
        items = list(
            Notification.objects.filter(
                recipient=person, created_at__gte=since, created_at__lt=until
            ).order_by("created_at", "pk")[:100]
        )
        if not items:
            continue
        lines = [Message(nl=f"· {n.subject}", en=f"· {n.subject}") for n in items]
        mail_queue(
            to=person.email,
            language=_lang(person),
            subject=gettext_lazy("Your daily digest: {n} notifications", n=len(items)),
            paragraphs=lines,
            action_url=reverse("notifications"),
            action_label=gettext_lazy("All notifications"),
        )
        sent += 1
    return sent
