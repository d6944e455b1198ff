"""Forms parse input for the pages; the services decide. Errors are linked to their fields."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import t
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
            companies, label=_label("Onderneming", "Company")
        )
        self.fields["site"] = forms.ModelChoiceField(
            sites,
            label=_label("Vestiging", "Site"),
            help_text=_label(
                "Het adres waar de lerende werkt: een erkenning geldt per vestiging.",
                "The address where the learner works: a recognition is per site.",
            ),
        )
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(),
            label=_label("Opleiding", "Programme"),
            help_text=_label(
                "De opleiding die de lerende op school volgt.",
                "The programme the learner follows at school.",
            ),
        )
        self.fields["activities"] = forms.CharField(
            label=_label(
                "Activiteiten die deze vestiging kan aanleren", "Activities this site can teach"
            ),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["mentors"] = forms.ModelMultipleChoiceField(
            mentors,
            label=_label("Mentoren", "Mentors"),
            help_text=_label(
                "Wie de lerende op de werkplek begeleidt. Een mentor voegt u toe onder Mijn onderneming.",
                "Who guides the learner at the workplace. You add a mentor under My company.",
            ),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )


class MentorForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(
            companies, label=_label("Onderneming", "Company")
        )
        self.fields["first_name"] = forms.CharField(
            label=_label("Voornaam", "First name"), max_length=100
        )
        self.fields["last_name"] = forms.CharField(
            label=_label("Achternaam", "Last name"), max_length=100
        )
        self.fields["email"] = forms.EmailField(label=_label("E-mail", "E-mail"), required=False)
        self.fields["birth_date"] = forms.DateField(
            label=_label("Geboortedatum", "Birth date"), widget=_date()
        )
        self.fields["experience_years"] = forms.IntegerField(
            label=_label("Jaren relevante ervaring", "Years of relevant experience"),
            min_value=0,
            max_value=60,
        )
        self.fields["has_relevant_diploma"] = forms.BooleanField(
            label=_label("Relevant diploma", "Relevant diploma"), required=False
        )
        self.fields["criminal_record_checked_on"] = forms.DateField(
            label=_label(
                "Uittreksel strafregister nagekeken op", "Criminal-record extract checked on"
            ),
            widget=_date(),
            required=False,
        )
        self.fields["age_derogation"] = forms.BooleanField(
            label=_label("Afwijking leeftijd (23-24 jaar)", "Age derogation (23-24)"),
            required=False,
        )
        self.fields["training_completed_on"] = forms.DateField(
            label=_label("Mentoropleiding gevolgd op", "Mentor training completed on"),
            widget=_date(),
            required=False,
        )


class OpeningForm(AccessibleForm):
    def __init__(self, *args: Any, workplaces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"] = forms.ModelChoiceField(
            workplaces, label=_label("Erkende leerwerkplek", "Recognised workplace")
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=m.PlacementKind.choices, label=_label("Vorm", "Kind")
        )
        self.fields["start"] = forms.DateField(label=_label("Begin", "Start"), widget=_date())
        self.fields["end"] = forms.DateField(label=_label("Einde", "End"), widget=_date())
        self.fields["capacity"] = forms.IntegerField(
            label=_label("Aantal plaatsen", "Number of places")
        )
        self.fields["days_per_week"] = forms.IntegerField(
            label=_label("Dagen per week", "Days per week"), initial=2
        )
        self.fields["description"] = forms.CharField(
            label=_label("Beschrijving", "Description"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )
        self.fields["requirements"] = forms.CharField(
            label=_label("Verwachtingen", "Requirements"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["practical_notes"] = forms.CharField(
            label=_label(
                "Praktisch (vervoer, toegankelijkheid)",
                "Practical notes (transport, accessibility)",
            ),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
        self.fields["publish"] = forms.BooleanField(
            label=_label("Meteen publiceren", "Publish now"), required=False, initial=True
        )


ADVICE_CHOICES = [("", "–"), ("yes", "ja / yes"), ("no", "nee / no")]


def advice(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class LearnerForm(AccessibleForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = forms.CharField(
            label=_label("Voornaam", "First name"), max_length=100
        )
        self.fields["last_name"] = forms.CharField(
            label=_label("Achternaam", "Last name"), max_length=100
        )
        self.fields["birth_date"] = forms.DateField(
            label=_label("Geboortedatum", "Birth date"), widget=_date(), required=False
        )
        self.fields["email"] = forms.EmailField(label=_label("E-mail", "E-mail"), required=False)
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), label=_label("Opleiding", "Programme")
        )
        self.fields["grade"] = forms.IntegerField(label=_label("Graad", "Grade"), initial=3)
        self.fields["home_municipality"] = forms.ModelChoiceField(
            Municipality.objects.all(), label=_label("Woonplaats", "Home municipality")
        )
        self.fields["ready"] = forms.ChoiceField(
            choices=ADVICE_CHOICES,
            required=False,
            label=_label("Klassenraad: arbeidsrijp", "Class council: ready"),
        )
        self.fields["willing"] = forms.ChoiceField(
            choices=ADVICE_CHOICES,
            required=False,
            label=_label("Klassenraad: arbeidsbereid", "Class council: willing"),
        )
        self.fields["start_up_phase"] = forms.BooleanField(
            label=_label("Aanloopfase", "Start-up phase"), required=False
        )
        self.fields["has_support_need"] = forms.BooleanField(
            label=_label(
                "Ondersteuningsnood (enkel voor de school en geanonimiseerde opvolging)",
                "Support need (school and anonymised monitoring only)",
            ),
            required=False,
        )


class ApplyForm(AccessibleForm):
    def __init__(self, *args: Any, openings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"] = forms.ModelChoiceField(openings, label=_label("Plaats", "Opening"))
        self.fields["rank"] = forms.IntegerField(
            label=_label("Voorkeur (1 = eerste keuze)", "Preference (1 = first choice)"),
            required=False,
        )


class IntakeForm(AccessibleForm):
    outcome = forms.ChoiceField(
        choices=[("accepted", "Aanvaard / Accepted"), ("declined", "Niet weerhouden / Declined")],
        label="Uitkomst intakegesprek / Intake outcome",
    )
    reason = forms.ChoiceField(
        choices=[("", "–"), *m.DeclineReason.choices], required=False, label="Reden / Reason"
    )
    note = forms.CharField(
        required=False, label="Notitie / Note", widget=forms.Textarea(attrs={"rows": 2})
    )


class PlacementForm(AccessibleForm):
    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"] = forms.ModelChoiceField(mentors, label=_label("Mentor", "Mentor"))
        self.fields["start"] = forms.DateField(
            label=_label("Begin", "Start"), widget=_date(), required=False
        )
        self.fields["end"] = forms.DateField(
            label=_label("Einde", "End"), widget=_date(), required=False
        )


class ProgressForm(AccessibleForm):
    progress = forms.ChoiceField(choices=m.ProgressLevel.choices, label="Voortgang / Progress")
    note = forms.CharField(required=False, label="Notitie / Note", max_length=500)


class EndForm(AccessibleForm):
    early = forms.BooleanField(required=False, label="Voortijdig stopgezet / Ended early")
    reason = forms.ChoiceField(
        choices=[("", "–"), *m.EndReason.choices], required=False, label="Reden / Reason"
    )
    on = forms.DateField(required=False, label="Datum / Date", widget=_date())


class TransitionForm(AccessibleForm):
    reason = forms.CharField(
        required=False, label="Reden / Reason", widget=forms.Textarea(attrs={"rows": 2})
    )
    visit_on = forms.DateField(
        required=False, label="Datum plaatsbezoek / Visit date", widget=_date()
    )


class ContactForm(AccessibleForm):
    def __init__(self, *args: Any, companies: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"] = forms.ModelChoiceField(
            companies, label=_label("Onderneming", "Company")
        )
        self.fields["school"] = forms.ModelChoiceField(
            schools, label=_label("School (optioneel)", "School (optional)"), required=False
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=m.ContactKind.choices, label=_label("Soort", "Kind")
        )
        self.fields["purpose"] = forms.ChoiceField(
            choices=m.ContactPurpose.choices, label=_label("Doel", "Purpose")
        )
        self.fields["on"] = forms.DateField(label=_label("Datum", "Date"), widget=_date())
        self.fields["notes"] = forms.CharField(
            label=_label("Notities", "Notes"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )


class SearchForm(AccessibleForm):
    filter_form = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"] = forms.ModelChoiceField(
            Programme.objects.all(), required=False, label=_label("Opleiding", "Programme")
        )
        self.fields["kind"] = forms.ChoiceField(
            choices=[("", "–"), *m.PlacementKind.choices],
            required=False,
            label=_label("Vorm", "Kind"),
        )
        self.fields["place"] = forms.CharField(
            required=False,
            label=_label("Gemeente of postcode", "Municipality or postcode"),
            max_length=100,
        )
        self.fields["radius"] = forms.TypedChoiceField(
            choices=[("", "–")] + [(str(km), f"{km} km") for km in DISTANCES_KM],
            coerce=int,
            required=False,
            empty_value=None,
            label=_label("Afstand", "Distance"),
        )
        self.fields["start_after"] = forms.DateField(
            required=False, label=_label("Start vanaf", "Starts from"), widget=_date()
        )
        self.fields["free_only"] = forms.BooleanField(
            required=False,
            initial=True,
            label=_label("Alleen met vrije plaatsen", "Only with free places"),
        )
