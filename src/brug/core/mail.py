"""E-mail that arrives: queued in the database, sent by a background task, retried on failure.

`mail_queue` records an `OutgoingMail` in the recipient's language (plain text and HTML) and,
when the surrounding transaction commits, enqueues `deliver_mail` on the job queue. A web
request never talks to the mail server. A failed attempt is recorded with its error and
retried later (`mail_retry_due`, run by `brug mail-send`), up to `MAX_ATTEMPTS`.
Links in messages are made absolute with `BRUG_BASE_URL`.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from brug.core.i18n import Message
from brug.core.models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def absolute_url(path: str) -> str:
    """`path` as a link that works from an e-mail ("/x/" → "https://brug.example/x/")."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.BRUG_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def retry_delay(attempts: int) -> timedelta:
    """1, 4, 16, 64 minutes after the first, second, ... failed attempt."""
    return timedelta(minutes=4 ** max(attempts - 1, 0))


def mail_queue(
    *,
    to: str,
    language: str,
    subject: Message,
    paragraphs: list[Message],
    action_url: str = "",
    action_label: Message | None = None,
) -> OutgoingMail | None:
    """Queue one message for `to` in `language`; it leaves when the transaction commits."""
    if not to:
        return None
    lang = language if language in ("nl", "en") else "nl"
    url = absolute_url(action_url)
    context: dict[str, Any] = {
        "subject": subject.resolve(lang),
        "paragraphs": [p.resolve(lang) for p in paragraphs],
        "action_url": url,
        "action_label": action_label.resolve(lang) if action_label else url,
        "base_url": settings.BRUG_BASE_URL,
        "lang": lang,
    }
    with translation.override(lang):
        text = render_to_string("brug/mail/message.txt", context)
        html = render_to_string("brug/mail/message.html", context)
    mail = OutgoingMail.objects.create(
        to=to[:254],
        language=lang,
        subject=f"[Brug] {context['subject']}"[:300],
        body_text=text,
        body_html=html,
    )
    transaction.on_commit(lambda: deliver_mail.enqueue(mail.pk))
    return mail


def mail_deliver(mail_id: int) -> bool:
    """One attempt to send one queued message; records the outcome. True when sent."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status in (MailStatus.SENT, MailStatus.FAILED):
            return mail is not None and mail.status == MailStatus.SENT
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
            connection=get_connection(fail_silently=False),
        )
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        mail.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any transport error: record it, plan the next attempt
            logger.warning(
                "Mail %s to %s failed (attempt %s): %s", mail.pk, mail.to, mail.attempts, exc
            )
            mail.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = MailStatus.FAILED
                mail.next_attempt_at = None
            else:
                mail.status = MailStatus.RETRYING
                mail.next_attempt_at = timezone.now() + retry_delay(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            retry_at = mail.next_attempt_at
        else:
            mail.status = MailStatus.SENT
            mail.sent_at = timezone.now()
            mail.next_attempt_at = None
            mail.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
            return True
    if retry_at is not None and default_task_backend.supports_defer:
        deliver_mail.using(run_after=retry_at).enqueue(mail_id)
    return False


def mail_retry_due(*, now: Any = None) -> int:
    """Try again every message whose next attempt is due; returns how many were sent."""
    moment = now or timezone.now()
    due = OutgoingMail.objects.filter(
        status=MailStatus.RETRYING, next_attempt_at__lte=moment
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if mail_deliver(pk))


@task()
def deliver_mail(mail_id: int) -> None:
    mail_deliver(mail_id)
