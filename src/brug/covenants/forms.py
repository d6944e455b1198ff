"""Forms only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.covenants import models as m
from brug.covenants.indicators import metric_choices
from brug.registry.models import Programme, Province, Sector


class ActionForm(AccessibleForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("Soort actie", "Kind"), choices=m.ActionCategory.choices
    )
    theme = forms.ModelChoiceField(label=gettext_lazy("Theme"), queryset=m.Theme.objects.none())
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, themes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class CommitmentForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"kind": "commitment_kind", "metric_key": "indicator"}
    description = forms.CharField(label=gettext_lazy("Commitment"), max_length=500, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=m.CommitmentKind.choices)
    owner = forms.ChoiceField(
        label=pgettext_lazy("Wie engageert zich", "Owner"), choices=m.CommitmentOwner.choices
    )
    # Not required here: the service refuses a missing target with a clear reason.
    target_value = forms.CharField(label=gettext_lazy("Target"), required=False)
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=m.Unit.choices)
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    metric_key = forms.ChoiceField(label=gettext_lazy("Indicator (computed)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric_key"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("Manual")),
            *metric_choices(),
        ]


class EntryForm(AccessibleForm):
    status = forms.ChoiceField(label="Status", choices=m.EntryStatus.choices)
    value = forms.CharField(label=gettext_lazy("Value"), required=False)
    narrative = forms.CharField(
        label=gettext_lazy("Narrative"), max_length=1000, required=False, widget=forms.Textarea
    )


class TransitionForm(AccessibleForm):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea)


class EvaluationForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=pgettext_lazy("Soort evaluatie", "Kind"), choices=m.Evaluation.Kind.choices
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea)


def _date_field(label: Message) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class WindowForm(AccessibleForm):
    label = forms.CharField(label=gettext_lazy("Name (e.g. 2025 Q1)"), max_length=32)
    period_start = _date_field(gettext_lazy("Period from"))
    period_end = _date_field(gettext_lazy("Period until"))
    opens_on = _date_field(gettext_lazy("Window opens on"))
    # The order of the dates is checked by the service (one rule, one message).
    closes_on = _date_field(gettext_lazy("Window closes on (deadline)"))


class AddendumForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"kind": "addendum", "extra_fte": "fte"}
    kind = forms.ChoiceField(
        label=pgettext_lazy("Soort addendum", "Kind"), choices=m.AddendumKind.choices
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    # No min_value: the service refuses negative amounts with its bilingual message.
    budget_eur = forms.DecimalField(label="Budget (EUR)", max_digits=14, decimal_places=2)
    extra_fte = forms.DecimalField(
        label=gettext_lazy("Extra FTE"),
        max_digits=5,
        decimal_places=2,
        required=False,
        initial=0,
    )


class MeasurementForm(AccessibleForm):
    """Sector level only: per ground the number of tests and unfavourable outcomes."""

    hints: ClassVar[dict[str, str]] = {"phase": "baseline", "method": "correspondence_test"}

    phase = forms.ChoiceField(
        label=gettext_lazy("Measurement"), choices=m.DiscriminationMeasurement.Phase.choices
    )
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=m.MeasurementMethod.choices)
    performed_on = _date_field(gettext_lazy("Performed on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in m.Ground.choices:
            nl, _, en = str(label).partition(" / ")
            en = en or nl
            # No min_value: the service refuses negative or impossible counts.
            self.fields[f"tests_{value}"] = forms.IntegerField(
                label=f"{nl}: aantal tests / {en}: number of tests", required=False
            )
            self.fields[f"unfavourable_{value}"] = forms.IntegerField(
                label=f"{nl}: ongunstige uitkomsten / {en}: unfavourable outcomes",
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.results():
            raise forms.ValidationError(
                "Vul voor minstens één grond het aantal tests in. / "
                "Fill in the number of tests for at least one ground."
            )
        return data

    def results(self) -> list[tuple[str, int, int]]:
        """(ground, tests, unfavourable) for every ground with at least one number filled in."""
        rows = []
        for ground in m.Ground.values:
            tests = self.cleaned_data.get(f"tests_{ground}")
            unfavourable = self.cleaned_data.get(f"unfavourable_{ground}")
            if tests is None and unfavourable is None:
                continue
            rows.append((ground, tests or 0, unfavourable or 0))
        return rows


class AddendumPlanForm(AccessibleForm):
    monitoring_plan = forms.ChoiceField(
        label=gettext_lazy("Monitoring approach"),
        choices=[("", gettext_lazy("– not recorded –")), *m.MonitoringPlan.choices],
        required=False,
    )
    risk_analysis = forms.CharField(
        label=gettext_lazy("Risk analysis (sector level)"),
        widget=forms.Textarea,
        required=False,
    )
    action_plan = forms.CharField(
        label=gettext_lazy("Action plan"), widget=forms.Textarea, required=False
    )


class ShortageSignalForm(AccessibleForm):
    """Signal a shortage to the sector responsible for the programme (from the radar)."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none())
    province = forms.ModelChoiceField(queryset=Province.objects.order_by("name_nl"))
    sector = forms.ModelChoiceField(queryset=Sector.objects.none())
    shortfall = forms.IntegerField(min_value=1, max_value=m.SIGNAL_SHORTFALL_MAX)
    message = forms.CharField(
        max_length=m.SIGNAL_MESSAGE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "programme": (gettext_lazy("Programme"), None),
        "province": (gettext_lazy("Province"), None),
        "sector": (
            gettext_lazy("Responsible sector"),
            gettext_lazy(
                "The sectors that Brug's reference list makes responsible for this programme."
            ),
        ),
        "shortfall": (
            gettext_lazy("Number of missing places"),
            gettext_lazy("As the shortage radar shows it now."),
        ),
        "message": (gettext_lazy("Note to the sector"), None),
    }

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(  # type: ignore[attr-defined]
            sectors__isnull=False
        ).distinct()
        if programme is not None:
            sectors = programme.sectors.order_by("name")
            self.fields["sector"].queryset = sectors  # type: ignore[attr-defined]
            if sectors.count() == 1:
                self.fields["sector"].initial = sectors.first()
        else:
            self.fields["sector"].queryset = Sector.objects.order_by("name")  # type: ignore[attr-defined]


class ShortageAnswerForm(AccessibleForm):
    answer = forms.CharField(
        max_length=m.SIGNAL_ANSWER_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    places_found = forms.IntegerField(min_value=0, max_value=m.SIGNAL_PLACES_MAX, initial=0)
    close = forms.BooleanField(required=False)
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "answer": (
            gettext_lazy("What did the sector do?"),
            gettext_lazy("For example: companies approached, new recognitions requested."),
        ),
        "places_found": (
            gettext_lazy("Places found"),
            gettext_lazy("Counts on the sector's covenant."),
        ),
        "close": (
            gettext_lazy("Close the signal"),
            gettext_lazy("The shortage has been followed up."),
        ),
    }
