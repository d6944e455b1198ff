"""The register of partnerships between education and the world of work (seed 004: "make the
existing collaborations visible", like the Dutch Katapult database).

A partnership is kept current by one organisation (`owner`); its partners are `members`
(schools, companies, sector funds and federations, an RTC, ...), each on the side of education
or of work. A sectoral partnership for dual learning also records its decisions. InnoVET offers
and materials link to the partnerships they came from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from brug.core.bounds import date_check, length_check, range_check
from brug.core.i18n import gettext_lazy
from brug.innovet.models import Material, Offer
from brug.registry.models import Organisation, Programme, Province, StudyDomain

TITLE_MAX = 200
THEME_MAX = 100
TEXT_MAX = 4000
ROLE_MAX = 100
URL_MAX = 500


class PartnershipKind(models.TextChoices):
    SCHOOL_COMPANY = "school_company", "school_company"
    RTC_PROJECT = "rtc_project", "rtc_project"
    SECTOR_PROJECT = "sector_project", "sector_project"
    LEARNING_NETWORK = "learning_network", "learning_network"
    DUAL_SECTORAL = "dual_sectoral", "dual_sectoral"


class PartnerSide(models.TextChoices):
    EDUCATION = "education", "education"
    WORK = "work", "work"
    BROKER = "broker", "broker"  # RTC, VDAB, support services: neither side


class Partnership(models.Model):
    kind = models.CharField(max_length=20, choices=PartnershipKind.choices, db_index=True)
    title = models.CharField(max_length=TITLE_MAX)
    goal = models.TextField()
    theme = models.CharField(max_length=THEME_MAX)
    description = models.TextField(blank=True)
    results = models.TextField(blank=True)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The sectoral partnership (registry organisation) a dual-learning entry describes.
    body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    study_domains = models.ManyToManyField(StudyDomain, blank=True, related_name="+")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="+")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    url = models.URLField(max_length=URL_MAX, blank=True)
    offers = models.ManyToManyField(Offer, blank=True, related_name="partnerships")
    materials = models.ManyToManyField(Material, blank=True, related_name="partnerships")
    is_published = models.BooleanField(default=False, db_index=True)
    # Kept current by the services: what the search finds it by, and where it is.
    search_document = models.TextField(blank=True, editable=False)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("partnership")
        verbose_name_plural = gettext_lazy("partnerships")
        ordering = ["title", "pk"]
        constraints = [
            length_check("title", TITLE_MAX, name="partnership_title_length"),
            range_check("latitude", -90, 90, name="partnership_latitude_range", null=True),
            range_check("longitude", -180, 180, name="partnership_longitude_range", null=True),
            length_check("theme", THEME_MAX, name="partnership_theme_length"),
            length_check("goal", TEXT_MAX, name="partnership_goal_length"),
            length_check("description", TEXT_MAX, name="partnership_description_length"),
            length_check("results", TEXT_MAX, name="partnership_results_length"),
            length_check("url", URL_MAX, name="partnership_url_length"),
            date_check("start", name="partnership_start_range"),
            date_check("end", name="partnership_end_range", null=True),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="partnership_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["is_published", "kind", "province"]),
        ]

    def __str__(self) -> str:
        return self.title


class PartnershipMember(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=PartnerSide.choices)
    role = models.CharField(max_length=ROLE_MAX, blank=True)

    class Meta:
        verbose_name = gettext_lazy("partnership member")
        verbose_name_plural = gettext_lazy("partnership members")
        ordering = ["side", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partnershipmember_unique"
            ),
            length_check("role", ROLE_MAX, name="partnershipmember_role_length"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.partnership_id}"


class PartnershipDecision(models.Model):
    """A decision of a sectoral partnership for dual learning (e.g. on recognition criteria)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField()
    subject = models.CharField(max_length=TITLE_MAX)
    decision = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("partnership decision")
        verbose_name_plural = gettext_lazy("partnership decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            length_check("subject", TITLE_MAX, name="partnershipdecision_subject_length"),
            length_check("decision", TEXT_MAX, name="partnershipdecision_decision_length"),
            date_check("decided_on", name="partnershipdecision_date_range"),
        ]

    def __str__(self) -> str:
        return self.subject
