"""Forms of issue 14 (the agreement, trajectory guidance, feedback on the workplace).

They parse page input; the services bound every value and refuse in both languages.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.workplace import models as m


def _choices(labels: dict[str, Message], blank: bool = False) -> list[tuple[str, str]]:
    rows = [(key, str(text)) for key, text in labels.items()]
    return [("", "–"), *rows] if blank else rows


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class AgreementForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            choices=_choices(m.AGREEMENT_KIND_LABELS),
            label=gettext_lazy("Kind of agreement"),
        )
        self.fields["days_per_week"] = forms.IntegerField(
            label=gettext_lazy("Days a week at the workplace"),
            help_text=gettext_lazy("1 to 5"),
        )
        self.fields["hours_per_week"] = forms.IntegerField(
            label=gettext_lazy("Hours a week at the workplace"),
            help_text=gettext_lazy("At most 38 hours a week and 8 hours a day"),
        )
        self.fields["allowance_per_month"] = forms.DecimalField(
            label=gettext_lazy("Learner's allowance (euro a month)"),
            decimal_places=2,
            max_digits=9,
            initial=0,
        )
        self.fields["insurer"] = forms.ChoiceField(
            choices=_choices(m.INSURER_LABELS),
            label=gettext_lazy("Who insures the learner?"),
            widget=forms.RadioSelect,
        )


class ConsentForm(AccessibleForm):
    def __init__(self, *args: Any, parties: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = forms.ChoiceField(
            choices=[(p, str(m.PARTY_LABELS[p])) for p in parties],
            label=gettext_lazy("On behalf of"),
        )
        self.fields["signer_name"] = forms.CharField(
            label=gettext_lazy("Name of the person consenting"),
            required=False,
        )


class AdviceForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"ready": "ready", "willing": "willing"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        yes_no = [
            ("", "–"),
            ("yes", gettext_lazy("yes")),
            ("no", gettext_lazy("no")),
        ]
        self.fields["source"] = forms.ChoiceField(
            choices=_choices(m.ADVICE_SOURCE_LABELS), label=gettext_lazy("Advice by")
        )
        self.fields["outcome"] = forms.ChoiceField(
            choices=_choices(m.ADVICE_OUTCOME_LABELS), label=gettext_lazy("Advice")
        )
        self.fields["ready"] = forms.ChoiceField(
            choices=yes_no,
            required=False,
            label=gettext_lazy("Class council: ready"),
        )
        self.fields["willing"] = forms.ChoiceField(
            choices=yes_no,
            required=False,
            label=gettext_lazy("Class council: willing"),
        )
        self.fields["reason"] = forms.CharField(
            label=gettext_lazy("Why (reasons)"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["given_on"] = forms.DateField(
            label=gettext_lazy("Given on"), required=False, widget=_date()
        )


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class StartUpForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"content": "start_up_phase"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content"] = forms.CharField(
            label=gettext_lazy("Content of the start-up phase"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["duration_weeks"] = forms.IntegerField(
            label=gettext_lazy("Duration (weeks)"), required=False
        )
        self.fields["organiser"] = forms.CharField(label=gettext_lazy("Organiser"), required=False)
        self.fields["starts_on"] = forms.DateField(
            label=pgettext_lazy("Start", "Start"), required=False, widget=_date()
        )
        self.fields["completed_on"] = forms.DateField(
            label=gettext_lazy("Completed on"), required=False, widget=_date()
        )


class GuidanceForm(AccessibleForm):
    def __init__(
        self, *args: Any, items: list[m.TrainingPlanItem] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            choices=_choices(m.GUIDANCE_KIND_LABELS), label=gettext_lazy("Kind")
        )
        self.fields["on"] = forms.DateField(
            label=gettext_lazy("Date"), required=False, widget=_date()
        )
        self.fields["notes"] = forms.CharField(
            label=pgettext_lazy("Verslag", "Notes"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.items = items or []
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                choices=[("", "–"), *m.ProgressLevel.choices],
                required=False,
                label=str(
                    gettext_lazy(
                        "End-of-period evaluation: {competence}", competence=item.competence
                    )
                ),
            )

    def progress(self) -> dict[int, str]:
        return {
            item.pk: self.cleaned_data.get(f"item_{item.pk}") or ""
            for item in self.items
            if self.cleaned_data.get(f"item_{item.pk}")
        }


class FeedbackForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["learning_culture"] = forms.TypedChoiceField(
            choices=SCORES,
            coerce=int,
            label=gettext_lazy("Learning culture at the workplace (1 = weak, 5 = strong)"),
            widget=forms.RadioSelect,
        )
        self.fields["guidance"] = forms.TypedChoiceField(
            choices=SCORES,
            coerce=int,
            label=gettext_lazy("Guidance by the mentor (1 = weak, 5 = strong)"),
            widget=forms.RadioSelect,
        )
        self.fields["comment"] = forms.CharField(
            label=gettext_lazy("Comment (optional)"),
            help_text=gettext_lazy("The company never sees your comment, only combined figures."),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
