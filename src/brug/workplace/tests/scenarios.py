"""Permission-matrix scenarios for workplace learning (see brug/core/testing/matrix.py).

Each builder makes an object with the asked relation to the actor and states, from the data
it built (not from the policy code), every relation the object has.
"""

from __future__ import annotations

from typing import Any

from brug.core.testing.matrix import UNRELATED, ActorContext, scenario
from brug.registry.models import Organisation
from brug.workplace import models as m
from brug.workplace.tests import factories as f

Built = tuple[Any, set[str]] | None


def _sector_ids(org: Organisation | None) -> set[int]:
    return set(org.sectors.values_list("pk", flat=True)) if org is not None else set()


def _company(relation: str, actor: ActorContext) -> Organisation | None:
    """A company with `relation` (organisation, sector, mandate or none) to the actor."""
    org = actor.organisation
    if relation in ("organisation", "counterpart"):
        return org
    if relation == "sector":
        sectors = list(org.sectors.all()) if org is not None else []
        return f.CompanyFactory(sectors=sectors[:1]) if sectors else None
    if relation == "mandate":
        if org is None:
            return None
        company = f.CompanyFactory(sectors=[])
        f.MandateFactory(company=company, mandatee=org)
        return company
    return f.CompanyFactory(sectors=[])


def _company_has(
    actor: ActorContext, company: Organisation, same: str = "organisation"
) -> set[str]:
    org = actor.organisation
    if org is None:
        return set()
    has = set()
    if company.pk == org.pk:
        has.add(same)
    if _sector_ids(company) & _sector_ids(org):
        has.add("sector")
    if m.Mandate.objects.filter(company=company, mandatee=org, is_active=True).exists():
        has.add("mandate")
    return has


@scenario("workplace.mandate")
def mandate(relation: str, actor: ActorContext) -> Built:
    org = actor.organisation
    if relation in ("organisation", "mandatee") and org is None:
        return None
    if relation == "organisation":
        return f.MandateFactory(company=org), {"organisation"}
    if relation == "mandatee":
        return f.MandateFactory(mandatee=org), {"mandatee"}
    return f.MandateFactory(), set()


@scenario("workplace.recognition")
def recognition(relation: str, actor: ActorContext) -> Built:
    if relation == "partnership":
        if actor.organisation is None:
            return None
        company = f.CompanyFactory(sectors=[])
        obj = f.RecognitionFactory(
            company=company, partnership=actor.organisation, status=m.RecognitionStatus.SUBMITTED
        )
        return obj, {"partnership"}
    if relation == "recognised":
        return f.RecognisedFactory(company=f.CompanyFactory(sectors=[])), {"recognised"}
    company = _company(relation, actor)
    if company is None:
        return None
    return f.RecognitionFactory(company=company), _company_has(actor, company)


def _of_recognition(relation: str, actor: ActorContext) -> tuple[m.Recognition, set[str]] | None:
    """A recognition with `relation` to the actor, for its checklist and site visits."""
    built = recognition(relation, actor) if relation != "recognised" else None
    if built is None:
        return None
    rec, has = built
    return rec, has - {"recognised"}


@scenario("workplace.recognitioncondition")
def recognition_condition(relation: str, actor: ActorContext) -> Built:
    built = _of_recognition(relation, actor)
    if built is None:
        return None
    rec, has = built
    obj = m.RecognitionCondition.objects.create(
        recognition=rec, kind=m.ConditionKind.INSURANCE, evidence="Polis"
    )
    return obj, has


@scenario("workplace.sitevisit")
def site_visit(relation: str, actor: ActorContext) -> Built:
    built = _of_recognition(relation, actor)
    if built is None:
        return None
    rec, has = built
    obj = m.SiteVisit.objects.create(recognition=rec, on=f.TODAY, visitor_name="Bezoeker")
    return obj, has


