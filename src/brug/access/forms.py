"""Forms only parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from brug.access.models import NAME_MAX
from brug.access.scopes import ALL_SCOPES, scope_label
from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy

DEFAULT_DAYS = 90


LABELS = {
    "name": gettext_lazy("Name"),
    "organisation": gettext_lazy("For whom"),
    "scopes": gettext_lazy("Scopes"),
    "expires_on": gettext_lazy("Expires on"),
}


class TokenForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"scopes": "scopes"}
    name = forms.CharField(max_length=NAME_MAX)
    organisation = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    scopes = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"expires_on": timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS)}
        )
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ChoiceField)
        organisation_field.choices = [("", str(gettext_lazy("Personal token (all my roles)")))] + [
            (pk, str(gettext_lazy("Organisation token: {o}", o=name))) for pk, name in organisations
        ]
        scopes_field = self.fields["scopes"]
        assert isinstance(scopes_field, forms.ChoiceField)
        scopes_field.choices = [(s, scope_label(s)) for s in ALL_SCOPES]
        for name, label in LABELS.items():
            self.fields[name].label = str(label)
