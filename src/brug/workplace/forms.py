"""Forms parse input for the pages; the services decide. Errors are linked to their fields."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy, pgettext_lazy, t
from brug.registry.models import Municipality, Programme
from brug.workplace import models as m
from brug.workplace.selectors import DISTANCES_KM


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _label(nl: str, en: str) -> str:
    return str(t(nl, en))


class RecognitionForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, sites: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(
            companies, label=_label(gettext_lazy("Company"))
        )
        self.fields["site"] = forms.ModelChoiceField(sites, label=_label(gettext_lazy("Site")))
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), label=_label(gettext_lazy("Programme"))
        )
        self.fields["activities"] = forms.CharField(
            label=_label(gettext_lazy("Activities this site can teach")),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["mentors"] = forms.ModelMultipleChoiceField(
            mentors,
            label=_label(gettext_lazy("Mentors")),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )


class MentorForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(
            companies, label=_label(gettext_lazy("Company"))
        )
        self.fields["first_name"] = forms.CharField(
            label=_label(gettext_lazy("First name")), max_length=100
        )
        self.fields["last_name"] = forms.CharField(
            label=_label(gettext_lazy("Last name")), max_length=100
        )
        self.fields["email"] = forms.EmailField(
            label=_label(gettext_lazy("E-mail")), required=False
        )
        self.fields["birth_date"] = forms.DateField(
            label=_label(gettext_lazy("Birth date")), widget=_date()
        )
        self.fields["experience_years"] = forms.IntegerField(
            label=_label(gettext_lazy("Years of relevant experience")),
            min_value=0,
            max_value=60,
        )
        self.fields["has_relevant_diploma"] = forms.BooleanField(
            label=_label(gettext_lazy("Relevant diploma")), required=False
        )
        self.fields["criminal_record_checked_on"] = forms.DateField(
            label=_label(gettext_lazy("Criminal-record extract checked on")),
            widget=_date(),
            required=False,
        )
        self.fields["age_derogation"] = forms.BooleanField(
            label=_label(gettext_lazy("Age derogation (23-24)")),
            required=False,
        )
        self.fields["training_completed_on"] = forms.DateField(
            label=_label(gettext_lazy("Mentor training completed on")),
            widget=_date(),
            required=False,
        )


class OpeningForm(AccessibleForm):
    def __init__(self, *args: Any, workplaces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"] = forms.ModelChoiceField(
            workplaces, label=_label(gettext_lazy("Recognised workplace"))
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=m.PlacementKind.choices, label=_label(pgettext_lazy("Vorm", "Kind"))
        )
        self.fields["start"] = forms.DateField(label=_label(gettext_lazy("Start")), widget=_date())
        self.fields["end"] = forms.DateField(label=_label(gettext_lazy("End")), widget=_date())
        self.fields["capacity"] = forms.IntegerField(label=_label(gettext_lazy("Number of places")))
        self.fields["days_per_week"] = forms.IntegerField(
            label=_label(gettext_lazy("Days per week")), initial=2
        )
        self.fields["description"] = forms.CharField(
            label=_label(gettext_lazy("Description")),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["requirements"] = forms.CharField(
            label=_label(gettext_lazy("Requirements")),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["practical_notes"] = forms.CharField(
            label=_label(
                gettext_lazy("Practical notes (transport, accessibility)"),
            ),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["publish"] = forms.BooleanField(
            label=_label(gettext_lazy("Publish now")), required=False, initial=True
        )


ADVICE_CHOICES = [("", "–"), ("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))]


def advice(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class LearnerForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = forms.CharField(
            label=_label(gettext_lazy("First name")), max_length=100
        )
        self.fields["last_name"] = forms.CharField(
            label=_label(gettext_lazy("Last name")), max_length=100
        )
        self.fields["birth_date"] = forms.DateField(
            label=_label(gettext_lazy("Birth date")), widget=_date(), required=False
        )
        self.fields["email"] = forms.EmailField(
            label=_label(gettext_lazy("E-mail")), required=False
        )
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), label=_label(gettext_lazy("Programme"))
        )
        self.fields["grade"] = forms.IntegerField(label=_label(gettext_lazy("Grade")), initial=3)
        self.fields["home_municipality"] = forms.ModelChoiceField(
            Municipality.objects.all(), label=_label(gettext_lazy("Home municipality"))
        )
        self.fields["ready"] = forms.ChoiceField(
            choices=ADVICE_CHOICES,
            required=False,
            label=_label(gettext_lazy("Class council: ready")),
        )
        self.fields["willing"] = forms.ChoiceField(
            choices=ADVICE_CHOICES,
            required=False,
            label=_label(gettext_lazy("Class council: willing")),
        )
        self.fields["start_up_phase"] = forms.BooleanField(
            label=_label(gettext_lazy("Start-up phase")), required=False
        )
        self.fields["has_support_need"] = forms.BooleanField(
            label=_label(
                gettext_lazy("Support need (school and anonymised monitoring only)"),
            ),
            required=False,
        )


class ApplyForm(AccessibleForm):
    def __init__(self, *args: Any, openings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"] = forms.ModelChoiceField(
            openings, label=_label(gettext_lazy("Opening"))
        )
        self.fields["rank"] = forms.IntegerField(
            label=_label(gettext_lazy("Preference (1 = first choice)")),
            required=False,
        )


class IntakeForm(AccessibleForm):
    outcome = forms.ChoiceField(
        choices=[("accepted", gettext_lazy("Accepted")), ("declined", gettext_lazy("Declined"))],
        label=gettext_lazy("Intake outcome"),
    )
    reason = forms.ChoiceField(
        choices=[("", "–"), *m.DeclineReason.choices], required=False, label=gettext_lazy("Reason")
    )
    note = forms.CharField(
        required=False,
        label=pgettext_lazy("Notitie", "Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlacementForm(AccessibleForm):
    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"] = forms.ModelChoiceField(
            mentors, label=_label(gettext_lazy("Mentor"))
        )
        self.fields["start"] = forms.DateField(
            label=_label(gettext_lazy("Start")), widget=_date(), required=False
        )
        self.fields["end"] = forms.DateField(
            label=_label(gettext_lazy("End")), widget=_date(), required=False
        )


class ProgressForm(AccessibleForm):
    progress = forms.ChoiceField(choices=m.ProgressLevel.choices, label=gettext_lazy("Progress"))
    note = forms.CharField(required=False, label=pgettext_lazy("Notitie", "Note"), max_length=500)


class EndForm(AccessibleForm):
    early = forms.BooleanField(required=False, label=gettext_lazy("Ended early"))
    reason = forms.ChoiceField(
        choices=[("", "–"), *m.EndReason.choices], required=False, label=gettext_lazy("Reason")
    )
    on = forms.DateField(required=False, label=gettext_lazy("Date"), widget=_date())


class TransitionForm(AccessibleForm):
    reason = forms.CharField(
        required=False, label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )
    visit_on = forms.DateField(required=False, label=gettext_lazy("Visit date"), widget=_date())


class ContactForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(
            companies, label=_label(gettext_lazy("Company"))
        )
        self.fields["school"] = forms.ModelChoiceField(
            schools, label=_label(gettext_lazy("School (optional)")), required=False
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=m.ContactKind.choices, label=_label(gettext_lazy("Kind"))
        )
        self.fields["purpose"] = forms.ChoiceField(
            choices=m.ContactPurpose.choices, label=_label(gettext_lazy("Purpose"))
        )
        self.fields["on"] = forms.DateField(label=_label(gettext_lazy("Date")), widget=_date())
        self.fields["notes"] = forms.CharField(
            label=_label(gettext_lazy("Notes")),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )


class SearchForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), required=False, label=_label(gettext_lazy("Programme"))
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=[("", "–"), *m.PlacementKind.choices],
            required=False,
            label=_label(pgettext_lazy("Vorm", "Kind")),
        )
        self.fields["place"] = forms.CharField(
            required=False,
            label=_label(gettext_lazy("Municipality or postcode")),
            max_length=100,
        )
        self.fields["radius"] = forms.TypedChoiceField(
            choices=[("", "–")] + [(str(km), f"{km} km") for km in DISTANCES_KM],
            coerce=int,
            required=False,
            empty_value=None,
            label=_label(gettext_lazy("Distance")),
        )
        self.fields["start_after"] = forms.DateField(
            required=False, label=_label(gettext_lazy("Starts from")), widget=_date()
        )
        self.fields["free_only"] = forms.BooleanField(
            required=False,
            initial=True,
            label=_label(gettext_lazy("Only with free places")),
        )
