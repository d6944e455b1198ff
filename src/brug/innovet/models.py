"""InnoVET: one catalogue of professional development and partnership offers for vocational
teachers (seed 004), with sessions, registrations, certificates, teaching material, guest
lessons and bookable infrastructure (seed 001).

Summary columns on `Offer` (next_start, free_places, period flags, coordinates) are kept
current by the services so the search can filter and count 100,000 offers without joins.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from brug.core.bounds import length_check
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.registry.models import (
    Organisation,
    Programme,
    Province,
    Qualification,
    Site,
    StudyDomain,
)

# Bounds a person would expect for long texts (issue 11 §3).
LONG_TEXT_MAX = 5000


class OfferKind(models.TextChoices):
    TEACHER_PLACEMENT = "teacher_placement", gettext_lazy("Teacher placement")
    VDAB_TEN_DAY = "vdab_ten_day", gettext_lazy("VDAB 10-day scheme")
    SECTOR_TRAINING = "sector_training", gettext_lazy("Sector training")
    RTC_PROJECT = "rtc_project", gettext_lazy("RTC project or learning network")
    GUEST_TEACHER = "guest_teacher", gettext_lazy("Guest teacher")
    INFRASTRUCTURE = "infrastructure", gettext_lazy("Shared infrastructure")
    MATERIAL = "material", gettext_lazy("Teaching material")
    REPLACEMENT = "replacement", gettext_lazy("Replacement offer")
    EVENT = "event", gettext_lazy("Event")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")
    ARCHIVED = "archived", gettext_lazy("Archived")


class Offer(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offers")
    kind = models.CharField(max_length=20, choices=OfferKind.choices, db_index=True)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT, db_index=True
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    study_domains = models.ManyToManyField(StudyDomain, blank=True, related_name="+")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="+")
    qualifications = models.ManyToManyField(Qualification, blank=True, related_name="+")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_request = models.BooleanField(default=False, help_text="No fixed dates: on request")
    cost_eur = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    target_grade = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1, 2 or 3; empty = every grade"
    )
    language = models.CharField(max_length=2, default="nl")
    curriculum_link = models.TextField(blank=True)
    vendor_neutral = models.BooleanField(default=True)
    accessibility_notes = models.TextField(blank=True)
    # Kept current by the services (see module docstring).
    search_document = models.TextField(blank=True, editable=False)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    next_start = models.DateField(null=True, blank=True, editable=False, db_index=True)
    free_places = models.PositiveIntegerField(default=0, editable=False)
    in_autumn_window = models.BooleanField(default=False, editable=False)
    in_spring_window = models.BooleanField(default=False, editable=False)
    stale_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost_eur__gte=0), name="innovet_offer_cost_gte_0"),
            models.CheckConstraint(
                condition=Q(target_grade__isnull=True)
                | Q(target_grade__gte=1, target_grade__lte=3),
                name="innovet_offer_grade_1_3",
            ),
            length_check("title", 300, name="innovet_offer_title_length"),
            length_check("description", LONG_TEXT_MAX, name="innovet_offer_description_length"),
            length_check("curriculum_link", LONG_TEXT_MAX, name="innovet_offer_link_length"),
            length_check(
                "accessibility_notes", LONG_TEXT_MAX, name="innovet_offer_accessibility_length"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["status", "province"]),
            models.Index(fields=["latitude", "longitude"]),
            # Covers every facet and filter column: counting 100,000 offers reads the index,
            # not the wide rows (description, search document).
            models.Index(
                fields=[
                    "status",
                    "in_autumn_window",
                    "in_spring_window",
                    "on_request",
                    "free_places",
                    "cost_eur",
                    "kind",
                    "province",
                    "next_start",
                ],
                name="innovet_offer_facets",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveIntegerField()
    # Seats held; raised only by a conditional UPDATE (see services.registration_create).
    seats_taken = models.PositiveIntegerField(default=0)
    registration_opens = models.DateField(null=True, blank=True)
    registration_closes = models.DateField(null=True, blank=True)
    is_cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="innovet_session_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="innovet_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} · {self.starts_at:%d/%m/%Y}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class RegistrationStatus(models.TextChoices):
    PENDING_RTC = "pending_rtc", gettext_lazy("Awaiting the RTC")
    PENDING_VDAB = "pending_vdab", gettext_lazy("Awaiting VDAB")
    REGISTERED = "registered", gettext_lazy("Registered")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")
    WAITING = "waiting", gettext_lazy("Waiting list")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")
    REJECTED = "rejected", gettext_lazy("Rejected")


SEAT_HOLDING = (
    RegistrationStatus.PENDING_RTC,
    RegistrationStatus.PENDING_VDAB,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.CONFIRMED,
)


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="innovet_registrations"
    )
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The school's province, so an RTC sees the demand of its region.
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices)
    cost_eur = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "teacher"],
                condition=~Q(status__in=["cancelled", "rejected"]),
                name="innovet_registration_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(cost_eur__gte=0), name="innovet_registration_cost_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.session}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING


class Certificate(models.Model):
    """Proof of participation. The code is random and unguessable: it is the key to verify."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(max_length=32, unique=True)
    teacher_name = models.CharField(max_length=300)
    school_name = models.CharField(max_length=300)
    offer_title = models.CharField(max_length=300)
    provider_name = models.CharField(max_length=300)
    session_start = models.DateTimeField()
    session_end = models.DateTimeField()
    issued_at = models.DateTimeField(auto_now_add=True)
    is_revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.code} · {self.teacher_name}"


