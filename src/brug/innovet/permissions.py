"""Who may see and do what in InnoVET. The rules are in brug/permission_matrix.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from brug.core.policy import Relation, ResourcePolicy, register
from brug.innovet import models as m
from brug.registry.scopes import province_ids


def _org(field: str) -> Relation:
    """The object belongs to the actor's organisation (`field` holds an organisation id)."""
    return Relation(
        holds=lambda actor, obj: (
            actor.organisation_id is not None and getattr(obj, field) == actor.organisation_id
        ),
        q=lambda actor: Q(**{field: actor.organisation_id}),
    )


def _region(field: str, get: Any) -> Relation:
    return Relation(
        holds=lambda actor, obj: get(obj) is not None and get(obj) in province_ids(actor),
        q=lambda actor: Q(**{f"{field}__in": province_ids(actor)}),
    )


def _offer_of(obj: Any) -> Any:
    return obj.offer if getattr(obj, "offer_id", None) else None


register(
    ResourcePolicy(
        resource="innovet.offer",
        model=m.Offer,
        relations={
            "organisation": _org("provider_id"),
            "region": _region("province_id", lambda o: o.province_id),
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
            "own": Relation(
                holds=lambda actor, obj: (
                    actor.user_id is not None and obj.teacher_id == actor.user_id
                ),
                q=lambda actor: Q(teacher_id=actor.user_id),
            ),
            # The teacher's school.
            "organisation": _org("school_id"),
            "provider": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and obj.session_id is not None
                    and obj.session.offer.provider_id == actor.organisation_id
                ),
                q=lambda actor: Q(session__offer__provider_id=actor.organisation_id),
            ),
            "region": _region("province_id", lambda o: o.province_id),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.certificate",
        model=m.Certificate,
        relations={
            "own": Relation(
                holds=lambda actor, obj: (
                    actor.user_id is not None and obj.registration.teacher_id == actor.user_id
                ),
                q=lambda actor: Q(registration__teacher_id=actor.user_id),
            ),
            "organisation": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and obj.registration.school_id == actor.organisation_id
                ),
                q=lambda actor: Q(registration__school_id=actor.organisation_id),
            ),
            "provider": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and obj.registration.session.offer.provider_id == actor.organisation_id
                ),
                q=lambda actor: Q(registration__session__offer__provider_id=actor.organisation_id),
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.material",
        model=m.Material,
        relations={
            "organisation": _org("provider_id"),
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
            "organisation": _org("school_id"),
            # Asked of one of the actor's guest-teacher offers.
            "provider": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and _offer_of(obj) is not None
                    and obj.offer.provider_id == actor.organisation_id
                ),
                q=lambda actor: Q(offer__provider_id=actor.organisation_id),
            ),
            # An open request without an offer: any company expert may answer it.
            "open": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None
                    and obj.offer_id is None
                    and obj.status == m.GuestLessonStatus.OPEN
                ),
                q=lambda actor: Q(offer__isnull=True, status=m.GuestLessonStatus.OPEN),
            ),
            "region": _region("province_id", lambda o: o.province_id),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.booking",
        model=m.Booking,
        relations={
            "organisation": _org("school_id"),
            "provider": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None
                    and _offer_of(obj) is not None
                    and obj.offer.provider_id == actor.organisation_id
                ),
                q=lambda actor: Q(offer__provider_id=actor.organisation_id),
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="innovet.failedsearch",
        model=m.FailedSearch,
        relations={"region": _region("province_id", lambda o: o.province_id)},
    )
)

register(
    ResourcePolicy(
        resource="innovet.opportunitysignal",
        model=m.OpportunitySignal,
        relations={
            "organisation": _org("rtc_id"),
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
