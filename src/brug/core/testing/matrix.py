"""Scenarios from which the permission-matrix tests are generated.

Each app registers, in `brug/<app>/tests/scenarios.py`, one builder per resource:

    @scenario("workplace.opening")
    def opening(relation: str, actor: ActorContext) -> tuple[Model, set[str]] | None:
        ...  # build an object that has `relation` to the actor; return it and ALL relations it has

`relation` is one of the resource's relations, or "unrelated" (an object with no relation to the
actor). Return None when that relation cannot exist for this actor (for example "sector" for an
anonymous visitor). The generated test then checks every action of the matrix for every role
against `policy.can` and against `policy.visible`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from brug.core.users import RequestUser

UNRELATED = "unrelated"


@dataclass
class ActorContext:
    role: str
    user: RequestUser  # User or AnonymousUser
    organisation: Any | None  # registry.Organisation or None for the public


Builder = Callable[[str, ActorContext], "tuple[Model, set[str]] | None"]
SCENARIOS: dict[str, Builder] = {}


def scenario(resource: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        SCENARIOS[resource] = builder
        return builder

    return register
