"""The organisation a person acts for, when they hold roles in several.

The choice lives in the session. The middleware hands it to the permission layer (which then
uses only the memberships for that organisation) and the context processor shows it on
every page, with the switch when there is more than one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

SESSION_KEY = "brug_active_organisation"


class ActiveOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            chosen = request.session.get(SESSION_KEY)
            if isinstance(chosen, int):
                user.brug_active_organisation_id = chosen
        return self.get_response(request)


def organisations_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from brug.accounts.models import Membership

    organisations: dict[int, Any] = {}
    for m in (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    ):
        organisations.setdefault(m.organisation_id, m.organisation)
    chosen = getattr(user, "brug_active_organisation_id", None)
    active = organisations.get(chosen) if chosen is not None else None
    if active is None and organisations:
        active = next(iter(organisations.values()))
    return {"my_organisations": list(organisations.values()), "active_organisation": active}
