"""The reference registry of Flanders: geography, education, qualifications, sectors, organisations.

Reference lists are real and name their source (see `ReferenceList` and docs/data-sources.md).
"""

from __future__ import annotations

from django.db import models

from brug.core.bounds import length_check, range_check
from brug.core.i18n import gettext_lazy


class ReferenceList(models.Model):
    """Where a reference list comes from, so the UI can say so and mark partial lists."""

    key = models.SlugField(max_length=64, unique=True, verbose_name=gettext_lazy("key"))
    title = models.CharField(max_length=200, verbose_name=gettext_lazy("title"))
    source = models.CharField(max_length=500, verbose_name=gettext_lazy("source"))
    licence = models.CharField(max_length=200, verbose_name=gettext_lazy("licence"))
    reference_date = models.CharField(max_length=50, verbose_name=gettext_lazy("reference date"))
    is_partial = models.BooleanField(default=False, verbose_name=gettext_lazy("partial"))
    note = models.TextField(blank=True, verbose_name=gettext_lazy("note"))
    loaded_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("loaded at"))

    class Meta:
        verbose_name = gettext_lazy("reference list")
        verbose_name_plural = gettext_lazy("reference lists")
        constraints = [
            length_check("key", 64, name="referencelist_key_length"),
            length_check("title", 200, name="referencelist_title_length"),
            length_check("source", 500, name="referencelist_source_length"),
            length_check("licence", 200, name="referencelist_licence_length"),
            length_check("reference_date", 50, name="referencelist_reference_date_length"),
            length_check("note", 10000, name="referencelist_note_length"),
        ]

    def __str__(self) -> str:
        return self.title


class Region(models.TextChoices):
    FLANDERS = "flanders", "Vlaams Gewest"
    BRUSSELS = "brussels", "Brussels Hoofdstedelijk Gewest"
    WALLONIA = "wallonia", "Waals Gewest"


class Province(models.Model):
    """A Flemish province, or the Brussels-Capital Region (which has no province)."""

    nis_code = models.CharField(max_length=5, unique=True, verbose_name=gettext_lazy("NIS code"))
    name_nl = models.CharField(max_length=100, verbose_name=gettext_lazy("name (Dutch)"))
    name_en = models.CharField(max_length=100, verbose_name=gettext_lazy("name (English)"))
    region = models.CharField(
        max_length=16, choices=Region.choices, verbose_name=gettext_lazy("region")
    )

    class Meta:
        verbose_name = gettext_lazy("province")
        verbose_name_plural = gettext_lazy("provinces")
        ordering = ["name_nl"]
        constraints = [
            length_check("nis_code", 5, name="province_nis_code_length"),
            length_check("name_nl", 100, name="province_name_nl_length"),
            length_check("name_en", 100, name="province_name_en_length"),
        ]

    def __str__(self) -> str:
        return self.name_nl


class Municipality(models.Model):
    nis_code = models.CharField(max_length=5, unique=True, verbose_name=gettext_lazy("NIS code"))
    name_nl = models.CharField(
        max_length=100, db_index=True, verbose_name=gettext_lazy("name (Dutch)")
    )
    name_fr = models.CharField(
        max_length=100, blank=True, verbose_name=gettext_lazy("name (French)")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=gettext_lazy("province"),
    )
    latitude = models.FloatField(null=True, blank=True, verbose_name=gettext_lazy("latitude"))
    longitude = models.FloatField(null=True, blank=True, verbose_name=gettext_lazy("longitude"))
    coordinates_source = models.CharField(
        max_length=100, blank=True, verbose_name=gettext_lazy("source of the coordinates")
    )

    class Meta:
        verbose_name = gettext_lazy("municipality")
        verbose_name_plural = gettext_lazy("municipalities")
        ordering = ["name_nl"]
        constraints = [
            length_check("nis_code", 5, name="municipality_nis_code_length"),
            length_check("name_nl", 100, name="municipality_name_nl_length"),
            length_check("name_fr", 100, name="municipality_name_fr_length"),
            range_check("latitude", -90, 90, name="municipality_latitude_range", null=True),
            range_check("longitude", -180, 180, name="municipality_longitude_range", null=True),
            length_check("coordinates_source", 100, name="municipality_coordinates_source_length"),
        ]

    def __str__(self) -> str:
        return self.name_nl


