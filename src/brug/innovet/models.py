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
from django.utils.functional import Promise

from brug.core.bounds import date_check, length_check, range_check
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
    # Meant for lateral entrants (*zij-instromers*, seed 004): people from a company who start
    # teaching and need the pedagogical and didactic basics.
    for_lateral_entrants = models.BooleanField(default=False)
    # Kept current by the services (see module docstring).
    search_document = models.TextField(blank=True, editable=False)
    # The title's stems (`textsearch.document(title)`): SQLite ranks title matches first in SQL.
    search_title = models.TextField(blank=True, editable=False)
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
        verbose_name = gettext_lazy("offer")
        verbose_name_plural = gettext_lazy("offers")
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
            length_check("language", 2, name="offer_language_length"),
            range_check("latitude", -90, 90, name="offer_latitude_range", null=True),
            range_check("longitude", -180, 180, name="offer_longitude_range", null=True),
            date_check("next_start", name="offer_next_start_range", null=True),
            range_check("free_places", 0, LONG_TEXT_MAX, name="offer_free_places_range"),
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


# The covering index of both facet tables, after the link's own column: every filter column of
# the catalogue search, so a grouped count reads the index only.
FACET_INDEX_COLUMNS = (
    "in_autumn_window",
    "in_spring_window",
    "on_request",
    "free_places",
    "cost_eur",
    "kind",
    "province_id",
    "for_lateral_entrants",
    "latitude",
    "longitude",
)


class OfferFacetColumns(models.Model):
    """The facet columns the catalogue search filters on, copied from the Offer columns of the
    same names: shared by the facet rows of one offer (`OfferFacetRow`) and the counted
    combinations (`OfferFacetGroup`), which the search filters alike."""

    kind = models.CharField(max_length=20)
    province_id = models.IntegerField(null=True)
    in_autumn_window = models.BooleanField()
    in_spring_window = models.BooleanField()
    on_request = models.BooleanField()
    cost_eur = models.DecimalField(max_digits=8, decimal_places=2)
    free_places = models.PositiveIntegerField()
    for_lateral_entrants = models.BooleanField()
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    # The Offer columns copied, in the order of the fields above.
    FACET_COLUMNS = (
        "kind",
        "province_id",
        "in_autumn_window",
        "in_spring_window",
        "on_request",
        "cost_eur",
        "free_places",
        "for_lateral_entrants",
        "latitude",
        "longitude",
    )

    class Meta:
        abstract = True


class OfferFacetRow(OfferFacetColumns):
    """The facet columns of a published offer, copied onto each of its study-domain or programme
    links (`OfferDomainFacet`, `OfferProgrammeFacet`), so the study-domain and programme facet
    counts of the catalogue read one narrow table through a covering index instead of joining
    the link table to the wide offer rows (bench/innovet).

    Denormalised data, written only by `brug.innovet.search.offers_facets_refresh`, which every
    write of an offer's links, status or summary columns calls (`offers_index`,
    `offer_set_status`, `offers_refresh_summaries`, the free-places delta, the demo generator).
    Only published offers have rows: the catalogue shows nothing else.
    """

    class Meta:
        abstract = True


