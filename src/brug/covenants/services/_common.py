"""Helpers shared by the covenant service modules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse

from brug.accounts.models import User
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.covenants import models as m

CENT = Decimal("0.01")


# The largest amount any decimal column of covenants holds (14 digits, 2 after the point).
DECIMAL_MAX = Decimal("999999999999.99")


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ServiceError(gettext_lazy("Enter a number."), code="not_a_number", field=field)
    if abs(number) > DECIMAL_MAX:
        raise ServiceError(
            gettext_lazy("This number is too large."),
            code="out_of_range",
            field=field,
        )
    return number


def _people(organisation_id: int | None, role: str) -> list[User]:
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role=role,
            memberships__is_active=True,
        ).distinct()
    )


def _department_people(covenant: m.Covenant) -> list[User]:
    if covenant.account_manager is not None:
        return [covenant.account_manager]
    return list(
        User.objects.filter(
            memberships__role="department_work", memberships__is_active=True
        ).distinct()
    )


def _covenant_url(covenant: m.Covenant) -> str:
    return reverse("covenants:detail", args=[covenant.pk])


def _require_editable(covenant: m.Covenant) -> None:
    if not covenant.is_editable:
        raise ServiceError(
            gettext_lazy(
                "The covenant is {s}; only a draft or a covenant with changes requested can "
                "be changed.",
                s=covenant.get_status_display(),
            ),
            code="not_editable",
        )
