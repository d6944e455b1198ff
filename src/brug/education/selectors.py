"""Every read of education consultation starts from what the permission matrix lets the user see."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.covenants import models as cm
from brug.education import models as m
from brug.education.services import ADVISER_ROLES, CONSULTABLE_STATUSES
from brug.registry.models import Organisation


def rounds_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.ConsultationRound]:
    return policy.visible(
        user,
        m.ConsultationRound.objects.select_related(
            "covenant__sector", "covenant__generation", "covenant__sector_fund"
        ).annotate(advice_count=Count("advice")),
        action,
    )


def round_for(user: RequestUser, pk: int) -> m.ConsultationRound:
    """The round, or 404 when the user may not see it."""
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def advice_visible_to(user: RequestUser) -> QuerySet[m.Advice]:
    return policy.visible(
        user, m.Advice.objects.select_related("organisation", "action", "round__covenant__sector")
    )


def round_actions(
    user: RequestUser, rnd: m.ConsultationRound
) -> list[tuple[cm.Action, list[m.Advice]]]:
    """The round's education actions the user may see, each with the advice the user may see."""
    actions = policy.visible(
        user,
        cm.Action.objects.filter(
            covenant_id=rnd.covenant_id, category__in=m.EDUCATION_CATEGORIES
        ).order_by("category", "title", "pk"),
    )
    by_action: dict[int, list[m.Advice]] = {}
    for advice in advice_visible_to(user).filter(round=rnd):
        by_action.setdefault(advice.action_id, []).append(advice)
    return [(a, by_action.get(a.pk, [])) for a in actions]


def adviser_organisations(user: RequestUser) -> list[Organisation]:
    """The organisations for which the user gives advice (education network or council)."""
    ids = policy.organisations_of(user, roles=ADVISER_ROLES)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def consultable_covenants(user: RequestUser) -> QuerySet[cm.Covenant]:
    """Covenants before approval on which the user may open a round."""
    covenants = policy.visible(
        user,
        cm.Covenant.objects.select_related("sector", "generation").filter(
            status__in=CONSULTABLE_STATUSES
        ),
    )
    return (
        covenants
        if policy.can_any(user, "create", "education.consultationround")
        else (covenants.none())
    )


def agreements_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Agreement]:
    return policy.visible(user, m.Agreement.objects.all(), action).prefetch_related(
        "parties", "covenants__sector", "covenants__generation"
    )


def agreement_for(user: RequestUser, pk: int) -> m.Agreement:
    """The agreement, or 404 when the user may not see it."""
    return get_object_or_404(agreements_visible_to(user), pk=pk)


def engagements_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Engagement]:
    return policy.visible(
        user,
        m.Engagement.objects.select_related("owner", "theme__agreement").prefetch_related(
            "evaluations"
        ),
        action,
    )


def agreement_themes(
    user: RequestUser, agreement: m.Agreement
) -> list[tuple[m.AgreementTheme, list[m.Engagement]]]:
    """The agreement's themes, each with the engagements the user may see (fixed query count)."""
    themes = list(agreement.themes.order_by("position"))
    by_theme: dict[int, list[m.Engagement]] = {}
    for e in (
        engagements_visible_to(user)
        .filter(theme__agreement=agreement)
        .order_by("theme__position", "side", "pk")
    ):
        by_theme.setdefault(e.theme_id, []).append(e)
    return [(theme, by_theme.get(theme.pk, [])) for theme in themes]


def party_choices() -> QuerySet[Organisation]:
    """Organisations that can be party to an agreement (not a permission question: names only)."""
    from brug.education.services.agreements import EDUCATION_SIDE_KINDS, SECTOR_SIDE_KINDS

    return Organisation.objects.filter(
        kind__in=[*SECTOR_SIDE_KINDS, *EDUCATION_SIDE_KINDS]
    ).order_by("kind", "name")


def intersectoral_actions_visible_to(user: RequestUser) -> QuerySet[m.IntersectoralAction]:
    return policy.visible(
        user, m.IntersectoralAction.objects.select_related("generation")
    ).prefetch_related("covenants__sector")
