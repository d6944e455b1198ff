"""Who may see and do what in InnoVET. The rules are in brug/permission_matrix.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from brug.core.policy import (
    Relation,
    ResourcePolicy,
    ids_relation,
    organisation_relation,
    own_relation,
    register,
)
from brug.innovet import models as m
from brug.registry.scopes import province_ids


def _offer_of(obj: Any) -> Any:
    return obj.offer if getattr(obj, "offer_id", None) else None


register(
    ResourcePolicy(
        resource="innovet.offer",
        model=m.Offer,
        relations={
            "organisation": organisation_relation("provider_id"),
            "region": ids_relation("province_id", province_ids),
            "published": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None and obj.status == m.OfferStatus.PUBLISHED
                ),
                q=lambda actor: Q(status=m.OfferStatus.PUBLISHED),
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.registration",
        model=m.Registration,
        relations={
            "own": own_relation("teacher_id"),
            # The teacher's school.
            "organisation": organisation_relation("school_id"),
            "provider": organisation_relation("session__offer__provider_id"),
            "region": ids_relation("province_id", province_ids),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.certificate",
        model=m.Certificate,
        relations={
            "own": own_relation("registration__teacher_id"),
            "organisation": organisation_relation("registration__school_id"),
            "provider": organisation_relation("registration__session__offer__provider_id"),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.material",
        model=m.Material,
        relations={
            "organisation": organisation_relation("provider_id"),
            "approved": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None and obj.status == m.MaterialStatus.APPROVED
                ),
                q=lambda actor: Q(status=m.MaterialStatus.APPROVED),
            ),
            # Handed in for the quality check (support services review these).
            "submitted": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None and obj.status != m.MaterialStatus.DRAFT
                ),
                q=lambda actor: ~Q(status=m.MaterialStatus.DRAFT),
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.guestlessonrequest",
        model=m.GuestLessonRequest,
        relations={
            "organisation": organisation_relation("school_id"),
            # Asked of one of the actor's guest-teacher offers.
            "provider": organisation_relation("offer__provider_id"),
            # An open request without an offer: any company expert may answer it.
            "open": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None
                    and obj.offer_id is None
                    and obj.status == m.GuestLessonStatus.OPEN
                ),
                q=lambda actor: Q(offer__isnull=True, status=m.GuestLessonStatus.OPEN),
            ),
            "region": ids_relation("province_id", province_ids),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.booking",
        model=m.Booking,
        relations={
            "organisation": organisation_relation("school_id"),
            "provider": organisation_relation("offer__provider_id"),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.failedsearch",
        model=m.FailedSearch,
        relations={"region": ids_relation("province_id", province_ids)},
    )
)

register(
    ResourcePolicy(
        resource="innovet.opportunitysignal",
        model=m.OpportunitySignal,
        relations={
            "organisation": organisation_relation("rtc_id"),
            "recipient": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and obj.pk is not None
                    and obj.recipients.filter(pk=actor.organisation_id).exists()
                ),
                q=lambda actor: Q(recipients__pk=actor.organisation_id),
                to_many=True,
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.tendayrequest",
        model=m.TenDayRequest,
        relations={
            "own": own_relation("teacher_id"),
            "organisation": organisation_relation("school_id"),
            # VDAB: the centre's offer is VDAB's.
            "provider": organisation_relation("offer__provider_id"),
            "region": ids_relation("province_id", province_ids),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.teacherplacement",
        model=m.TeacherPlacement,
        relations={
            "own": own_relation("teacher_id"),
            "organisation": organisation_relation("school_id"),
            "company": organisation_relation("company_id"),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.hybridjob",
        model=m.HybridJob,
        relations={
            "organisation": organisation_relation("organisation_id"),
            "open": Relation(
                holds=lambda actor, obj: obj.pk is not None and obj.status == m.HybridStatus.OPEN,
                q=lambda actor: Q(status=m.HybridStatus.OPEN),
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.guestteachercandidate",
        model=m.GuestTeacherCandidate,
        relations={
            "organisation": organisation_relation("company_id"),
            "region": ids_relation("province_id", province_ids),
        },
    )
)
