"""The roles a person can hold in Brug. A role is always held for one organisation."""

from __future__ import annotations

from django.db import models

from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.core.policy import PUBLIC


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", gettext_lazy("Platform admin")
    DEPARTMENT_WORK = "department_work", gettext_lazy("Department of Work")
    DEPARTMENT_EDUCATION = "department_education", gettext_lazy("Department of Education")
    CONSULTANT = "consultant", gettext_lazy("Sector consultant")
    REVIEWER = "reviewer", gettext_lazy("Partnership reviewer")
    COMPANY_CONTACT = "company_contact", gettext_lazy("Company contact")
    GUIDE = "guide", gettext_lazy("School guide")
    TEACHER = "teacher", gettext_lazy("Teacher")
    RTC_STAFF = "rtc_staff", gettext_lazy("RTC staff")
    SUPPORT_STAFF = "support_staff", gettext_lazy("Support-service staff")
    VDAB_STAFF = "vdab_staff", gettext_lazy("VDAB staff")
    LEARNER = "learner", gettext_lazy("Learner")
    NETWORK_STAFF = "network_staff", gettext_lazy("Education network staff")
    EDUCATION_COUNCIL = (
        "education_council",
        pgettext_lazy("Vlor (onderwijsraad)", "Education council"),
    )
    INTERSECTORAL_ADVISER = (
        "intersectoral_adviser",
        gettext_lazy("Intersectoral adviser"),
    )
    # The school's data-protection contact (GDPR): sees the read log of the school's learners,
    # hands over a learner's data and erases it on request.
    PRIVACY_CONTACT = (
        "privacy_contact",
        gettext_lazy("Data-protection contact"),
    )


# The anonymous visitor (`PUBLIC`) is not stored as a membership; the permission layer names it.
ALL_ROLES: tuple[str, ...] = (*Role.values, PUBLIC)


# The kind of organisation each role is held for; services refuse other combinations.
ROLE_ORGANISATION_KIND: dict[str, str] = {
    Role.PLATFORM_ADMIN: "department",
    Role.DEPARTMENT_WORK: "department",
    Role.DEPARTMENT_EDUCATION: "department",
    Role.CONSULTANT: "sector_fund",
    Role.REVIEWER: "partnership",
    Role.COMPANY_CONTACT: "company",
    Role.GUIDE: "school",
    Role.TEACHER: "school",
    Role.RTC_STAFF: "rtc",
    Role.SUPPORT_STAFF: "support_service",
    Role.VDAB_STAFF: "vdab",
    Role.LEARNER: "school",
    Role.NETWORK_STAFF: "education_network",
    Role.EDUCATION_COUNCIL: "education_council",
    Role.INTERSECTORAL_ADVISER: "department",
    Role.PRIVACY_CONTACT: "school",
}