class Licence(models.TextChoices):
    CC_BY = "cc_by", "CC BY"
    CC_BY_SA = "cc_by_sa", "CC BY-SA"
    CC_BY_NC = "cc_by_nc", "CC BY-NC"
    CC0 = "cc0", "CC0"
    OTHER = "other", gettext_lazy("Other")


class MaterialStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    APPROVED = "approved", gettext_lazy("Approved")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")


class Material(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    study_domain = models.ForeignKey(
        StudyDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    programmes = models.ManyToManyField(Programme, blank=True, related_name="+")
    curriculum_link = models.TextField(blank=True)
    licence = models.CharField(max_length=10, choices=Licence.choices)
    licence_note = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=MaterialStatus.choices, default=MaterialStatus.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> MaterialVersion | None:
        return self.versions.order_by("-number").first()


class MaterialVersion(models.Model):
    """Every upload is a new row: the history of a material."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="innovet/material/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="innovet_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"


class GuestLessonStatus(models.TextChoices):
    OPEN = "open", "Open"
    AGREED = "agreed", gettext_lazy("Agreed")
    DECLINED = "declined", pgettext_lazy("Afgewezen", "Declined")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


class GuestLessonRequest(models.Model):
    """A school asks for a guest lesson; once agreed it is a match (seed 001 KPI)."""

    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The guest-teacher offer asked for; empty = an open request ("request without an offer").
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="guest_requests"
    )
    topic = models.CharField(max_length=300)
    study_domain = models.ForeignKey(
        StudyDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wished_period = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=10, choices=GuestLessonStatus.choices, default=GuestLessonStatus.OPEN
    )
    matched_offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="guest_matches"
    )
    lesson_date = models.DateField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="agreed")
                | Q(matched_offer__isnull=False, agreed_at__isnull=False),
                name="innovet_guest_agreed_has_match",
            )
        ]

    def __str__(self) -> str:
        return self.topic


class BookingStatus(models.TextChoices):
    BOOKED = "booked", gettext_lazy("Booked")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


class Booking(models.Model):
    """A time slot on shared infrastructure. No overlap: checked under a lock on the offer row."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="bookings")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    purpose = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="innovet_booking_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["offer", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.offer} · {self.starts_at:%d/%m/%Y %H:%M}"


class FailedSearch(models.Model):
    """A search that found nothing: demand the RTC can act on. No personal data but the user id."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    query = models.CharField(max_length=300, blank=True)
    filters = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.query or "(filters)"


class OpportunitySignal(models.Model):
    """An RTC points chosen schools or companies to an opportunity."""

    rtc = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=300)
    message = models.TextField()
    offer = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipients = models.ManyToManyField(Organisation, related_name="innovet_signals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.subject
