"""Factories for workplace learning. Rows made here skip the services: tests of services
build their input with these and then call the service under test."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.db.models import F
from django.utils import timezone

from brug.registry.models import OrganisationKind
from brug.registry.tests import factories as rf
from brug.workplace import models as m

TODAY = date.today()


class CompanyFactory(rf.OrganisationFactory):
    kind = OrganisationKind.COMPANY


class SchoolFactory(rf.OrganisationFactory):
    kind = OrganisationKind.SCHOOL


class PartnershipFactory(rf.OrganisationFactory):
    kind = OrganisationKind.PARTNERSHIP


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Mandate

    company = factory.SubFactory(CompanyFactory)
    mandatee = factory.SubFactory(SchoolFactory)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Mentor

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    birth_date = date(1980, 5, 1)
    experience_years = 10
    has_relevant_diploma = True
    criminal_record_checked_on = factory.LazyFunction(lambda: TODAY - timedelta(days=30))


class RecognitionFactory(factory.django.DjangoModelFactory):
    """A draft recognition application; use `approved=True` traits via RecognisedFactory."""

    class Meta:
        model = m.Recognition

    company = factory.SubFactory(CompanyFactory)
    site = factory.SubFactory(rf.SiteFactory, organisation=factory.SelfAttribute("..company"))
    programme = factory.SubFactory(rf.ProgrammeFactory)
    applicant_organisation = factory.SelfAttribute("company")
    activities = "Onderhoud en herstelling"
    status = m.RecognitionStatus.DRAFT


class RecognisedFactory(RecognitionFactory):
    """An approved, unexpired recognition: a learning workplace."""

    status = m.RecognitionStatus.APPROVED
    submitted_at = factory.LazyFunction(timezone.now)
    decided_at = factory.LazyFunction(timezone.now)
    valid_from = factory.LazyFunction(lambda: TODAY - timedelta(days=10))
    valid_until = factory.LazyFunction(lambda: TODAY + timedelta(days=5 * 365))


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Opening

    workplace = factory.SubFactory(RecognisedFactory)
    company = factory.SelfAttribute("workplace.company")
    site = factory.SelfAttribute("workplace.site")
    programme = factory.SelfAttribute("workplace.programme")
    kind = m.PlacementKind.DUAL
    start = factory.LazyFunction(lambda: TODAY + timedelta(days=30))
    end = factory.LazyFunction(lambda: TODAY + timedelta(days=300))
    capacity = 2
    days_per_week = 3
    status = m.OpeningStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Learner

    school = factory.SubFactory(SchoolFactory)
    programme = factory.SubFactory(rf.ProgrammeFactory)
    grade = 3
    home_municipality = factory.SubFactory(rf.MunicipalityFactory)
    ready = True
    willing = True


class LearnerIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LearnerIdentity

    learner = factory.SubFactory(LearnerFactory)
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    birth_date = date(2008, 3, 1)
    email = factory.Sequence(lambda n: f"lerende{n}@example.org")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Application

    learner = factory.SubFactory(LearnerFactory)
    opening = factory.SubFactory(OpeningFactory)
    rank = 1


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement row (the services keep `Opening.filled`; this factory bumps it too)."""

    class Meta:
        model = m.Placement

    learner = factory.SubFactory(LearnerFactory)
    opening = factory.SubFactory(OpeningFactory)
    mentor = factory.SubFactory(MentorFactory, company=factory.SelfAttribute("..opening.company"))
    start = factory.SelfAttribute("opening.start")
    end = factory.SelfAttribute("opening.end")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        placement = super()._create(model_class, *args, **kwargs)
        if placement.status == m.PlacementStatus.ACTIVE:
            m.Opening.objects.filter(pk=placement.opening_id).update(filled=F("filled") + 1)
        return placement


class TrainingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TrainingPlan

    placement = factory.SubFactory(PlacementFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Contact

    organisation = factory.SubFactory(rf.OrganisationFactory, kind=OrganisationKind.SECTOR_FUND)
    company = factory.SubFactory(CompanyFactory)
    kind = m.ContactKind.VISIT
    purpose = m.ContactPurpose.FOLLOW_UP
    on = factory.LazyFunction(lambda: TODAY)


class StandardTrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.StandardTrajectory

    programme = factory.SubFactory(rf.ProgrammeFactory)
    competence = factory.SubFactory(rf.CompetenceFactory)
    location = m.LearningLocation.WORKPLACE


class LearningAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.LearningAgreement

    placement = factory.SubFactory(PlacementFactory)
    kind = "dual"
    days_per_week = 3
    hours_per_week = 22
    allowance_per_month = 0
    insurer = "school"


class GuidanceEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GuidanceEntry

    placement = factory.SubFactory(PlacementFactory)
    kind = "visit"
    on = factory.LazyFunction(lambda: TODAY)
    notes = "Bezoek op de werkplek"
    author_side = "school"


class TrajectoryAdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TrajectoryAdvice

    learner = factory.SubFactory(LearnerFactory)
    source = "class_council"
    outcome = "workplace"
    reason = "Arbeidsrijp en arbeidsbereid"
    given_on = factory.LazyFunction(lambda: TODAY)


class StartUpTrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.StartUpTrajectory

    learner = factory.SubFactory(LearnerFactory)
    content = "Attitudetraining"
    duration_weeks = 6
    organiser = "CLB"


class WorkplaceFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.WorkplaceFeedback

    placement = factory.SubFactory(PlacementFactory)
    respondent = "learner"
    learning_culture = 4
    guidance = 4


class AgreementConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AgreementConsent

    agreement = factory.SubFactory(LearningAgreementFactory)
    party = "school"
    signer_name = "Directie"
    given_at = factory.LazyFunction(timezone.now)


def conditions_met(recognition: m.Recognition) -> None:
    """Every recognition condition with evidence and the verdict "met" (for tests that are
    about something else than the checklist; test_conditions.py goes through the services)."""
    for kind in m.ConditionKind.values:
        m.RecognitionCondition.objects.update_or_create(
            recognition=recognition,
            kind=kind,
            defaults={"evidence": "Bewijs", "verdict": m.ConditionVerdict.MET},
        )