class OfferDomainFacet(OfferFacetRow):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+", db_index=False)
    study_domain = models.ForeignKey(
        StudyDomain, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = gettext_lazy("offer study-domain facet")
        verbose_name_plural = gettext_lazy("offer study-domain facets")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "study_domain"], name="innovet_domain_facet_unique"
            )
        ]
        indexes = [
            # Grouped by study domain while reading the index, every filter column in it.
            models.Index(
                fields=["study_domain", *FACET_INDEX_COLUMNS, "offer"],
                name="innovet_domain_facet_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}/{self.study_domain_id}"


class OfferProgrammeFacet(OfferFacetRow):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+", db_index=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = gettext_lazy("offer programme facet")
        verbose_name_plural = gettext_lazy("offer programme facets")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "programme"], name="innovet_programme_facet_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["programme", *FACET_INDEX_COLUMNS, "offer"],
                name="innovet_programme_facet_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}/{self.programme_id}"


class OfferFacet(OfferFacetRow):
    """The facet columns of one published offer (one row per offer, like the link rows above).

    The narrow copy the search reads instead of the wide offer rows where no text is searched:
    within a radius the covering index led by the coordinates gives the grouped counts and the
    page's ids without reading an offer; and it is what `OfferFacetGroup` was counted from, so
    a write subtracts an offer's old group and adds its new one (`offers_facets_refresh`).
    """

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = gettext_lazy("offer facet")
        verbose_name_plural = gettext_lazy("offer facets")
        indexes = [
            models.Index(
                # Longitude first: Flanders is wider than high, so a radius's longitude range
                # holds about a third of the offers its latitude range holds.
                fields=[
                    "longitude",
                    "latitude",
                    *(c for c in FACET_INDEX_COLUMNS if c not in ("latitude", "longitude")),
                    "offer",
                ],
                name="innovet_offer_facet_cover",
            )
        ]

    def __str__(self) -> str:
        return str(self.offer_id)


class OfferFacetGroup(OfferFacetColumns):
    """How many published offers share one combination of the one-column facet columns (kind,
    province, period flags, cost, has free places, for lateral entrants), and how many links to
    each study domain and programme they have per combination: the whole catalogue's total and
    facet counts are sums over these few rows instead of a pass over every offer. Kept by
    `offers_facets_refresh` from the old and new facet rows of the offers
    written (`catalogue_changed`), in the writer's transaction."""

    # The facet, link and combination as one unique text (nullable columns cannot be part of a
    # unique key on every database): `search.group_key`.
    key = models.CharField(max_length=160, unique=True)
    # "" counts the offers; "study_domain" / "programme" count the links of the offers to the
    # study domain or programme `link_id` (their facet rows); "place", "place_study_domain",
    # "place_programme" count the same per place (`latitude`, `longitude`: a search within a
    # radius sums the places in it).
    facet = models.CharField(max_length=20, blank=True)
    link_id = models.IntegerField(null=True)
    # The facet columns (`OfferFacetColumns`), but for `free_places`: 1 when the offers have
    # free places, else 0 (the search filters `free_places > 0` on offers, facet rows and these
    # rows alike). `latitude`, `longitude`: the place of the offers of a "place" group (their
    # coordinates), else empty.
    free_places = models.PositiveSmallIntegerField()
    offers = models.PositiveIntegerField()

    class Meta:
        verbose_name = gettext_lazy("offer facet group")
        verbose_name_plural = gettext_lazy("offer facet groups")
        indexes = [
            models.Index(
                fields=["facet", "longitude", "latitude", "offers"],
                name="innovet_facet_group_facet",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.offers}"


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
        verbose_name = gettext_lazy("session")
        verbose_name_plural = gettext_lazy("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="innovet_session_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="innovet_session_ends_after_start"
            ),
            length_check("location", 300, name="session_location_length"),
            date_check("registration_opens", name="session_registration_opens_range", null=True),
            date_check("registration_closes", name="session_registration_closes_range", null=True),
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
        verbose_name = gettext_lazy("offer registration")
        verbose_name_plural = gettext_lazy("offer registrations")
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

    class Meta:
        verbose_name = gettext_lazy("certificate")
        verbose_name_plural = gettext_lazy("certificates")

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
        verbose_name = gettext_lazy("material")
        verbose_name_plural = gettext_lazy("materials")
        ordering = ["title", "pk"]
        constraints = [
            length_check("title", 300, name="material_title_length"),
            length_check("description", LONG_TEXT_MAX, name="material_description_length"),
            length_check("curriculum_link", LONG_TEXT_MAX, name="material_curriculum_link_length"),
            length_check("licence_note", 300, name="material_licence_note_length"),
            length_check("review_note", LONG_TEXT_MAX, name="material_review_note_length"),
        ]

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
        verbose_name = gettext_lazy("material version")
        verbose_name_plural = gettext_lazy("material versions")
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="innovet_version_unique"),
            range_check("number", 1, LONG_TEXT_MAX, name="materialversion_number_range"),
            length_check("original_name", 255, name="materialversion_original_name_length"),
            range_check("size_bytes", 0, 2000000000, name="materialversion_size_bytes_range"),
            length_check("note", 300, name="materialversion_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"


class GuestLessonStatus(models.TextChoices):
    OPEN = "open", "Open"
    AGREED = "agreed", gettext_lazy("Agreed")
    DECLINED = "declined", gettext_lazy("Declined")
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
        verbose_name = gettext_lazy("guest lesson request")
        verbose_name_plural = gettext_lazy("guest lesson requests")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="agreed")
                | Q(matched_offer__isnull=False, agreed_at__isnull=False),
                name="innovet_guest_agreed_has_match",
            ),
            length_check("topic", 300, name="guestlessonrequest_topic_length"),
            length_check("wished_period", 100, name="guestlessonrequest_wished_period_length"),
            date_check("lesson_date", name="guestlessonrequest_lesson_date_range", null=True),
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
        verbose_name = gettext_lazy("booking")
        verbose_name_plural = gettext_lazy("bookings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="innovet_booking_ends_after_start"
            ),
            length_check("purpose", 300, name="booking_purpose_length"),
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
        verbose_name = gettext_lazy("failed search")
        verbose_name_plural = gettext_lazy("failed searches")
        ordering = ["-created_at", "pk"]
        constraints = [
            length_check("query", 300, name="failedsearch_query_length"),
        ]

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
        verbose_name = gettext_lazy("opportunity signal")
        verbose_name_plural = gettext_lazy("opportunity signals")
        ordering = ["-created_at", "pk"]
        constraints = [
            length_check("subject", 300, name="opportunitysignal_subject_length"),
            length_check("message", LONG_TEXT_MAX, name="opportunitysignal_message_length"),
        ]

    def __str__(self) -> str:
        return self.subject


