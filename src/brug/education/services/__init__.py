"""Every write of the education app: consultation rounds and advice (`consultation`), education
covenants and multi-party agreements (`agreements`)."""

from brug.education.services.agreements import (
    agreement_create,
    engagement_add,
    engagement_evaluate,
    intersectoral_action_create,
    theme_add,
)
from brug.education.services.consultation import (
    ADVISER_KINDS,
    ADVISER_ROLES,
    CONSULTABLE_STATUSES,
    ROUND_MAX_DAYS,
    advice_give,
    education_actions,
    round_close,
    round_open,
)

__all__ = [
    "ADVISER_KINDS",
    "ADVISER_ROLES",
    "CONSULTABLE_STATUSES",
    "ROUND_MAX_DAYS",
    "advice_give",
    "agreement_create",
    "education_actions",
    "engagement_add",
    "engagement_evaluate",
    "intersectoral_action_create",
    "round_close",
    "round_open",
    "theme_add",
]
