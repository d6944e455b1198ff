"""Who may see and do what in workplace learning. The rules: brug/permission_matrix.py.

Relations: `organisation` (the actor's own company/school/fund), `own` (the actor's own
record), `sector` (a company in the actor's sectors), `mandate` (a company that gave the
actor's organisation a mandate), `partnership` (routed to the actor's partnership),
`counterpart` (a learner, application, placement or plan at one of the actor's company's
openings), `recognised` / `published` (what anyone may see).
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from brug.core.policy import (
    NOTHING,
    HeldRole,
    Relation,
    ResourcePolicy,
    eq_q,
    organisation_relation,
    own_relation,
    register,
    relation_add,
    value_at,
)
from brug.registry.models import Organisation
from brug.registry.scopes import sector_ids
from brug.workplace import models as m


def _company_in_sector(actor: HeldRole, company_id: int | None) -> bool:
    ids = sector_ids(actor)
    return (
        bool(ids)
        and company_id is not None
        and Organisation.sectors.through.objects.filter(
            organisation_id=company_id, sector_id__in=ids
        ).exists()
    )


def _mandated(actor: HeldRole, company_id: int | None) -> bool:
    return (
        actor.organisation_id is not None
        and m.Mandate.objects.filter(
            company_id=company_id, mandatee_id=actor.organisation_id, is_active=True
        ).exists()
    )


def _mandate_q(actor: HeldRole, prefix: str) -> Q:
    if actor.organisation_id is None:
        return NOTHING
    return Q(
        **{
            f"{prefix}mandates_given__mandatee_id": actor.organisation_id,
            f"{prefix}mandates_given__is_active": True,
        }
    )


def sector(company_path: str) -> Relation:
    """The company at `company_path` (id path, e.g. "opening__company_id") is in the actor's sectors."""
    prefix = company_path.removesuffix("_id")

    def holds(actor: HeldRole, obj: Any) -> bool:
        company_id = value_at(obj, company_path)
        return company_id is not None and _company_in_sector(actor, company_id)

    return Relation(
        holds=holds,
        q=lambda actor: Q(**{f"{prefix}__sectors__in": sector_ids(actor)}),
        to_many=True,
    )


def _recognition_recognised(actor: HeldRole, obj: m.Recognition) -> bool:
    return obj.is_recognised()


register(
    ResourcePolicy(
        resource="workplace.mandate",
        model=m.Mandate,
        relations={
            "organisation": organisation_relation("company_id"),
            "mandatee": organisation_relation("mandatee_id"),
        },
    )
)

register(
    ResourcePolicy(
        resource="workplace.recognition",
        model=m.Recognition,
        relations={
            "organisation": organisation_relation("company_id"),
            "partnership": organisation_relation("partnership_id"),
            "sector": sector("company_id"),
            "mandate": Relation(
                holds=lambda actor, obj: _mandated(actor, obj.company_id),
                q=lambda actor: _mandate_q(actor, "company__"),
                to_many=True,
            ),
            "recognised": Relation(holds=_recognition_recognised, q=lambda actor: m.recognised_q()),
        },
    )
)

register(
    ResourcePolicy(
        resource="workplace.mentor",
        model=m.Mentor,
        relations={
            "organisation": organisation_relation("company_id"),
            "sector": sector("company_id"),
            "mandate": Relation(
                holds=lambda actor, obj: _mandated(actor, obj.company_id),
                q=lambda actor: _mandate_q(actor, "company__"),
                to_many=True,
            ),
            "partnership": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None
                    and actor.organisation_id is not None
                    and obj.recognitions.filter(partnership_id=actor.organisation_id).exists()
                ),
                q=lambda actor: eq_q("recognitions__partnership_id", actor.organisation_id),
                to_many=True,
            ),
            "own": own_relation("user_id"),
        },
    )
)


def _published(actor: HeldRole, obj: m.Opening) -> bool:
    return obj.status == m.OpeningStatus.PUBLISHED and obj.workplace.is_recognised()


register(
    ResourcePolicy(
        resource="workplace.opening",
        model=m.Opening,
        relations={
            "organisation": organisation_relation("company_id"),
            "sector": sector("company_id"),
            "published": Relation(
                holds=_published,
                q=lambda actor: Q(status=m.OpeningStatus.PUBLISHED) & m.recognised_q("workplace__"),
            ),
        },
    )
)


def _learner_counterpart(actor: HeldRole, learner: Any) -> bool:
    if actor.organisation_id is None or learner is None or learner.pk is None:
        return False
    return (
        m.Application.objects.filter(
            learner_id=learner.pk, opening__company_id=actor.organisation_id
        ).exists()
        or m.Placement.objects.filter(
            learner_id=learner.pk, opening__company_id=actor.organisation_id
        ).exists()
    )


def _learner_counterpart_q(actor: HeldRole, field: str = "pk") -> Q:
    """Learners (at `field`: "pk" of a learner, "learner_id" of a row about one) who applied
    to, or are placed at, an opening of the actor's company.

    Two semi-joins driven from the company's openings (index on the opening's company, then
    on the application's or placement's opening), not outer joins from every learner to their
    applications and placements: that form scanned all learners for one candidate list (77 s
    for the company home page at 500,000 learners and 1.0 M applications on SQLite).
    """
    if actor.organisation_id is None:
        return NOTHING
    company = actor.organisation_id
    return Q(
        **{
            f"{field}__in": m.Application.objects.filter(opening__company_id=company).values(
                "learner_id"
            )
        }
    ) | Q(
        **{
            f"{field}__in": m.Placement.objects.filter(opening__company_id=company).values(
                "learner_id"
            )
        }
    )


