"""Forms for the pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.matching.models import MAX_PREFERENCES, RoundMode, RoundScope
from brug.registry.models import Programme, Province, Sector


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundCreateForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {
        "scope": "round_scope",
        "preference_deadline": "preference_deadline",
    }
    texts = {
        "name": (gettext_lazy("Name"), None),
        "scope": (gettext_lazy("Scope"), None),
        "sector": (gettext_lazy("Sector (sector round)"), None),
        "province": (
            gettext_lazy("Province (region round; optional for a sector)"),
            None,
        ),
        "programmes": (gettext_lazy("Programmes (empty = all)"), None),
        "preference_deadline": (gettext_lazy("Preference deadline"), None),
        "intake_deadline": (pgettext_lazy("Deadline intakegesprekken", "Intake deadline"), None),
        "reserve_share": (
            gettext_lazy("Reserved share"),
            gettext_lazy(
                "Share of each opening reserved for learners with a support need (0 to 0.5); "
                "unused places are released."
            ),
        ),
    }
    name = forms.CharField(max_length=200)
    scope = forms.ChoiceField(choices=RoundScope.choices)
    sector = forms.ModelChoiceField(queryset=Sector.objects.all(), required=False)
    province = forms.ModelChoiceField(queryset=Province.objects.all(), required=False)
    programmes = forms.ModelMultipleChoiceField(queryset=Programme.objects.all(), required=False)
    preference_deadline = forms.DateTimeField(widget=DateTimeInput())
    intake_deadline = forms.DateTimeField(widget=DateTimeInput())
    reserve_share = forms.DecimalField(min_value=0, max_value=1, decimal_places=2, initial=0)


class PreferencesForm(AccessibleForm):
    """One select per rank: the learner's choice 1, 2, 3, ..."""

    def __init__(self, *args: Any, openings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(str(pk), label) for pk, label in openings]]
        for rank in range(1, min(MAX_PREFERENCES, len(openings)) + 1):
            self.fields[f"choice_{rank}"] = forms.TypedChoiceField(
                label=str(gettext_lazy("Choice {n}", n=rank)),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def ranked(self) -> list[int]:
        return [v for k, v in self.cleaned_data.items() if k.startswith("choice_") and v]


class PublishForm(AccessibleForm):
    texts = {"mode": (gettext_lazy("Result to publish"), None)}
    mode = forms.ChoiceField(choices=RoundMode.choices, widget=forms.RadioSelect)
