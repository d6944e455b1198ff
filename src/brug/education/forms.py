"""Forms only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.education import models as m


class RoundOpenForm(forms.Form):
    covenant = forms.ModelChoiceField(label="Convenant / Covenant", queryset=None)  # type: ignore[arg-type]
    closes_on = forms.DateField(
        label="Advies tegen / Advice due by", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Toelichting voor onderwijs / Note for education",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=m.NOTE_MAX,
    )

    def __init__(self, *args: Any, covenants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covenant"].queryset = covenants  # type: ignore[attr-defined]


class AdviceForm(forms.Form):
    position = forms.ChoiceField(label="Standpunt / Position", choices=m.Position.choices)
    text = forms.CharField(
        label="Advies / Advice",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=m.ADVICE_TEXT_MAX,
    )