register(
    ResourcePolicy(
        resource="workplace.learner",
        model=m.Learner,
        relations={
            "organisation": organisation_relation("school_id"),
            "own": own_relation("user_id"),
            "counterpart": Relation(holds=_learner_counterpart, q=_learner_counterpart_q),
        },
    )
)

register(
    ResourcePolicy(
        resource="workplace.learneridentity",
        model=m.LearnerIdentity,
        relations={
            "organisation": organisation_relation("learner__school_id"),
            "own": own_relation("learner__user_id"),
            "counterpart": Relation(
                holds=lambda actor, obj: _learner_counterpart(actor, obj.learner),
                q=lambda actor: _learner_counterpart_q(actor, "learner_id"),
            ),
        },
    )
)


def _learner_school_opening_company(prefix: str) -> dict[str, Relation]:
    """Relations of objects tied to one learner and one opening (application, placement, plan)."""
    return {
        "organisation": organisation_relation(f"{prefix}learner__school_id"),
        "own": own_relation(f"{prefix}learner__user_id"),
        "counterpart": organisation_relation(f"{prefix}opening__company_id"),
        "sector": sector(f"{prefix}opening__company_id"),
    }


register(
    ResourcePolicy(
        resource="workplace.application",
        model=m.Application,
        relations=_learner_school_opening_company(""),
    )
)
register(
    ResourcePolicy(
        resource="workplace.placement",
        model=m.Placement,
        relations=_learner_school_opening_company(""),
    )
)
register(
    ResourcePolicy(
        resource="workplace.trainingplan",
        model=m.TrainingPlan,
        relations=_learner_school_opening_company("placement__"),
    )
)
register(ResourcePolicy(resource="workplace.standardtrajectory", model=m.StandardTrajectory))
register(
    ResourcePolicy(
        resource="workplace.contact",
        model=m.Contact,
        relations={
            "organisation": organisation_relation("organisation_id"),
            "counterpart": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and actor.organisation_id in (obj.company_id, obj.school_id)
                ),
                q=lambda actor: (
                    eq_q("company_id", actor.organisation_id)
                    | eq_q("school_id", actor.organisation_id)
                ),
            ),
        },
    )
)


# The read log of learners (core.accesslog): a read about a learner of the actor's school.
def _school_learner_read(actor: HeldRole, obj: Any) -> bool:
    return (
        actor.organisation_id is not None
        and obj.subject_type == "workplace.learner"
        and m.Learner.objects.filter(
            pk=int(obj.subject_id) if str(obj.subject_id).isdigit() else -1,
            school_id=actor.organisation_id,
        ).exists()
    )


def _school_learner_read_q(actor: HeldRole) -> Q:
    if actor.organisation_id is None:
        return NOTHING
    ids = (
        m.Learner.objects.filter(school_id=actor.organisation_id)
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )
    return Q(subject_type="workplace.learner", subject_id__in=ids)


relation_add(
    "core.accesslog",
    "school_learner",
    Relation(holds=_school_learner_read, q=_school_learner_read_q),
)


# ---------------------------------------------------------------- issue 14: the agreement,
# trajectory guidance and the quality of learning workplaces. A company never sees the advice
# (school-only, like the screening) nor single feedback: only aggregates (`view_quality`).
register(
    ResourcePolicy(
        resource="workplace.learningagreement",
        model=m.LearningAgreement,
        relations=_learner_school_opening_company("placement__"),
    )
)
register(
    ResourcePolicy(
        resource="workplace.guidanceentry",
        model=m.GuidanceEntry,
        relations=_learner_school_opening_company("placement__"),
    )
)
register(
    ResourcePolicy(
        resource="workplace.trajectoryadvice",
        model=m.TrajectoryAdvice,
        relations={"organisation": organisation_relation("learner__school_id")},
    )
)
register(
    ResourcePolicy(
        resource="workplace.startuptrajectory",
        model=m.StartUpTrajectory,
        relations={
            "organisation": organisation_relation("learner__school_id"),
            "own": own_relation("learner__user_id"),
        },
    )
)
register(
    ResourcePolicy(
        resource="workplace.workplacefeedback",
        model=m.WorkplaceFeedback,
        relations={
            "organisation": organisation_relation("placement__learner__school_id"),
            "own": own_relation("placement__learner__user_id"),
            "sector": sector("placement__opening__company_id"),
            "partnership": organisation_relation("placement__opening__workplace__partnership_id"),
        },
    )
)


def _of_recognition() -> dict[str, Relation]:
    """A recognition's checklist and site visits follow the recognition: its company
    (`organisation`, `mandate`, `sector`) and the partnership that reviews it."""
    return {
        "organisation": organisation_relation("recognition__company_id"),
        "partnership": organisation_relation("recognition__partnership_id"),
        "sector": sector("recognition__company_id"),
        "mandate": Relation(
            holds=lambda actor, obj: _mandated(actor, obj.recognition.company_id),
            q=lambda actor: _mandate_q(actor, "recognition__company__"),
            to_many=True,
        ),
    }


register(
    ResourcePolicy(
        resource="workplace.recognitioncondition",
        model=m.RecognitionCondition,
        relations=_of_recognition(),
    )
)

register(
    ResourcePolicy(
        resource="workplace.sitevisit",
        model=m.SiteVisit,
        relations=_of_recognition(),
    )
)
