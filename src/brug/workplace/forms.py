"""Forms parse input for the pages; the services decide. Errors are linked to their fields."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.registry.models import Municipality, Programme
from brug.workplace import models as m
from brug.workplace.selectors import DISTANCES_KM


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecognitionForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, sites: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(companies, label=gettext_lazy("Company"))
        self.fields["site"] = forms.ModelChoiceField(
            sites,
            label=gettext_lazy("Site"),
            help_text=gettext_lazy(
                "The address where the learner works: a recognition is per site."
            ),
        )
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(),
            label=gettext_lazy("Programme"),
            help_text=gettext_lazy("The programme the learner follows at school."),
        )
        self.fields["activities"] = forms.CharField(
            label=gettext_lazy("Activities this site can teach"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["mentors"] = forms.ModelMultipleChoiceField(
            mentors,
            label=gettext_lazy("Mentors"),
            help_text=gettext_lazy(
                "Who guides the learner at the workplace. You add a mentor under My company."
            ),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )


class MentorForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(companies, label=gettext_lazy("Company"))
        self.fields["first_name"] = forms.CharField(
            label=gettext_lazy("First name"), max_length=100
        )
        self.fields["last_name"] = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
        self.fields["email"] = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
        self.fields["birth_date"] = forms.DateField(
            label=gettext_lazy("Birth date"), widget=_date()
        )
        self.fields["experience_years"] = forms.IntegerField(
            label=gettext_lazy("Years of relevant experience"),
            min_value=0,
            max_value=60,
        )
        self.fields["has_relevant_diploma"] = forms.BooleanField(
            label=gettext_lazy("Relevant diploma"), required=False
        )
        self.fields["criminal_record_checked_on"] = forms.DateField(
            label=gettext_lazy("Criminal-record extract checked on"),
            widget=_date(),
            required=False,
        )
        self.fields["age_derogation"] = forms.BooleanField(
            label=gettext_lazy("Age derogation (23-24)"),
            required=False,
        )
        self.fields["training_completed_on"] = forms.DateField(
            label=gettext_lazy("Mentor training completed on"),
            widget=_date(),
            required=False,
        )


class OpeningForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {
        "workplace": "workplace",
        "kind": "placement_kind",
        "capacity": "places",
    }

    def clean_target_group_places(self) -> int:
        """An empty number of reserved places is none."""
        value = self.cleaned_data.get("target_group_places")
        return 0 if value is None else int(value)

    def __init__(self, *args: Any, workplaces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"] = forms.ModelChoiceField(
            workplaces, label=gettext_lazy("Recognised workplace")
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=m.PlacementKind.choices, label=pgettext_lazy("Vorm", "Kind")
        )
        self.fields["start"] = forms.DateField(label=gettext_lazy("Start"), widget=_date())
        self.fields["end"] = forms.DateField(label=gettext_lazy("End"), widget=_date())
        self.fields["capacity"] = forms.IntegerField(label=gettext_lazy("Number of places"))
        self.fields["days_per_week"] = forms.IntegerField(
            label=gettext_lazy("Days per week"), initial=2
        )
        self.fields["description"] = forms.CharField(
            label=gettext_lazy("Description"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["requirements"] = forms.CharField(
            label=gettext_lazy("Requirements"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["target_group"] = forms.ChoiceField(
            choices=[("", "–"), *m.TargetGroup.choices],
            required=False,
            label=gettext_lazy("Places reserved for"),
        )
        self.fields["target_group_places"] = forms.IntegerField(
            required=False,
            initial=0,
            min_value=0,
            label=gettext_lazy("Number of reserved places"),
        )
        self.fields["practical_notes"] = forms.CharField(
            label=gettext_lazy("Practical notes (transport, accessibility)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["publish"] = forms.BooleanField(
            label=gettext_lazy("Publish now"), required=False, initial=True
        )


ADVICE_CHOICES = [("", "–"), ("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))]


def advice(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class LearnerForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"grade": "grade", "ready": "ready", "willing": "willing"}
    empty_labels: ClassVar[dict[str, Message]] = {"programme": gettext_lazy("Choose a programme")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = forms.CharField(
            label=gettext_lazy("First name"), max_length=100
        )
        self.fields["last_name"] = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
        self.fields["birth_date"] = forms.DateField(
            label=gettext_lazy("Birth date"), widget=_date(), required=False
        )
        self.fields["email"] = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), label=gettext_lazy("Programme")
        )
        self.fields["grade"] = forms.IntegerField(label=gettext_lazy("Grade"), initial=3)
        self.fields["year_in_grade"] = forms.IntegerField(
            required=False,
            min_value=1,
            max_value=3,
            label=gettext_lazy("Year in the grade (3 = seventh year)"),
        )
        self.fields["home_municipality"] = forms.ModelChoiceField(
            Municipality.objects.all(), label=gettext_lazy("Home municipality")
        )
        self.fields["ready"] = forms.ChoiceField(
            choices=ADVICE_CHOICES,
            required=False,
            label=gettext_lazy("Class council: ready"),
        )
        self.fields["willing"] = forms.ChoiceField(
            choices=ADVICE_CHOICES,
            required=False,
            label=gettext_lazy("Class council: willing"),
        )
        self.fields["early_school_leaver"] = forms.BooleanField(
            label=gettext_lazy("Early school leaver (school only)"),
            required=False,
        )
        self.fields["has_support_need"] = forms.BooleanField(
            label=gettext_lazy("Support need (school and anonymised monitoring only)"),
            required=False,
        )


class ApplyForm(AccessibleForm):
    def __init__(self, *args: Any, openings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"] = forms.ModelChoiceField(openings, label=gettext_lazy("Opening"))
        self.fields["rank"] = forms.IntegerField(
            label=gettext_lazy("Preference (1 = first choice)"),
            required=False,
        )


class IntakeForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"outcome": "intake"}
    outcome = forms.ChoiceField(
        choices=[
            ("accepted", gettext_lazy("Accepted")),
            ("declined", pgettext_lazy("Niet weerhouden", "Declined")),
        ],
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
    hints: ClassVar[dict[str, str]] = {"mentor": "mentor"}

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"] = forms.ModelChoiceField(mentors, label=gettext_lazy("Mentor"))
        self.fields["start"] = forms.DateField(
            label=gettext_lazy("Start"), widget=_date(), required=False
        )
        self.fields["end"] = forms.DateField(
            label=gettext_lazy("End"), widget=_date(), required=False
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
        self.fields["company"] = forms.ModelChoiceField(companies, label=gettext_lazy("Company"))
        self.fields["school"] = forms.ModelChoiceField(
            schools, label=gettext_lazy("School (optional)"), required=False
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=m.ContactKind.choices, label=gettext_lazy("Kind")
        )
        self.fields["purpose"] = forms.ChoiceField(
            choices=m.ContactPurpose.choices, label=gettext_lazy("Purpose")
        )
        self.fields["on"] = forms.DateField(label=gettext_lazy("Date"), widget=_date())
        self.fields["notes"] = forms.CharField(
            label=gettext_lazy("Notes"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )


class SearchForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"kind": "placement_kind"}
    filter_form = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), required=False, label=gettext_lazy("Programme")
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=[("", "–"), *m.PlacementKind.choices],
            required=False,
            label=pgettext_lazy("Vorm", "Kind"),
        )
        self.fields["place"] = forms.CharField(
            required=False,
            label=gettext_lazy("Municipality or postcode"),
            max_length=100,
        )
        self.fields["radius"] = forms.TypedChoiceField(
            choices=[("", "–")] + [(str(km), f"{km} km") for km in DISTANCES_KM],
            coerce=int,
            required=False,
            empty_value=None,
            label=gettext_lazy("Distance"),
        )
        self.fields["start_after"] = forms.DateField(
            required=False, label=gettext_lazy("Starts from"), widget=_date()
        )
        self.fields["target_group"] = forms.ChoiceField(
            choices=[("", "–"), *m.TargetGroup.choices],
            required=False,
            label=gettext_lazy("With places reserved for"),
        )
        self.fields["free_only"] = forms.BooleanField(
            required=False,
            label=gettext_lazy("Only with free places"),
        )


class EvidenceForm(AccessibleForm):
    """The company's evidence for one recognition condition."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = forms.CharField(
            required=False,
            max_length=m.LONG_TEXT_MAX,
            label=gettext_lazy("Evidence (description)"),
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["evidence_file"] = forms.FileField(
            required=False,
            label=gettext_lazy("File (pdf, image or Office document)"),
        )


class VerdictForm(AccessibleForm):
    """The reviewer's verdict on one recognition condition."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verdict"] = forms.ChoiceField(
            choices=m.ConditionVerdict.choices, label=gettext_lazy("Verdict")
        )
        self.fields["note"] = forms.CharField(
            required=False,
            max_length=m.LONG_TEXT_MAX,
            label=gettext_lazy("Note (required if not met)"),
            widget=forms.Textarea(attrs={"rows": 2}),
        )


class SiteVisitForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"] = forms.DateField(label=gettext_lazy("Visit date"), widget=_date())
        self.fields["visitor_name"] = forms.CharField(
            max_length=m.NAME_MAX * 2, label=gettext_lazy("Visitor")
        )
        self.fields["findings"] = forms.CharField(
            required=False,
            max_length=m.LONG_TEXT_MAX,
            label=gettext_lazy("Findings"),
            widget=forms.Textarea(attrs={"rows": 3}),
        )


class RenewalForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"] = forms.CharField(
            required=False,
            max_length=m.LONG_TEXT_MAX,
            label=gettext_lazy("Activities (empty: the same as now)"),
            widget=forms.Textarea(attrs={"rows": 2}),
        )
