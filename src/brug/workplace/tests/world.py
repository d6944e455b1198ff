"""A small world for service tests: a company with a site and a mentor, its sector's
partnership with a reviewer, a school with a guide, a programme with competences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brug.accounts.tests.factories import user_with_role
from brug.registry import models as rm
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace.tests import factories as f


@dataclass
class World:
    sector: rm.Sector
    company: rm.Organisation
    site: rm.Site
    programme: rm.Programme
    partnership: rm.Organisation
    flemish: rm.Organisation
    school: rm.Organisation
    company_user: Any
    reviewer: Any
    guide: Any
    mentor: m.Mentor


def build_world(n_competences: int = 5) -> World:
    sector = rf.SectorFactory()
    company = f.CompanyFactory(sectors=[sector])
    site = rf.SiteFactory(organisation=company)
    programme = rf.ProgrammeFactory(is_dual=True)
    qualification = rf.QualificationFactory()
    for _ in range(n_competences):
        rf.CompetenceFactory(qualification=qualification)
    programme.qualifications.add(qualification)
    partnership = f.PartnershipFactory(sectors=[sector])
    flemish = f.PartnershipFactory(sectors=[], is_flemish_partnership=True)
    school = f.SchoolFactory()
    return World(
        sector=sector,
        company=company,
        site=site,
        programme=programme,
        partnership=partnership,
        flemish=flemish,
        school=school,
        company_user=user_with_role("company_contact", company),
        reviewer=user_with_role("reviewer", partnership),
        guide=user_with_role("guide", school),
        mentor=f.MentorFactory(company=company, site=site),
    )


def accept_intake(w: World, learner: m.Learner, opening: m.Opening) -> m.Application:
    """The school applies for its learner and the company accepts the intake: what the one
    placement rule asks before a placement (both sides confirmed)."""
    from brug.workplace import services

    application = m.Application.objects.filter(learner=learner, opening=opening).first()
    if application is None:
        application = services.application_submit(actor=w.guide, learner=learner, opening=opening)
    return services.application_record_intake(
        actor=w.company_user, application=application, accepted=True
    )
