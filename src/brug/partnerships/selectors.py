"""Every read of the partnership register goes through the policy."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.innovet.models import Material, MaterialStatus, Offer, OfferStatus
from brug.partnerships.models import Partnership, PartnershipMember
from brug.registry.models import Organisation


def partnerships_visible_to(user: RequestUser, action: str = "view") -> QuerySet[Partnership]:
    return policy.visible(user, Partnership.objects.all(), action)


def register_base(user: RequestUser) -> QuerySet[Partnership]:
    """What the register's search runs over: every entry the reader may see."""
    return partnerships_visible_to(user)


def partnership_detail(user: RequestUser, pk: int) -> Partnership:
    """One partnership with its partners, decisions and the published offers and approved
    materials linked to it that the reader may see (each through the policy; 404 when the reader
    may not see the partnership)."""
    qs = (
        partnerships_visible_to(user)
        .select_related("owner", "province", "body")
        .prefetch_related(
            "study_domains",
            "programmes",
            Prefetch(
                "members",
                queryset=PartnershipMember.objects.select_related("organisation").order_by(
                    "side", "organisation__name", "pk"
                ),
            ),
            "decisions",
            Prefetch(
                "offers",
                queryset=policy.visible(
                    user, Offer.objects.filter(status=OfferStatus.PUBLISHED), "view"
                ).order_by("title", "pk"),
            ),
            Prefetch(
                "materials",
                queryset=policy.visible(
                    user, Material.objects.filter(status=MaterialStatus.APPROVED), "view"
                ).order_by("title", "pk"),
            ),
        )
    )
    return policy.visible_or_404(qs, pk)


def organisation_by_name_or_number(text: str) -> Organisation | None:
    """The organisation a person named when adding a partner: an enterprise number (digits
    only, dots and spaces ignored) or the exact name (case-insensitive)."""
    value = text.strip()
    digits = value.replace(".", "").replace(" ", "")
    if digits.isdigit() and len(digits) == 10:
        return Organisation.objects.filter(enterprise_number=digits).first()
    return Organisation.objects.filter(name__iexact=value).order_by("pk").first()
