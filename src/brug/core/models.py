from __future__ import annotations

from django.conf import settings
from django.db import models

from brug.core.bounds import length_check
from brug.core.i18n import gettext_lazy, pgettext_lazy


class AuditEntry(models.Model):
    """Who did what to which object, and what changed. Written only by `brug.core.audit`."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=gettext_lazy("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("actor"),
    )
    verb = models.CharField(max_length=64, verbose_name=gettext_lazy("action"))
    object_type = models.CharField(max_length=100, verbose_name=gettext_lazy("object type"))
    object_id = models.CharField(max_length=64, verbose_name=gettext_lazy("object ID"))
    object_repr = models.CharField(max_length=300, blank=True, verbose_name=gettext_lazy("object"))
    changes = models.JSONField(default=dict, blank=True, verbose_name=gettext_lazy("changes"))

    class Meta:
        verbose_name = gettext_lazy("audit entry")
        verbose_name_plural = gettext_lazy("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_type}#{self.object_id}"
        )


class AccessLog(models.Model):
    """A read of personal data about a learner (a minor): who read which fields, when, why."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=gettext_lazy("time"))
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=gettext_lazy("reader"),
    )
    subject_type = models.CharField(max_length=100, verbose_name=gettext_lazy("subject type"))
    subject_id = models.CharField(max_length=64, verbose_name=gettext_lazy("subject ID"))
    fields = models.CharField(max_length=300, verbose_name=gettext_lazy("fields read"))
    purpose = models.CharField(max_length=100, blank=True, verbose_name=gettext_lazy("purpose"))

    class Meta:
        verbose_name = gettext_lazy("access log entry")
        verbose_name_plural = gettext_lazy("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.reader} read {self.fields} of {self.subject_type}#{self.subject_id}"


class Notification(models.Model):
    """A message to a person, shown in the app and sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=gettext_lazy("recipient"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))
    subject = models.CharField(max_length=300, verbose_name=gettext_lazy("subject"))
    body = models.TextField(blank=True, verbose_name=gettext_lazy("text"))
    url = models.CharField(max_length=300, blank=True, verbose_name=gettext_lazy("link"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=gettext_lazy("read at"))
    # One event (e.g. "saved search 12 found opening 345") reaches a person at most once.
    event_key = models.CharField(
        max_length=120, blank=True, default="", verbose_name=gettext_lazy("event key")
    )
    # Mailed with the next daily digest (a saved search set to "daily"), whatever the
    # person's general preference.
    in_digest = models.BooleanField(default=False, verbose_name=gettext_lazy("in the digest"))

    class Meta:
        verbose_name = gettext_lazy("notification")
        verbose_name_plural = gettext_lazy("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="notification_event_once",
            ),
            length_check("event_key", 120, name="notification_event_key_length"),
        ]

    def __str__(self) -> str:
        return self.subject


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    RUNNING = "running", gettext_lazy("Running")
    SUCCEEDED = "succeeded", pgettext_lazy("Klaar", "Done")
    FAILED = "failed", gettext_lazy("Failed")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


class Job(models.Model):
    """Long work (import, matching round, demo data, report) with progress a person can follow.

    The work itself runs as a django-tasks task on any worker host; this row is what the
    browser polls and what the command line prints.
    """

    kind = models.CharField(max_length=64, verbose_name=gettext_lazy("kind"))
    title = models.CharField(max_length=300, verbose_name=gettext_lazy("title"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=gettext_lazy("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))
    started_at = models.DateTimeField(
        null=True, blank=True, verbose_name=gettext_lazy("started at")
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name=gettext_lazy("finished at")
    )
    status = models.CharField(
        max_length=16,
        choices=JobStatus.choices,
        default=JobStatus.QUEUED,
        db_index=True,
        verbose_name=gettext_lazy("status"),
    )
    progress_done = models.PositiveIntegerField(default=0, verbose_name=gettext_lazy("steps done"))
    progress_total = models.PositiveIntegerField(
        default=0, verbose_name=gettext_lazy("steps in total")
    )
    message = models.CharField(max_length=500, blank=True, verbose_name=gettext_lazy("message"))
    params = models.JSONField(default=dict, blank=True, verbose_name=gettext_lazy("parameters"))
    result = models.JSONField(default=dict, blank=True, verbose_name=gettext_lazy("result"))
    error = models.TextField(blank=True, verbose_name=gettext_lazy("error"))
    result_url = models.CharField(
        max_length=300, blank=True, verbose_name=gettext_lazy("result address")
    )
    # Operations: the worker that runs the job writes a heartbeat; a job whose heartbeat stops
    # (the worker died) is retried or failed by `jobs_recover`. The request id ties the job's
    # log lines to the request that started it.
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, verbose_name=gettext_lazy("last sign of life")
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("attempts"))
    request_id = models.CharField(
        max_length=64, blank=True, verbose_name=gettext_lazy("request ID")
    )

    class Meta:
        verbose_name = gettext_lazy("background job")
        verbose_name_plural = gettext_lazy("background jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_total=0)
                | models.Q(progress_done__lte=models.F("progress_total")),
                name="job_progress_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=10), name="job_attempts_bounded"
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return int(100 * self.progress_done / self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}


class MailStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    SENT = "sent", gettext_lazy("Sent")
    RETRYING = "retrying", gettext_lazy("Retry planned")
    FAILED = "failed", gettext_lazy("Failed")


class OutgoingMail(models.Model):
    """One e-mail to one person, sent by a background task (never inside the web request).

    Every attempt is recorded: a failure keeps its error and plans the next attempt until
    `brug.core.mail.MAX_ATTEMPTS` is reached."""

    to = models.EmailField(max_length=254)
    language = models.CharField(max_length=2, default="nl")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("outgoing e-mail")
        verbose_name_plural = gettext_lazy("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=["nl", "en"]), name="outgoingmail_language_known"
            ),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=20), name="outgoingmail_attempts_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


SAVED_SEARCH_NAME_MAX = 120
SAVED_SEARCH_PER_PERSON_MAX = 50


class AlertMail(models.TextChoices):
    NONE = "none", gettext_lazy("No e-mail")
    INSTANT = "instant", gettext_lazy("At once")
    DAILY = "daily", gettext_lazy("Daily digest")


class SavedSearch(models.Model):
    """A person's saved search: a kind an app registered (`brug.core.alerts`) and its criteria.

    Private to its owner. When something new matches, the owner gets a notification in Brug
    and, if they chose so, an e-mail at once or in the daily digest.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    kind = models.CharField(max_length=40)
    name = models.CharField(max_length=SAVED_SEARCH_NAME_MAX)
    params = models.JSONField(default=dict, blank=True)
    mail = models.CharField(max_length=8, choices=AlertMail.choices, default=AlertMail.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField()

    class Meta:
        verbose_name = gettext_lazy("saved search")
        verbose_name_plural = gettext_lazy("saved searches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mail__in=["none", "instant", "daily"]),
                name="savedsearch_mail_known",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="savedsearch_name_not_empty"),
            length_check("name", SAVED_SEARCH_NAME_MAX, name="savedsearch_name_length"),
            length_check("kind", 40, name="savedsearch_kind_length"),
        ]

    def __str__(self) -> str:
        return self.name
