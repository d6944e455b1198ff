"""Forms only parse input; the services decide. Errors are linked to their fields for screen readers."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.accounts.models import User
from brug.core.forms import AccessibleForm
from brug.core.i18n import t
from brug.innovet.labels import year_choices
from brug.innovet.models import Licence, Offer, OfferKind
from brug.registry.models import (
    Organisation,
    Programme,
    Province,
    Qualification,
    Site,
    StudyDomain,
)


class SiteChoiceField(forms.ModelChoiceField[Site]):
    def label_from_instance(self, obj: Site) -> str:
        return f"{obj.name} · {obj.municipality.name_nl}"


class OfferForm(AccessibleForm):
    texts = {
        "for_lateral_entrants": (
            t("Geschikt voor zij-instromers", "Suited to lateral entrants"),
            t(
                "Voor wie uit een onderneming komt en leerkracht wordt.",
                "For people who come from a company and become teachers.",
            ),
        )
    }
    kind = forms.ChoiceField(label="Soort aanbod / Kind", choices=OfferKind.choices)
    title = forms.CharField(label="Titel / Title", max_length=300)
    description = forms.CharField(
        label="Beschrijving / Description", widget=forms.Textarea, required=False
    )
    study_domains = forms.ModelMultipleChoiceField(
        label="Studiedomeinen / Study domains",
        queryset=StudyDomain.objects.all(),
        required=False,
    )
    programmes = forms.ModelMultipleChoiceField(
        label="Opleidingen / Programmes", queryset=Programme.objects.all(), required=False
    )
    qualifications = forms.ModelMultipleChoiceField(
        label="Kwalificaties / Qualifications",
        queryset=Qualification.objects.order_by("name"),
        required=False,
    )
    site = SiteChoiceField(
        label="Vestiging (plaats van het aanbod) / Site (where it takes place)",
        queryset=Site.objects.none(),
        required=False,
        help_text=(
            "Een vestiging van de aanbieder; bepaalt de afstand in de zoekresultaten. / "
            "One of the provider's sites; sets the distance in search results."
        ),
    )
    province = forms.ModelChoiceField(
        label="Provincie / Province", queryset=Province.objects.all(), required=False
    )
    on_request = forms.BooleanField(label="Op aanvraag / On request", required=False)
    cost_eur = forms.DecimalField(
        label="Kostprijs per deelnemer (EUR) / Cost per participant", initial=0, decimal_places=2
    )
    target_grade = forms.TypedChoiceField(
        label="Doelgraad / Target grade",
        choices=[("", "Alle / All"), (1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    language = forms.ChoiceField(
        label="Taal / Language", choices=[("nl", "Nederlands"), ("en", "English")]
    )
    curriculum_link = forms.CharField(
        label="Link met het leerplan / Curriculum link", widget=forms.Textarea, required=False
    )
    vendor_neutral = forms.BooleanField(
        label="Merkneutraal / Vendor-neutral", required=False, initial=True
    )
    accessibility_notes = forms.CharField(
        label="Toegankelijkheid / Accessibility", widget=forms.Textarea, required=False
    )
    for_lateral_entrants = forms.BooleanField(required=False)
    publish = forms.BooleanField(label="Meteen publiceren / Publish now", required=False)

    def __init__(self, *args: Any, provider: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if provider is not None:  # only the provider's own sites can be chosen
            self.fields["site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
                organisation=provider
            ).select_related("municipality")


class SessionForm(AccessibleForm):
    starts_at = forms.DateTimeField(
        label="Begin / Start", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label="Einde / End", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label="Capaciteit / Capacity")
    location = forms.CharField(label="Plaats / Location", required=False)
    registration_opens = forms.DateField(
        label="Inschrijven vanaf / Registration opens",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    registration_closes = forms.DateField(
        label="Inschrijven tot / Registration closes",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MaterialForm(AccessibleForm):
    title = forms.CharField(label="Titel / Title", max_length=300)
    description = forms.CharField(
        label="Beschrijving / Description", widget=forms.Textarea, required=False
    )
    study_domain = forms.ModelChoiceField(
        label="Studiedomein / Study domain", queryset=StudyDomain.objects.all(), required=False
    )
    curriculum_link = forms.CharField(
        label="Link met het leerplan / Curriculum link", widget=forms.Textarea, required=False
    )
    licence = forms.ChoiceField(label="Licentie / Licence", choices=Licence.choices)
    licence_note = forms.CharField(
        label="Andere licentie / Other licence", required=False, max_length=300
    )
    upload = forms.FileField(
        label="Bestand / File",
        help_text="pdf, docx, pptx, xlsx, odt, odp, ods, zip, png, jpg · max. 20 MB",
    )


class VersionForm(AccessibleForm):
    upload = forms.FileField(label="Nieuwe versie / New version")
    note = forms.CharField(label="Wat is er veranderd? / What changed?", required=False)


class ReviewForm(AccessibleForm):
    decision = forms.ChoiceField(
        label="Beslissing / Decision",
        choices=[
            ("approve", "Goedkeuren / Approve"),
            ("changes", "Aanpassing vragen / Request changes"),
        ],
    )
    note = forms.CharField(label="Toelichting / Note", widget=forms.Textarea, required=False)


class GuestRequestForm(AccessibleForm):
    topic = forms.CharField(label="Onderwerp / Topic", max_length=300)
    study_domain = forms.ModelChoiceField(
        label="Studiedomein / Study domain", queryset=StudyDomain.objects.all(), required=False
    )
    wished_period = forms.CharField(
        label="Gewenste periode / Wished period", required=False, max_length=100
    )


class AgreeForm(AccessibleForm):
    lesson_date = forms.DateField(
        label="Lesdatum / Lesson date", widget=forms.DateInput(attrs={"type": "date"})
    )


class BookingForm(AccessibleForm):
    starts_at = forms.DateTimeField(
        label="Van / From", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label="Tot / Until", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    purpose = forms.CharField(label="Doel / Purpose", required=False, max_length=300)


class SignalForm(AccessibleForm):
    subject = forms.CharField(label="Onderwerp / Subject", max_length=300)
    message = forms.CharField(label="Bericht / Message", widget=forms.Textarea)
    recipients: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label="Scholen en ondernemingen / Schools and companies",
        queryset=Organisation.objects.none(),
    )

    def __init__(self, *args: Any, recipients: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = recipients


# ------------------------------------------------------------------ issue 15


def _date(required: bool = True) -> forms.DateField:
    return forms.DateField(required=required, widget=forms.DateInput(attrs={"type": "date"}))


class TenDayRequestForm(AccessibleForm):
    """Parses a 10-day scheme request; every rule (eligible years, at most 10 days, the
    period) is the service's."""

    offer = forms.ModelChoiceField(queryset=Offer.objects.none())
    teacher = forms.ModelChoiceField(queryset=User.objects.none())
    class_group = forms.CharField()
    year = forms.ChoiceField()
    learners = forms.IntegerField()
    days = forms.IntegerField()
    first_day = _date()
    last_day = _date()
    curriculum_link = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    texts = {
        "offer": (t("VDAB-opleidingscentrum en aanbod", "VDAB training centre and offer"), None),
        "teacher": (t("Leerkracht", "Teacher"), None),
        "class_group": (
            t("Klas of groep", "Class or group"),
            t("bv. 6 Elektrotechniek", "e.g. 6 Electrical engineering"),
        ),
        "year": (
            t("Leerjaar van de klas", "Year of the class"),
            t(
                "Alleen bepaalde leerjaren komen in aanmerking.",
                "Only certain years are eligible.",
            ),
        ),
        "learners": (t("Aantal leerlingen", "Number of learners"), None),
        "days": (t("Aantal lesdagen (hoogstens 10)", "Number of lesson days (at most 10)"), None),
        "first_day": (t("Eerste lesdag", "First lesson day"), None),
        "last_day": (t("Laatste lesdag", "Last lesson day"), None),
        "curriculum_link": (
            t("Link met het leerplan", "Link with the curriculum"),
            t("Welke competenties oefent de klas?", "Which competences does the class practise?"),
        ),
    }

    def __init__(self, *args: Any, offers: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", "—"), *year_choices()]  # type: ignore[attr-defined]


class TenDayDecideForm(AccessibleForm):
    intro_on = _date(required=False)
    instructor_name = forms.CharField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    texts = {
        "intro_on": (t("Datum van de wegwijssessie", "Date of the introduction session"), None),
        "instructor_name": (
            t("Instructeur van VDAB (optioneel)", "VDAB instructor (optional)"),
            t(
                "Vul in als VDAB een instructeur meegeeft.",
                "Fill in when VDAB provides an instructor.",
            ),
        ),
        "note": (
            t("Toelichting (verplicht bij een weigering)", "Note (required when refusing)"),
            None,
        ),
    }


class PlacementForm(AccessibleForm):
    company = forms.ModelChoiceField(queryset=Organisation.objects.none())
    teacher = forms.ModelChoiceField(queryset=User.objects.none())
    tasks = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = _date()
    ends_on = _date()
    host_mentor = forms.CharField(required=False)
    replacement = forms.CharField()
    texts = {
        "company": (t("Onderneming", "Company"), None),
        "teacher": (t("Leerkracht", "Teacher"), None),
        "tasks": (t("Taken tijdens de stage", "Tasks during the placement"), None),
        "starts_on": (t("Begin", "Start"), None),
        "ends_on": (t("Einde", "End"), None),
        "host_mentor": (
            t("Mentor in de onderneming", "Host mentor in the company"),
            t("De onderneming kan die ook later invullen.", "The company may fill this in later."),
        ),
        "replacement": (
            t("Vervanging op school", "Replacement at school"),
            t("Wie neemt de lessen over?", "Who takes over the lessons?"),
        ),
    }

    def __init__(self, *args: Any, companies: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class HybridJobForm(AccessibleForm):
    title = forms.CharField()
    hours_per_week = forms.IntegerField()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    study_domain = forms.ModelChoiceField(queryset=StudyDomain.objects.all(), required=False)
    starts_on = _date(required=False)
    texts = {
        "title": (
            t("Titel", "Title"),
            t("bv. Praktijkleraar lassen", "e.g. Welding practice teacher"),
        ),
        "hours_per_week": (t("Uren per week", "Hours a week"), None),
        "description": (t("Beschrijving", "Description"), None),
        "study_domain": (t("Studiedomein", "Study domain"), None),
        "starts_on": (t("Vanaf", "From"), None),
    }


class CandidateForm(AccessibleForm):
    company = forms.ModelChoiceField(queryset=Organisation.objects.none())
    initials = forms.CharField()
    expertise = forms.CharField()
    study_domain = forms.ModelChoiceField(queryset=StudyDomain.objects.all(), required=False)
    texts = {
        "company": (t("Onderneming", "Company"), None),
        "initials": (
            t("Initialen", "Initials"),
            t(
                "Geen volledige naam: het contact loopt via de onderneming.",
                "No full name: contact runs through the company.",
            ),
        ),
        "expertise": (t("Expertise", "Expertise"), None),
        "study_domain": (t("Studiedomein", "Study domain"), None),
    }

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
