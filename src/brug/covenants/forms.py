"""Forms only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.covenants import models as m
from brug.covenants.indicators import metric_choices


class ActionForm(forms.Form):
    title = forms.CharField(label="Titel / Title", max_length=300, required=False)
    category = forms.ChoiceField(label="Soort actie / Kind", choices=m.ActionCategory.choices)
    theme = forms.ModelChoiceField(label="Thema / Theme", queryset=m.Theme.objects.none())
    description = forms.CharField(
        label="Beschrijving / Description", widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, themes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class CommitmentForm(forms.Form):
    description = forms.CharField(label="Verbintenis / Commitment", max_length=500, required=False)
    kind = forms.ChoiceField(label="Soort / Kind", choices=m.CommitmentKind.choices)
    owner = forms.ChoiceField(label="Wie engageert zich / Owner", choices=m.CommitmentOwner.choices)
    # Not required here: the service refuses a missing target with a clear reason.
    target_value = forms.CharField(label="Streefwaarde / Target", required=False)
    unit = forms.ChoiceField(label="Eenheid / Unit", choices=m.Unit.choices)
    deadline = forms.DateField(
        label="Termijn / Deadline", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    metric_key = forms.ChoiceField(
        label="Indicator (berekend uit Brug) / Indicator (computed)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric_key"].choices = [  # type: ignore[attr-defined]
            ("", "Manueel / Manual"),
            *metric_choices(),
        ]


class EntryForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=m.EntryStatus.choices)
    value = forms.CharField(label="Waarde / Value", required=False)
    narrative = forms.CharField(
        label="Toelichting / Narrative", max_length=1000, required=False, widget=forms.Textarea
    )


class TransitionForm(forms.Form):
    note = forms.CharField(label="Toelichting / Note", required=False, widget=forms.Textarea)


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(label="Soort evaluatie / Kind", choices=m.Evaluation.Kind.choices)
    note = forms.CharField(label="Toelichting / Note", required=False, widget=forms.Textarea)
