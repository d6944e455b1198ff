"""The partnerships an InnoVET offer or material belongs to, shown on its page (core's
backlinks: innovet does not import this app)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from brug.core import policy
from brug.core.backlinks import Backlink, BacklinkSource, backlink_register
from brug.core.i18n import gettext_lazy
from brug.core.users import RequestUser
from brug.partnerships.models import Partnership

SHOWN = 20  # an offer belongs to a handful of partnerships; the register lists the rest


def _partnerships_of(field: str) -> Callable[[RequestUser, Model], list[Backlink]]:
    def links(user: RequestUser, obj: Model) -> list[Backlink]:
        rows = (
            policy.visible(user, Partnership.objects.all(), "view")
            .filter(**{field: obj.pk})
            .order_by("title", "pk")
            .values_list("pk", "title")[:SHOWN]
        )
        return [
            Backlink(title=title, url=reverse("partnerships:detail", args=[pk]))
            for pk, title in rows
        ]

    return links


backlink_register(
    BacklinkSource(
        key="partnerships.offer",
        model="innovet.offer",
        heading=gettext_lazy("Part of these partnerships"),
        links=_partnerships_of("offers"),
    )
)
backlink_register(
    BacklinkSource(
        key="partnerships.material",
        model="innovet.material",
        heading=gettext_lazy("Part of these partnerships"),
        links=_partnerships_of("materials"),
    )
)
