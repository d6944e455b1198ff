"""Forms only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.covenants.models import ActionCategory, Covenant, CovenantGeneration
from brug.education import models as m
from brug.registry.models import Organisation


class RoundOpenForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"covenant": "covenant"}
    covenant: forms.ModelChoiceField[Covenant] = forms.ModelChoiceField(
        label=gettext_lazy("Covenant"), queryset=Covenant.objects.none()
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Advice due by"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note for education"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=m.NOTE_MAX,
    )

    def __init__(self, *args: Any, covenants: QuerySet[Covenant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covenant"].queryset = covenants  # type: ignore[attr-defined]


class AdviceForm(AccessibleForm):
    position = forms.ChoiceField(label=gettext_lazy("Position"), choices=m.Position.choices)
    text = forms.CharField(
        label=gettext_lazy("Advice"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=m.ADVICE_TEXT_MAX,
    )


class AgreementForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"covenants": "covenant"}
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=m.AgreementKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=m.TITLE_MAX)
    starts_on = forms.DateField(
        label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("End"), widget=forms.DateInput(attrs={"type": "date"})
    )
    parties: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Parties"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    covenants: forms.ModelMultipleChoiceField[Covenant] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sector covenants"),
        queryset=Covenant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        parties: QuerySet[Organisation],
        covenants: QuerySet[Covenant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties  # type: ignore[attr-defined]
        self.fields["covenants"].queryset = covenants  # type: ignore[attr-defined]


class ThemeForm(AccessibleForm):
    title = forms.CharField(label=gettext_lazy("Theme"), max_length=m.TITLE_MAX)
    expectations_of_policy = forms.CharField(
        label=gettext_lazy("What we expect from policy"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=m.TEXT_MAX,
    )


class EngagementForm(AccessibleForm):
    side = forms.ChoiceField(label=gettext_lazy("Side"), choices=m.EngagementSide.choices)
    description = forms.CharField(
        label="Engagement", widget=forms.Textarea(attrs={"rows": 2}), max_length=m.TEXT_MAX
    )
    owner: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=gettext_lazy("Owner"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, owners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class EvaluationForm(AccessibleForm):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=gettext_lazy("Quarter"), min_value=1, max_value=4)
    status = forms.ChoiceField(label="Status", choices=m.EngagementStatus.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=m.NOTE_MAX,
    )


class IntersectoralActionForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"generation": "generation"}
    generation: forms.ModelChoiceField[CovenantGeneration] = forms.ModelChoiceField(
        label=gettext_lazy("Generation"), queryset=CovenantGeneration.objects.none()
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("Soort actie", "Kind"), choices=ActionCategory.choices
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=m.TITLE_MAX)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=m.TEXT_MAX,
    )
    covenants: forms.ModelMultipleChoiceField[Covenant] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Covenants sharing the action"),
        queryset=Covenant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        generations: QuerySet[CovenantGeneration],
        covenants: QuerySet[Covenant],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["generation"].queryset = generations  # type: ignore[attr-defined]
        self.fields["covenants"].queryset = covenants  # type: ignore[attr-defined]
        self.initial.setdefault("category", ActionCategory.INTERSECTORAL)
