"""The reference registry of Flanders: geography, education, qualifications, sectors, organisations.

Reference lists are real and name their source (see `ReferenceList` and docs/data-sources.md).
"""

from __future__ import annotations

from django.db import models

from brug.core.i18n import gettext_lazy


class ReferenceList(models.Model):
    """Where a reference list comes from, so the UI can say so and mark partial lists."""

    key = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=500)
    licence = models.CharField(max_length=200)
    reference_date = models.CharField(max_length=50)
    is_partial = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class Region(models.TextChoices):
    FLANDERS = "flanders", "Vlaams Gewest"
    BRUSSELS = "brussels", "Brussels Hoofdstedelijk Gewest"
    WALLONIA = "wallonia", "Waals Gewest"


class Province(models.Model):
    """A Flemish province, or the Brussels-Capital Region (which has no province)."""

    nis_code = models.CharField(max_length=5, unique=True)
    name_nl = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    region = models.CharField(max_length=16, choices=Region.choices)

    class Meta:
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name_nl


class Municipality(models.Model):
    nis_code = models.CharField(max_length=5, unique=True)
    name_nl = models.CharField(max_length=100, db_index=True)
    name_fr = models.CharField(max_length=100, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    coordinates_source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name_plural = "municipalities"

    def __str__(self) -> str:
        return self.name_nl


class PostalCode(models.Model):
    """One postcode can serve several municipalities and one municipality has several postcodes."""

    code = models.CharField(max_length=4, db_index=True)
    locality = models.CharField(max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postal_codes"
    )

    class Meta:
        ordering = ["code", "locality"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locality", "municipality"], name="postalcode_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.locality}"


class RTCRegion(models.Model):
    """The working area of a regional technology centre: one per province (Vlaams-Brabant + Brussels)."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    provinces = models.ManyToManyField(Province, related_name="rtc_regions")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EducationNetwork(models.Model):
    code = models.SlugField(max_length=16, unique=True)
    short_name = models.CharField(max_length=32)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class StudyDomain(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """A professional qualification (beroepskwalificatie) of the Flemish qualification structure."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=300)
    level = models.PositiveSmallIntegerField(help_text="VKS level 1-8")
    source_url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8), name="qualification_level_1_8"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (VKS {self.level})"


class Competence(models.Model):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="competences"
    )
    code = models.CharField(max_length=32)
    description = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["qualification", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "code"], name="competence_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"


class Finality(models.TextChoices):
    LABOUR_MARKET = "A", "Arbeidsmarktfinaliteit (A)"
    DOUBLE = "DA", "Dubbele finaliteit (D/A)"
    TRANSITION = "D", "Doorstroomfinaliteit (D)"


class Programme(models.Model):
    """A course of study (studierichting/opleiding)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=300, db_index=True)
    finality = models.CharField(max_length=2, choices=Finality.choices)
    grade = models.PositiveSmallIntegerField(default=3)
    study_domain = models.ForeignKey(
        StudyDomain, on_delete=models.PROTECT, related_name="programmes"
    )
    is_dual = models.BooleanField(default=False)
    qualifications = models.ManyToManyField(Qualification, related_name="programmes", blank=True)
    # The covenant sector(s) responsible for the programme (reference data, programmes.csv:
    # assumed by Brug, see docs/data-sources.md); their sectoral partnership handles its
    # recognitions and they are named on the shortage radar.
    sectors = models.ManyToManyField(  # type: ignore[var-annotated]
        "Sector", related_name="programmes", blank=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=3), name="programme_grade_1_3"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    has_dual_partnership = models.BooleanField(default=False)
    # True when no source names this sector as a covenant sector (Brug reconstructed it).
    is_reconstructed = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JointCommittee(models.Model):
    """A joint committee (paritair comité), e.g. PC 124 for construction workers."""

    number = models.CharField(max_length=16, unique=True, help_text="e.g. 124 or 140.03")
    name = models.CharField(max_length=300)
    sector = models.ForeignKey(
        Sector, on_delete=models.SET_NULL, null=True, blank=True, related_name="joint_committees"
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"PC {self.number} {self.name}"


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "School"
    COMPANY = "company", gettext_lazy("Company")
    SECTOR_FUND = "sector_fund", gettext_lazy("Sector fund")
    RTC = "rtc", "RTC"
    VDAB = "vdab", "VDAB"
    DEPARTMENT = "department", gettext_lazy("Department")
    SUPPORT_SERVICE = "support_service", gettext_lazy("Support service")
    PARTNERSHIP = "partnership", gettext_lazy("Partnership")
    EDUCATION_NETWORK = "education_network", gettext_lazy("Education network")
    EDUCATION_COUNCIL = "education_council", gettext_lazy("Education council")
    FEDERATION = "federation", gettext_lazy("Industry federation")


class DepartmentKind(models.TextChoices):
    WORK = "work", "Werk en Sociale Economie"
    EDUCATION = "education", "Onderwijs en Vorming"


class Organisation(models.Model):
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(max_length=300, db_index=True)
    enterprise_number = models.CharField(max_length=10, blank=True, db_index=True)
    network = models.ForeignKey(
        EducationNetwork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Schools, support services and a network's own office belong to a network",
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="organisations",
        help_text="Company: its sector(s). Sector fund and partnership: the sectors it serves.",
    )
    joint_committees = models.ManyToManyField(
        JointCommittee, blank=True, related_name="organisations"
    )
    rtc_region = models.ForeignKey(
        RTCRegion, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    department = models.CharField(max_length=16, choices=DepartmentKind.choices, blank=True)
    is_flemish_partnership = models.BooleanField(default=False)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~models.Q(enterprise_number=""),
                name="organisation_enterprise_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(network__isnull=True)
                | models.Q(kind__in=["school", "support_service", "education_network"]),
                name="organisation_network_only_for_schools",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A physical location (vestiging) of an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=300)
    street = models.CharField(max_length=300, blank=True)
    postal_code = models.ForeignKey(
        PostalCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="sites")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation", "name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"