# ---------------------------------------------------------------- professional development as it
# runs (issue 15): the VDAB 10-day scheme, company placements for teachers, hybrid jobs, guest
# teacher candidates. Status and year labels are the translated labels of the
# `TextChoices` below (`get_status_display()`); the database keeps the codes and a check
# constraint on the allowed values.

TEN_DAY_MAX_DAYS = 10
TEN_DAY_MAX_LEARNERS = 40
NAME_MAX = 200
TASKS_MAX = 2000
NOTE_MAX = 1000
CODE_MAX = 32


class TenDayYear(models.TextChoices):
    """The year a class is in. Seed 004 (from the RTC websites) names the eligible years; the
    others are listed so a school can pick its class and be told why it does not qualify."""

    BSO_TSO_3G_2 = (
        "bso_tso_3g2",
        gettext_lazy("Second year of the third grade (vocational/technical)"),
    )
    BSO_3G_3 = "bso_3g3", gettext_lazy("Third year of the third grade (vocational)")
    TSO_SE_N_SE = "tso_senso", gettext_lazy("Post-secondary year (technical, Se-n-Se)")
    OV3_ABO = "ov3_abo", gettext_lazy("Training form 3: work-based phase or integration phase")
    OV3_BSO = "ov3_bso", gettext_lazy("Training form 3: one of the five years (vocational)")
    DBSO = "dbso", gettext_lazy("Part-time vocational education or apprenticeship")
    GRADE_1 = "grade1", gettext_lazy("First grade")
    GRADE_2 = "grade2", gettext_lazy("Second grade")
    ASO = "aso", gettext_lazy("General secondary education")
    THIRD_GRADE_1 = "bso_tso_3g1", gettext_lazy("First year of the third grade")


TEN_DAY_ELIGIBLE_YEARS = frozenset(
    {
        TenDayYear.BSO_TSO_3G_2,
        TenDayYear.BSO_3G_3,
        TenDayYear.TSO_SE_N_SE,
        TenDayYear.OV3_ABO,
        TenDayYear.OV3_BSO,
        TenDayYear.DBSO,
    }
)