class PostalCode(models.Model):
    """One postcode can serve several municipalities and one municipality has several postcodes."""

    code = models.CharField(max_length=4, db_index=True, verbose_name=gettext_lazy("code"))
    locality = models.CharField(max_length=100, verbose_name=gettext_lazy("locality"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="postal_codes",
        verbose_name=gettext_lazy("municipality"),
    )

    class Meta:
        verbose_name = gettext_lazy("postal code")
        verbose_name_plural = gettext_lazy("postal codes")
        ordering = ["code", "locality"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locality", "municipality"], name="postalcode_unique"
            ),
            length_check("code", 4, name="postalcode_code_length"),
            length_check("locality", 100, name="postalcode_locality_length"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.locality}"


class RTCRegion(models.Model):
    """The working area of a regional technology centre: one per province (Vlaams-Brabant + Brussels)."""

    code = models.SlugField(max_length=32, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=100, verbose_name=gettext_lazy("name"))
    provinces = models.ManyToManyField(
        Province, related_name="rtc_regions", verbose_name=gettext_lazy("provinces")
    )

    class Meta:
        verbose_name = gettext_lazy("RTC region")
        verbose_name_plural = gettext_lazy("RTC regions")
        ordering = ["name"]
        constraints = [
            length_check("code", 32, name="rtcregion_code_length"),
            length_check("name", 100, name="rtcregion_name_length"),
        ]

    def __str__(self) -> str:
        return self.name


class EducationNetwork(models.Model):
    code = models.SlugField(max_length=16, unique=True, verbose_name=gettext_lazy("code"))
    short_name = models.CharField(max_length=32, verbose_name=gettext_lazy("short name"))
    name = models.CharField(max_length=200, verbose_name=gettext_lazy("name"))

    class Meta:
        verbose_name = gettext_lazy("education network")
        verbose_name_plural = gettext_lazy("education networks")
        ordering = ["short_name"]
        constraints = [
            length_check("code", 16, name="educationnetwork_code_length"),
            length_check("short_name", 32, name="educationnetwork_short_name_length"),
            length_check("name", 200, name="educationnetwork_name_length"),
        ]

    def __str__(self) -> str:
        return self.short_name


class StudyDomain(models.Model):
    code = models.SlugField(max_length=64, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=200, verbose_name=gettext_lazy("name"))

    class Meta:
        verbose_name = gettext_lazy("study domain")
        verbose_name_plural = gettext_lazy("study domains")
        ordering = ["name"]
        constraints = [
            length_check("code", 64, name="studydomain_code_length"),
            length_check("name", 200, name="studydomain_name_length"),
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """A professional qualification (beroepskwalificatie) of the Flemish qualification structure."""

    code = models.CharField(max_length=32, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=300, verbose_name=gettext_lazy("name"))
    level = models.PositiveSmallIntegerField(
        help_text="VKS level 1-8", verbose_name=gettext_lazy("level")
    )
    source_url = models.URLField(blank=True, verbose_name=gettext_lazy("source address"))

    class Meta:
        verbose_name = gettext_lazy("qualification")
        verbose_name_plural = gettext_lazy("qualifications")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8), name="qualification_level_1_8"
            ),
            length_check("code", 32, name="qualification_code_length"),
            length_check("name", 300, name="qualification_name_length"),
            length_check("source_url", 200, name="qualification_source_url_length"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (VKS {self.level})"


class Competence(models.Model):
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name=gettext_lazy("qualification"),
    )
    code = models.CharField(max_length=32, verbose_name=gettext_lazy("code"))
    description = models.TextField(verbose_name=gettext_lazy("description"))
    order = models.PositiveIntegerField(default=0, verbose_name=gettext_lazy("order"))

    class Meta:
        verbose_name = gettext_lazy("competence")
        verbose_name_plural = gettext_lazy("competences")
        ordering = ["qualification", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "code"], name="competence_unique_code"
            ),
            length_check("code", 32, name="competence_code_length"),
            length_check("description", 10000, name="competence_description_length"),
            range_check("order", 0, 100000, name="competence_order_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"


class Finality(models.TextChoices):
    LABOUR_MARKET = "A", "Arbeidsmarktfinaliteit (A)"
    DOUBLE = "DA", "Dubbele finaliteit (D/A)"
    TRANSITION = "D", "Doorstroomfinaliteit (D)"


class LearningRoute(models.TextChoices):
    """The learning route (leerweg) a programme belongs to (seeds 001, 002 and 003)."""

    FULL_TIME = "full_time", gettext_lazy("Full-time secondary")
    PART_TIME_VOCATIONAL = "dbso", gettext_lazy("Part-time vocational")
    APPRENTICESHIP = "apprenticeship", gettext_lazy("Apprenticeship (Syntra)")
    SPECIAL_OV3 = "buso_ov3", gettext_lazy("Special secondary, form 3")
    HIGHER_DUAL = "higher_dual", gettext_lazy("Dual higher education")
    ADULT_DUAL = "adult_dual", gettext_lazy("Dual adult education")


# Which kind of education provider organises a route (a learner's provider must be one).
ROUTE_PROVIDER_KIND: dict[str, str] = {
    LearningRoute.FULL_TIME: "school",
    LearningRoute.PART_TIME_VOCATIONAL: "school",
    LearningRoute.SPECIAL_OV3: "school",
    LearningRoute.APPRENTICESHIP: "syntra",
    LearningRoute.HIGHER_DUAL: "higher_education",
    LearningRoute.ADULT_DUAL: "adult_education",
}
SECONDARY_ROUTES = frozenset(
    {
        LearningRoute.FULL_TIME,
        LearningRoute.PART_TIME_VOCATIONAL,
        LearningRoute.APPRENTICESHIP,
        LearningRoute.SPECIAL_OV3,
    }
)
YEAR_IN_GRADE_MAX = 3  # 3: the seventh year (a third year in the third grade)


class Programme(models.Model):
    """A course of study (studierichting/opleiding)."""

    code = models.CharField(max_length=32, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=300, db_index=True, verbose_name=gettext_lazy("name"))
    finality = models.CharField(
        max_length=2, choices=Finality.choices, blank=True, verbose_name=gettext_lazy("finality")
    )
    # Null for higher and adult education, which have no grades.
    grade = models.PositiveSmallIntegerField(
        default=3, null=True, blank=True, verbose_name=gettext_lazy("grade")
    )
    route = models.CharField(
        max_length=16,
        choices=LearningRoute.choices,
        default=LearningRoute.FULL_TIME,
        verbose_name=gettext_lazy("route"),
    )
    # The year within the grade where the programme is one year only (a seventh year: 3).
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=gettext_lazy("year")
    )
    study_domain = models.ForeignKey(
        StudyDomain,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=gettext_lazy("study domain"),
    )
    is_dual = models.BooleanField(default=False, verbose_name=gettext_lazy("dual"))
    qualifications = models.ManyToManyField(
        Qualification,
        related_name="programmes",
        blank=True,
        verbose_name=gettext_lazy("qualifications"),
    )
    # The covenant sector(s) responsible for the programme (reference data, programmes.csv:
    # assumed by Brug, see docs/data-sources.md); their sectoral partnership handles its
    # recognitions and they are named on the shortage radar.
    sectors = models.ManyToManyField(  # type: ignore[var-annotated]
        "Sector", related_name="programmes", blank=True, verbose_name=gettext_lazy("sectors")
    )

    class Meta:
        verbose_name = gettext_lazy("programme")
        verbose_name_plural = gettext_lazy("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=3), name="programme_grade_1_3"
            ),
            models.CheckConstraint(
                condition=models.Q(year__isnull=True)
                | models.Q(year__gte=1, year__lte=YEAR_IN_GRADE_MAX),
                name="programme_year_1_3",
            ),
            models.CheckConstraint(
                condition=models.Q(route__in=[r.value for r in LearningRoute]),
                name="programme_route_known",
            ),
            length_check("code", 32, name="programme_code_length"),
            length_check("name", 300, name="programme_name_length"),
        ]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    code = models.SlugField(max_length=64, unique=True, verbose_name=gettext_lazy("code"))
    name = models.CharField(max_length=200, verbose_name=gettext_lazy("name"))
    has_dual_partnership = models.BooleanField(
        default=False, verbose_name=gettext_lazy("has a partnership for dual learning")
    )
    # True when no source names this sector as a covenant sector (Brug reconstructed it).
    is_reconstructed = models.BooleanField(
        default=False, verbose_name=gettext_lazy("reconstructed")
    )

    class Meta:
        verbose_name = gettext_lazy("sector")
        verbose_name_plural = gettext_lazy("sectors")
        ordering = ["name"]
        constraints = [
            length_check("code", 64, name="sector_code_length"),
            length_check("name", 200, name="sector_name_length"),
        ]

    def __str__(self) -> str:
        return self.name


