"""Forms only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy
from brug.covenants.models import Covenant


class TrainingForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"covenant": "covenant"}
    covenant: forms.ModelChoiceField[Covenant] = forms.ModelChoiceField(
        label=gettext_lazy("Covenant"), queryset=Covenant.objects.none()
    )
    year = forms.CharField(label=gettext_lazy("Year"), max_length=4)
    quarter = forms.CharField(label=gettext_lazy("Quarter"), max_length=1)
    training_hours = forms.CharField(label=gettext_lazy("Training hours"), max_length=20)
    dossiers = forms.CharField(label=gettext_lazy("Training dossiers"), max_length=20)
    participants = forms.CharField(label=gettext_lazy("Participants"), max_length=20)
    employees = forms.CharField(label=gettext_lazy("Employees in the sector"), max_length=20)

    def __init__(self, *args: Any, covenants: QuerySet[Covenant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covenant"].queryset = covenants  # type: ignore[attr-defined]


class ImportForm(AccessibleForm):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (CSV or XLSX)"))