def ten_day_year_choices(eligible_only: bool = False) -> list[tuple[str, str | Promise]]:
    """The years a school can pick (with their translated labels), the eligible ones only on
    request."""
    return [
        (value, label)
        for value, label in TenDayYear.choices
        if not eligible_only or value in TEN_DAY_ELIGIBLE_YEARS
    ]


class TenDayStatus(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Awaiting VDAB")
    APPROVED = "approved", gettext_lazy("Approved, introduction planned")
    REFUSED = "refused", gettext_lazy("Refused by VDAB")
    INTRO_DONE = "intro_done", gettext_lazy("Introduction session done")
    RUNNING = "running", gettext_lazy("Lesson days under way")
    COMPLETED = "completed", gettext_lazy("Completed")
    CANCELLED = "cancelled", gettext_lazy("Withdrawn")


class TenDayRequest(models.Model):
    """A school's request to bring a class with its teacher to a VDAB centre for up to ten days
    of practical lessons (seed 004): VDAB approves and plans the introduction session (the
    teacher gets to know the centre and its equipment), may offer an instructor, and then the
    teacher holds the days with the class."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="ten_day_requests")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="innovet_ten_days"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    class_group = models.CharField(max_length=100)
    year = models.CharField(max_length=16, choices=TenDayYear.choices)
    learners = models.PositiveSmallIntegerField()
    days = models.PositiveSmallIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()
    curriculum_link = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=TenDayStatus.choices, default=TenDayStatus.REQUESTED, db_index=True
    )
    intro_on = models.DateField(null=True, blank=True)
    intro_done_on = models.DateField(null=True, blank=True)
    instructor_offered = models.BooleanField(default=False)
    instructor_name = models.CharField(max_length=NAME_MAX, blank=True)
    vdab_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    days_held = models.PositiveSmallIntegerField(default=0)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("10-day request")
        verbose_name_plural = gettext_lazy("10-day requests")
        ordering = ["-created_at", "pk"]
        constraints = [
            date_check("intro_done_on", name="tendayrequest_intro_done_on_range", null=True),
            range_check("days", 1, TEN_DAY_MAX_DAYS, name="innovet_tenday_days_1_10"),
            range_check("learners", 1, TEN_DAY_MAX_LEARNERS, name="innovet_tenday_learners"),
            models.CheckConstraint(
                condition=Q(days_held__lte=F("days")), name="innovet_tenday_held_lte_days"
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="innovet_tenday_period"
            ),
            date_check("first_day", name="innovet_tenday_first_day_date"),
            date_check("last_day", name="innovet_tenday_last_day_date"),
            date_check("intro_on", name="innovet_tenday_intro_date", null=True),
            models.CheckConstraint(
                condition=Q(year__in=TenDayYear.values), name="innovet_tenday_year_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TenDayStatus.values), name="innovet_tenday_status_known"
            ),
            # Only an eligible year is ever stored (the service refuses the others).
            models.CheckConstraint(
                condition=Q(year__in=sorted(TEN_DAY_ELIGIBLE_YEARS)),
                name="innovet_tenday_year_eligible",
            ),
            length_check("class_group", 100, name="innovet_tenday_class_length"),
            length_check("curriculum_link", NOTE_MAX, name="innovet_tenday_link_length"),
            length_check("instructor_name", NAME_MAX, name="innovet_tenday_instructor_length"),
            length_check("vdab_note", NOTE_MAX, name="innovet_tenday_note_length"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.class_group} · {self.offer}"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Proposed to the company")
    AGREED = "agreed", gettext_lazy("Agreed")
    DECLINED = "declined", gettext_lazy("Declined")
    COMPLETED = "completed", gettext_lazy("Completed, certificate issued")
    CANCELLED = "cancelled", gettext_lazy("Withdrawn")


class TeacherPlacement(models.Model):
    """A teacher's placement in a company (seed 004, *bedrijfsstage voor leerkrachten*): an
    agreement with tasks, a period, a host mentor at the company and the replacement at school;
    a certificate (a random code anyone holding it can verify) when it is completed."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="innovet_placements"
    )
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    tasks = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    host_mentor = models.CharField(max_length=NAME_MAX, blank=True)
    replacement = models.CharField(max_length=NAME_MAX)
    status = models.CharField(
        max_length=12,
        choices=PlacementStatus.choices,
        default=PlacementStatus.PROPOSED,
        db_index=True,
    )
    certificate_code = models.CharField(max_length=CODE_MAX, null=True, blank=True, unique=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("teacher placement")
        verbose_name_plural = gettext_lazy("teacher placements")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="innovet_tplacement_period"
            ),
            date_check("starts_on", name="innovet_tplacement_starts_date"),
            date_check("ends_on", name="innovet_tplacement_ends_date"),
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values),
                name="innovet_tplacement_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(certificate_code__isnull=False),
                name="innovet_tplacement_completed_has_certificate",
            ),
            length_check("tasks", TASKS_MAX, name="innovet_tplacement_tasks_length"),
            length_check("host_mentor", NAME_MAX, name="innovet_tplacement_mentor_length"),
            length_check("replacement", NAME_MAX, name="innovet_tplacement_replacement_length"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.company}"