class JointCommittee(models.Model):
    """A joint committee (paritair comité), e.g. PC 124 for construction workers."""

    number = models.CharField(
        max_length=16,
        unique=True,
        help_text="e.g. 124 or 140.03",
        verbose_name=gettext_lazy("number"),
    )
    name = models.CharField(max_length=300, verbose_name=gettext_lazy("name"))
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joint_committees",
        verbose_name=gettext_lazy("sector"),
    )

    class Meta:
        verbose_name = gettext_lazy("joint committee")
        verbose_name_plural = gettext_lazy("joint committees")
        ordering = ["number"]
        constraints = [
            length_check("number", 16, name="jointcommittee_number_length"),
            length_check("name", 300, name="jointcommittee_name_length"),
        ]

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
    SYNTRA = "syntra", gettext_lazy("Syntra (apprenticeship)")
    ADULT_EDUCATION = "adult_education", gettext_lazy("Adult education")
    HIGHER_EDUCATION = "higher_education", gettext_lazy("Higher education")


# Organisations that enrol learners (a learner's education provider).
EDUCATION_PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.SCHOOL,
        OrganisationKind.SYNTRA,
        OrganisationKind.ADULT_EDUCATION,
        OrganisationKind.HIGHER_EDUCATION,
    }
)


class DepartmentKind(models.TextChoices):
    WORK = "work", "Werk en Sociale Economie"
    EDUCATION = "education", "Onderwijs en Vorming"


