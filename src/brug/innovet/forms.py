"""Forms only parse input; the services decide. Errors are linked to their fields for screen readers."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import t
from brug.innovet.models import Licence, OfferKind
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
    for_lateral_entrants = forms.BooleanField(
        label=t("Geschikt voor zij-instromers", "Suited to lateral entrants"),
        help_text=t(
            "Voor wie uit een onderneming komt en leerkracht wordt.",
            "For people who come from a company and become teachers.",
        ),
        required=False,
    )
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
