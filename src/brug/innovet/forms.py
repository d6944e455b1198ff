"""Forms only parse input; the services decide. Errors are linked to their fields for screen readers."""

from __future__ import annotations

from typing import Any

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy, pgettext_lazy
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
    kind = forms.ChoiceField(label=pgettext_lazy("Soort aanbod", "Kind"), choices=OfferKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )
    study_domains = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Study domains"),
        queryset=StudyDomain.objects.all(),
        required=False,
    )
    programmes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Programmes"), queryset=Programme.objects.all(), required=False
    )
    qualifications = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("Kwalificaties", "Qualifications"),
        queryset=Qualification.objects.order_by("name"),
        required=False,
    )
    site = SiteChoiceField(
        label=gettext_lazy("Site (where it takes place)"),
        queryset=Site.objects.none(),
        required=False,
        help_text=(
            gettext_lazy("One of the provider's sites; sets the distance in search results.")
        ),
    )
    province = forms.ModelChoiceField(
        label=gettext_lazy("Province"), queryset=Province.objects.all(), required=False
    )
    on_request = forms.BooleanField(label=gettext_lazy("On request"), required=False)
    cost_eur = forms.DecimalField(
        label=gettext_lazy("Cost per participant"), initial=0, decimal_places=2
    )
    target_grade = forms.TypedChoiceField(
        label=gettext_lazy("Target grade"),
        choices=[("", gettext_lazy("All")), (1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[("nl", "Nederlands"), ("en", "English")]
    )
    curriculum_link = forms.CharField(
        label=gettext_lazy("Curriculum link"), widget=forms.Textarea, required=False
    )
    vendor_neutral = forms.BooleanField(
        label=gettext_lazy("Vendor-neutral"), required=False, initial=True
    )
    accessibility_notes = forms.CharField(
        label=gettext_lazy("Accessibility"), widget=forms.Textarea, required=False
    )
    publish = forms.BooleanField(label=gettext_lazy("Publish now"), required=False)

    def __init__(self, *args: Any, provider: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if provider is not None:  # only the provider's own sites can be chosen
            self.fields["site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
                organisation=provider
            ).select_related("municipality")


class SessionForm(AccessibleForm):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("End"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label=gettext_lazy("Capacity"))
    location = forms.CharField(label=gettext_lazy("Location"), required=False)
    registration_opens = forms.DateField(
        label=gettext_lazy("Registration opens"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    registration_closes = forms.DateField(
        label=gettext_lazy("Registration closes"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MaterialForm(AccessibleForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )
    study_domain = forms.ModelChoiceField(
        label=gettext_lazy("Study domain"), queryset=StudyDomain.objects.all(), required=False
    )
    curriculum_link = forms.CharField(
        label=gettext_lazy("Curriculum link"), widget=forms.Textarea, required=False
    )
    licence = forms.ChoiceField(label=gettext_lazy("Licence"), choices=Licence.choices)
    licence_note = forms.CharField(
        label=gettext_lazy("Other licence"), required=False, max_length=300
    )
    upload = forms.FileField(
        label=gettext_lazy("File"),
        help_text="pdf, docx, pptx, xlsx, odt, odp, ods, zip, png, jpg · max. 20 MB",
    )


class VersionForm(AccessibleForm):
    upload = forms.FileField(label=gettext_lazy("New version"))
    note = forms.CharField(label=gettext_lazy("What changed?"), required=False)


class ReviewForm(AccessibleForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("changes", gettext_lazy("Request changes")),
        ],
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False)


class GuestRequestForm(AccessibleForm):
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=300)
    study_domain = forms.ModelChoiceField(
        label=gettext_lazy("Study domain"), queryset=StudyDomain.objects.all(), required=False
    )
    wished_period = forms.CharField(
        label=gettext_lazy("Wished period"), required=False, max_length=100
    )


class AgreeForm(AccessibleForm):
    lesson_date = forms.DateField(
        label=gettext_lazy("Lesson date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class BookingForm(AccessibleForm):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    purpose = forms.CharField(label=gettext_lazy("Purpose"), required=False, max_length=300)


class SignalForm(AccessibleForm):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    message = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea)
    recipients: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Schools and companies"),
        queryset=Organisation.objects.none(),
    )

    def __init__(self, *args: Any, recipients: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = recipients