class HybridSide(models.TextChoices):
    OFFER = "offer", gettext_lazy("Offered by a company")
    REQUEST = "request", gettext_lazy("Asked for by a school")


class HybridStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    FILLED = "filled", gettext_lazy("Filled")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


class HybridJob(models.Model):
    """A part-time hybrid teaching job (seed 004, *hybride docent*): a company offers an
    employee for some hours a week in a school, or a school asks for one."""

    side = models.CharField(max_length=8, choices=HybridSide.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=NAME_MAX)
    description = models.TextField(blank=True)
    study_domain = models.ForeignKey(
        StudyDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hours_per_week = models.PositiveSmallIntegerField()
    starts_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=HybridStatus.choices, default=HybridStatus.OPEN, db_index=True
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("hybrid job")
        verbose_name_plural = gettext_lazy("hybrid jobs")
        ordering = ["-created_at", "pk"]
        constraints = [
            range_check("hours_per_week", 1, 30, name="innovet_hybrid_hours_1_30"),
            models.CheckConstraint(
                condition=Q(side__in=HybridSide.values), name="innovet_hybrid_side_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=HybridStatus.values), name="innovet_hybrid_status_known"
            ),
            date_check("starts_on", name="innovet_hybrid_starts_date", null=True),
            length_check("title", NAME_MAX, name="innovet_hybrid_title_length"),
            length_check("description", NOTE_MAX, name="innovet_hybrid_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


class CandidateStage(models.TextChoices):
    INTERESTED = "interested", gettext_lazy("Interested")
    SCREENED = "screened", gettext_lazy("Screened")
    AVAILABLE = "available", gettext_lazy("Available to schools")
    MATCHED = "matched", gettext_lazy("Matched with a school")
    WITHDRAWN = "withdrawn", pgettext_lazy("Afgehaakt", "Withdrawn")


class GuestTeacherCandidate(models.Model):
    """A candidate guest teacher in the education mediator's pipeline (seed 001: the mediator
    has targets for candidates and effective matches). An expert is named by initials and
    expertise only; the contact runs through the company."""

    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    initials = models.CharField(max_length=20)
    expertise = models.CharField(max_length=NAME_MAX)
    study_domain = models.ForeignKey(
        StudyDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(
        max_length=12,
        choices=CandidateStage.choices,
        default=CandidateStage.INTERESTED,
        db_index=True,
    )
    matched_request = models.ForeignKey(
        GuestLessonRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
    )
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("guest teacher candidate")
        verbose_name_plural = gettext_lazy("guest teacher candidates")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=CandidateStage.values), name="innovet_candidate_stage_known"
            ),
            length_check("initials", 20, name="innovet_candidate_initials_length"),
            length_check("expertise", NAME_MAX, name="innovet_candidate_expertise_length"),
        ]

    def __str__(self) -> str:
        return f"{self.initials} · {self.expertise}"
