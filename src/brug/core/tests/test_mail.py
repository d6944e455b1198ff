"""E-mail through the job queue against a real SMTP server on the loopback address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from brug.accounts.tests.factories import UserFactory
from brug.core.i18n import by_language
from brug.core.mail import MAX_ATTEMPTS, absolute_url, mail_queue, mail_retry_due
from brug.core.models import MailStatus, OutgoingMail
from brug.core.notify import mail_digest_send, notify
from brug.core.testing.smtp import SMTPServer, free_port

pytestmark = pytest.mark.django_db


def _queue(**kw):  # type: ignore[no-untyped-def]
    return mail_queue(
        to=kw.get("to", "lezer@example.org"),
        language=kw.get("language", "nl"),
        subject=by_language({"nl": "Onderwerp", "en": "Subject"}),
        paragraphs=[by_language({"nl": "Hallo", "en": "Hello"})],
        action_url="/meldingen/",
        action_label=by_language({"nl": "Bekijk", "en": "View"}),
    )


def test_a_message_leaves_only_after_commit_and_arrives_as_text_and_html(
    smtp_server: SMTPServer, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.BRUG_BASE_URL = "https://brug.example.org/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail = _queue(language="en")
        assert smtp_server.messages == []  # nothing inside the transaction
    for callback in callbacks:
        callback()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "lezer@example.org" and message["Subject"] == "[Brug] Subject"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Hello" in text and "https://brug.example.org/meldingen/" in text
    assert 'href="https://brug.example.org/meldingen/"' in html and 'lang="en"' in html
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)


def test_a_refused_message_is_recorded_and_sent_on_retry(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    smtp_server.refuse_next(1)
    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue()
    mail.refresh_from_db()
    assert mail.status == MailStatus.RETRYING and mail.attempts == 1
    assert "451" in mail.last_error and smtp_server.messages == []
    assert mail_retry_due() == 0  # not due yet
    assert mail_retry_due(now=timezone.now() + timedelta(minutes=2)) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_an_unreachable_server_is_retried_until_it_gives_up(
    settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue()
    mail.refresh_from_db()
    assert mail.status == MailStatus.RETRYING and "Connection" in mail.last_error
    later = timezone.now() + timedelta(days=1)
    for _ in range(MAX_ATTEMPTS):
        mail_retry_due(now=later)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
    # The server comes back: a failed message is not sent again by the sweep.
    server = SMTPServer(port)
    server.start()
    try:
        assert mail_retry_due(now=later) == 0 and server.messages == []
    finally:
        server.stop()


def test_notifications_mail_each_reader_in_their_language_or_wait_for_the_digest(
    smtp_server: SMTPServer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    direct = UserFactory(preferred_language="en")
    digest = UserFactory(preferred_language="nl", mail_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[direct, digest],
            subject=by_language({"nl": "Nieuw", "en": "New"}),
            body=by_language({"nl": "Tekst", "en": "Text"}),
        )
    assert [m["To"] for m in smtp_server.messages] == [direct.email]
    assert smtp_server.messages[0]["Subject"] == "[Brug] New"
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            mail_digest_send(since=now - timedelta(days=1), until=now + timedelta(seconds=1)) == 1
        )
    assert smtp_server.messages[-1]["To"] == digest.email
    assert "dagelijks overzicht: 1 meldingen" in smtp_server.messages[-1]["Subject"]
    assert OutgoingMail.objects.filter(status=MailStatus.SENT).count() == 2


def test_absolute_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BRUG_BASE_URL = "https://brug.vlaanderen.example/"
    assert absolute_url("/x/?a=1") == "https://brug.vlaanderen.example/x/?a=1"
    assert absolute_url("https://elders.example/") == "https://elders.example/"


def test_with_a_deferring_queue_a_failed_message_plans_its_own_retry(settings) -> None:  # type: ignore[no-untyped-def]
    from django_tasks import default_task_backend

    from brug.core.mail import mail_deliver

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    mail = _queue()
    assert mail_deliver(mail.pk) is False
    mail.refresh_from_db()
    planned = [r for r in default_task_backend.results if r.task.name == "deliver_mail"]  # type: ignore[attr-defined]
    assert len(planned) == 1 and planned[0].args == [mail.pk]
    assert planned[0].task.run_after == mail.next_attempt_at