@scenario("workplace.mentor")
def mentor(relation: str, actor: ActorContext) -> Built:
    if relation == "partnership":
        if actor.organisation is None:
            return None
        obj = f.MentorFactory(company=f.CompanyFactory(sectors=[]))
        rec = f.RecognitionFactory(company=obj.company, partnership=actor.organisation)
        rec.mentors.add(obj)
        return obj, {"partnership"}
    if relation == "own":
        if actor.organisation is None:
            return None
        return f.MentorFactory(company=f.CompanyFactory(sectors=[]), user=actor.user), {"own"}
    company = _company(relation, actor)
    if company is None:
        return None
    return f.MentorFactory(company=company), _company_has(actor, company)


@scenario("workplace.opening")
def opening(relation: str, actor: ActorContext) -> Built:
    if relation == "published":
        return f.OpeningFactory(workplace__company=f.CompanyFactory(sectors=[])), {"published"}
    if relation == "round_to_publish":  # the relation the matching app adds
        from brug.matching.tests.scenarios import opening_in_round_to_publish

        obj = f.OpeningFactory(
            workplace__company=f.CompanyFactory(sectors=[]), status=m.OpeningStatus.DRAFT
        )
        return obj, opening_in_round_to_publish(actor, obj)
    company = _company(relation, actor)
    if company is None:
        return None
    obj = f.OpeningFactory(workplace__company=company, status=m.OpeningStatus.DRAFT)
    return obj, _company_has(actor, company) - {"mandate"}


def _learner(relation: str, actor: ActorContext) -> tuple[m.Learner, set[str]] | None:
    org = actor.organisation
    if relation == "organisation":
        return (f.LearnerFactory(school=org), {"organisation"}) if org is not None else None
    if relation == "own":
        if org is None:
            return None
        return f.LearnerFactory(user=actor.user), {"own"}
    if relation == "counterpart":
        if org is None:
            return None
        learner = f.LearnerFactory()
        f.ApplicationFactory(learner=learner, opening__workplace__company=org)
        return learner, {"counterpart"}
    return f.LearnerFactory(), set()


@scenario("workplace.learner")
def learner(relation: str, actor: ActorContext) -> Built:
    return _learner(relation, actor)


@scenario("workplace.learneridentity")
def learner_identity(relation: str, actor: ActorContext) -> Built:
    built = _learner(relation, actor)
    if built is None:
        return None
    obj, has = built
    return f.LearnerIdentityFactory(learner=obj), has


def _learner_and_opening(relation: str, actor: ActorContext) -> dict[str, Any] | None:
    """Keyword arguments (learner, opening) for an application or placement with `relation`."""
    org = actor.organisation
    if relation in ("organisation", "own", "counterpart", "sector") and org is None:
        return None
    learner = f.LearnerFactory()
    if relation == "organisation":
        learner = f.LearnerFactory(school=org)
    elif relation == "own":
        learner = f.LearnerFactory(user=actor.user)
    company = _company(relation, actor) if relation in ("counterpart", "sector") else None
    if relation == "sector" and company is None:
        return None
    opening = f.OpeningFactory(workplace__company=company or f.CompanyFactory(sectors=[]))
    return {"learner": learner, "opening": opening}


def _linked_has(actor: ActorContext, learner: m.Learner, opening: m.Opening) -> set[str]:
    has = _company_has(actor, opening.company, same="counterpart") - {"mandate"}
    org = actor.organisation
    if org is not None and learner.school_id == org.pk:
        has.add("organisation")
    if getattr(actor.user, "pk", None) is not None and learner.user_id == actor.user.pk:
        has.add("own")
    return has


@scenario("workplace.application")
def application(relation: str, actor: ActorContext) -> Built:
    kwargs = _learner_and_opening(relation, actor)
    if kwargs is None:
        return None
    obj = f.ApplicationFactory(**kwargs)
    return obj, _linked_has(actor, obj.learner, obj.opening)


@scenario("workplace.placement")
def placement(relation: str, actor: ActorContext) -> Built:
    kwargs = _learner_and_opening(relation, actor)
    if kwargs is None:
        return None
    obj = f.PlacementFactory(**kwargs)
    return obj, _linked_has(actor, obj.learner, obj.opening)


