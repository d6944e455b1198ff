from __future__ import annotations

from django.conf import settings
from django.db import models

from brug.core.i18n import gettext_lazy, pgettext_lazy


class AuditEntry(models.Model):
    """Who did what to which object, and what changed. Written only by `brug.core.audit`."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_type}#{self.object_id}"
        )


class AccessLog(models.Model):
    """A read of personal data about a learner (a minor): who read which fields, when, why."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    fields = models.CharField(max_length=300)
    purpose = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.reader} read {self.fields} of {self.subject_type}#{self.subject_id}"


class Notification(models.Model):
    """A message to a person, shown in the app and sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

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

    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    # Operations: the worker that runs the job writes a heartbeat; a job whose heartbeat stops
    # (the worker died) is retried or failed by `jobs_recover`. The request id ties the job's
    # log lines to the request that started it.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
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
