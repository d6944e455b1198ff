"""Who may see and do what with covenants. The rules themselves: brug/permission_matrix.py.

Every object below a covenant has the covenant's relations:
* `organisation` — the covenant's sector fund is the actor's organisation;
* `sector` — the covenant's sector is one the actor's organisation serves;
* `published` — the covenant is approved (or later), so its public summary is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q

from brug.core.policy import (
    HeldRole,
    Relation,
    ResourcePolicy,
    eq_q,
    ids_relation,
    in_q,
    organisation_relation,
    register,
    relation_add,
)
from brug.covenants import models as m
from brug.registry.scopes import province_ids, sector_ids


def _covenant_relations(
    path: str, covenant_of: Callable[[Any], m.Covenant | None]
) -> dict[str, Relation]:
    """Relations for a model that reaches its covenant through `path` ("" for Covenant)."""
    prefix = f"{path}__" if path else ""

    def organisation_holds(actor: HeldRole, obj: Any) -> bool:
        covenant = covenant_of(obj)
        return (
            covenant is not None
            and actor.organisation_id is not None
            and covenant.sector_fund_id == actor.organisation_id
        )

    def sector_holds(actor: HeldRole, obj: Any) -> bool:
        covenant = covenant_of(obj)
        return covenant is not None and covenant.sector_id in sector_ids(actor)

    def published_holds(actor: HeldRole, obj: Any) -> bool:
        covenant = covenant_of(obj)
        return covenant is not None and covenant.status in m.PUBLISHED_STATUSES

    return {
        "organisation": Relation(
            holds=organisation_holds,
            q=lambda actor: eq_q(f"{prefix}sector_fund_id", actor.organisation_id),
        ),
        "sector": Relation(
            holds=sector_holds, q=lambda actor: Q(**{f"{prefix}sector_id__in": sector_ids(actor)})
        ),
        "published": Relation(
            holds=published_holds,
            q=lambda actor: Q(**{f"{prefix}status__in": list(m.PUBLISHED_STATUSES)}),
        ),
    }


def _attr_chain(*names: str) -> Callable[[Any], m.Covenant | None]:
    def follow(obj: Any) -> m.Covenant | None:
        current = obj
        for name in names:
            if getattr(current, f"{name}_id", None) is None:
                return None
            current = getattr(current, name)
        return current  # type: ignore[no-any-return]

    return follow


def _register(model: type[Model], path: str, *names: str) -> None:
    register(
        ResourcePolicy(
            resource=model._meta.label_lower,
            model=model,
            relations=_covenant_relations(path, _attr_chain(*names)),
        )
    )


register(
    ResourcePolicy(
        resource="covenants.covenant",
        model=m.Covenant,
        relations=_covenant_relations("", lambda obj: obj),
    )
)
_register(m.Addendum, "covenant", "covenant")


def _shares_addendum(actor: HeldRole, obj: Any) -> bool:
    """The addendum is concluded jointly with a covenant of the actor's fund or sector."""
    if obj.pk is None or actor.organisation_id is None:
        return False
    sectors = set(sector_ids(actor))
    return any(
        c.sector_fund_id == actor.organisation_id or c.sector_id in sectors
        for c in obj.shared_with.all()
    )


# `shared`: a joint addendum is kept with one covenant and shared with the others; the funds
# and consultants of those other sectors read it too (it counts once, for all of them).
relation_add(
    "covenants.addendum",
    "shared",
    Relation(
        holds=_shares_addendum,
        q=lambda actor: (
            eq_q("shared_with__sector_fund_id", actor.organisation_id)
            | in_q("shared_with__sector_id", sector_ids(actor))
        ),
        to_many=True,
    ),
)
_register(m.Action, "covenant", "covenant")
_register(m.Commitment, "action__covenant", "action", "covenant")
_register(m.Indicator, "commitment__action__covenant", "commitment", "action", "covenant")
_register(m.ProgressReport, "covenant", "covenant")
_register(m.Evaluation, "covenant", "covenant")
_register(m.DiscriminationMeasurement, "addendum__covenant", "addendum", "covenant")

# Generations and reporting windows are not tied to one sector.
register(ResourcePolicy(resource="covenants.covenantgeneration", model=m.CovenantGeneration))
register(ResourcePolicy(resource="covenants.reportingwindow", model=m.ReportingWindow))

# A shortage signal: `organisation` — the actor's organisation signalled it; `sector` — it is
# addressed to a sector the actor's organisation serves; `region` — its province is in the
# actor's RTC region.
register(
    ResourcePolicy(
        resource="covenants.shortagesignal",
        model=m.ShortageSignal,
        relations={
            "organisation": organisation_relation("signalled_by_organisation_id"),
            "sector": ids_relation("sector_id", sector_ids),
            "region": ids_relation("province_id", province_ids),
        },
    )
)