@scenario("workplace.trainingplan")
def training_plan(relation: str, actor: ActorContext) -> Built:
    kwargs = _learner_and_opening(relation, actor)
    if kwargs is None:
        return None
    plan = f.TrainingPlanFactory(placement=f.PlacementFactory(**kwargs))
    return plan, _linked_has(actor, plan.placement.learner, plan.placement.opening)


@scenario("workplace.standardtrajectory")
def standard_trajectory(relation: str, actor: ActorContext) -> Built:
    return (f.StandardTrajectoryFactory(), set()) if relation == UNRELATED else None


@scenario("workplace.contact")
def contact(relation: str, actor: ActorContext) -> Built:
    org = actor.organisation
    if relation in ("organisation", "counterpart") and org is None:
        return None
    if relation == "organisation":
        return f.ContactFactory(organisation=org), {"organisation"}
    if relation == "counterpart":
        return f.ContactFactory(company=org), {"counterpart"}
    return f.ContactFactory(), set()


@scenario("core.accesslog")
def access_log(relation: str, actor: ActorContext) -> Built:
    from brug.core.models import AccessLog

    def read_of(learner: m.Learner) -> AccessLog:
        return AccessLog.objects.create(
            subject_type="workplace.learner",
            subject_id=str(learner.pk),
            fields="first_name",
            purpose="test",
        )

    org = actor.organisation
    if relation == "school_learner":
        if org is None:
            return None
        return read_of(f.LearnerFactory(school=org)), {"school_learner"}
    # A read about a learner of another school, and a read of another kind of subject
    # that happens to have the same id as a learner of the actor's school.
    other = read_of(f.LearnerFactory())
    if org is not None:
        same_id = f.LearnerFactory(school=org)
        AccessLog.objects.create(
            subject_type="workplace.mentor", subject_id=str(same_id.pk), fields="birth_date"
        )
    return other, set()


# ---------------------------------------------------------------- issue 14


def _placement_for(relation: str, actor: ActorContext) -> tuple[m.Placement, set[str]] | None:
    kwargs = _learner_and_opening(relation, actor)
    if kwargs is None:
        return None
    obj = f.PlacementFactory(**kwargs)
    return obj, _linked_has(actor, obj.learner, obj.opening)


@scenario("workplace.learningagreement")
def learning_agreement(relation: str, actor: ActorContext) -> Built:
    built = _placement_for(relation, actor)
    if built is None:
        return None
    return f.LearningAgreementFactory(placement=built[0]), built[1]


@scenario("workplace.guidanceentry")
def guidance_entry(relation: str, actor: ActorContext) -> Built:
    built = _placement_for(relation, actor)
    if built is None:
        return None
    return f.GuidanceEntryFactory(placement=built[0]), built[1]


@scenario("workplace.trajectoryadvice")
def trajectory_advice(relation: str, actor: ActorContext) -> Built:
    built = _learner(relation, actor)
    if built is None:
        return None
    learner_obj, has = built
    return f.TrajectoryAdviceFactory(learner=learner_obj), has & {"organisation"}


@scenario("workplace.startuptrajectory")
def start_up_trajectory(relation: str, actor: ActorContext) -> Built:
    built = _learner(relation, actor)
    if built is None:
        return None
    learner_obj, has = built
    return f.StartUpTrajectoryFactory(learner=learner_obj), has & {"organisation", "own"}


@scenario("workplace.workplacefeedback")
def workplace_feedback(relation: str, actor: ActorContext) -> Built:
    if relation == "partnership":
        if actor.organisation is None:
            return None
        opening_obj = f.OpeningFactory(
            workplace__company=f.CompanyFactory(sectors=[]),
            workplace__partnership=actor.organisation,
        )
        obj = f.WorkplaceFeedbackFactory(placement=f.PlacementFactory(opening=opening_obj))
        return obj, {"partnership"} | _linked_has(actor, obj.placement.learner, opening_obj)
    built = _placement_for(relation, actor)
    if built is None:
        return None
    placement_obj, has = built
    if placement_obj.opening.workplace.partnership_id == getattr(actor.organisation, "pk", -1):
        has.add("partnership")
    return f.WorkplaceFeedbackFactory(placement=placement_obj), has - {"counterpart"}