class Organisation(models.Model):
    kind = models.CharField(
        max_length=20,
        choices=OrganisationKind.choices,
        db_index=True,
        verbose_name=gettext_lazy("kind"),
    )
    name = models.CharField(max_length=300, db_index=True, verbose_name=gettext_lazy("name"))
    enterprise_number = models.CharField(
        max_length=10, blank=True, db_index=True, verbose_name=gettext_lazy("enterprise number")
    )
    network = models.ForeignKey(
        EducationNetwork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Schools, support services and a network's own office belong to a network",
        verbose_name=gettext_lazy("education network"),
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="organisations",
        help_text="Company: its sector(s). Sector fund and partnership: the sectors it serves.",
        verbose_name=gettext_lazy("sectors"),
    )
    joint_committees = models.ManyToManyField(
        JointCommittee,
        blank=True,
        related_name="organisations",
        verbose_name=gettext_lazy("joint committees"),
    )
    rtc_region = models.ForeignKey(
        RTCRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=gettext_lazy("RTC region"),
    )
    department = models.CharField(
        max_length=16,
        choices=DepartmentKind.choices,
        blank=True,
        verbose_name=gettext_lazy("department"),
    )
    is_flemish_partnership = models.BooleanField(
        default=False, verbose_name=gettext_lazy("Flemish partnership")
    )
    website = models.URLField(blank=True, verbose_name=gettext_lazy("website"))
    email = models.EmailField(blank=True, verbose_name=gettext_lazy("e-mail address"))
    is_demo = models.BooleanField(default=False, verbose_name=gettext_lazy("demo"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("updated at"))

    class Meta:
        verbose_name = gettext_lazy("organisation")
        verbose_name_plural = gettext_lazy("organisations")
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
            length_check("name", 300, name="organisation_name_length"),
            length_check("enterprise_number", 10, name="organisation_enterprise_number_length"),
            length_check("website", 200, name="organisation_website_length"),
            length_check("email", 254, name="organisation_email_length"),
        ]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A physical location (vestiging) of an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name=gettext_lazy("organisation"),
    )
    name = models.CharField(max_length=300, verbose_name=gettext_lazy("name"))
    street = models.CharField(
        max_length=300, blank=True, verbose_name=gettext_lazy("street and number")
    )
    postal_code = models.ForeignKey(
        PostalCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("postal code"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=gettext_lazy("municipality"),
    )
    latitude = models.FloatField(null=True, blank=True, verbose_name=gettext_lazy("latitude"))
    longitude = models.FloatField(null=True, blank=True, verbose_name=gettext_lazy("longitude"))
    is_demo = models.BooleanField(default=False, verbose_name=gettext_lazy("demo"))

    class Meta:
        verbose_name = gettext_lazy("site")
        verbose_name_plural = gettext_lazy("sites")
        ordering = ["organisation", "name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]
        constraints = [
            length_check("name", 300, name="site_name_length"),
            length_check("street", 300, name="site_street_length"),
            range_check("latitude", -90, 90, name="site_latitude_range", null=True),
            range_check("longitude", -180, 180, name="site_longitude_range", null=True),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"
