"""Who is concerned by a workplace-learning event: the people to notify."""

from __future__ import annotations

from typing import Any

from brug.accounts.models import User
from brug.workplace.models import Learner, Mentor


def members(organisation_id: int | None, *roles: str) -> list[Any]:
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role__in=roles,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


def company_contacts(company_id: int | None) -> list[Any]:
    return members(company_id, "company_contact")


def reviewers(partnership_id: int | None) -> list[Any]:
    return members(partnership_id, "reviewer")


def guides(school_id: int | None) -> list[Any]:
    return members(school_id, "guide")


def learner_user(learner: Learner) -> list[Any]:
    return [learner.user] if learner.user_id else []


def mentor_user(mentor: Mentor | None) -> list[Any]:
    return [mentor.user] if mentor is not None and mentor.user_id else []
