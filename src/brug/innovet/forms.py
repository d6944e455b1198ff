"""Forms only parse input; the services decide. Errors are linked to their fields for screen readers."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.accounts.models import User
from brug.core.forms import AccessibleForm
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.innovet.models import Licence, Offer, OfferKind, ten_day_year_choices
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
    hints: ClassVar[dict[str, str]] = {
        "study_domains": "study_domain",
        "qualifications": "qualification",
        "target_grade": "grade",
        "curriculum_link": "curriculum_link",
        "vendor_neutral": "vendor_neutral",
    }
    texts = {
        "for_lateral_entrants": (
            gettext_lazy("Suited to lateral entrants"),
            gettext_lazy("For people who come from a company and become teachers."),
        )
    }
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
    for_lateral_entrants = forms.BooleanField(required=False)
    publish = forms.BooleanField(label=gettext_lazy("Publish now"), required=False)

    def __init__(self, *args: Any, provider: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if provider is not None:  # only the provider's own sites can be chosen
            sites = Site.objects.filter(organisation=provider).select_related("municipality")
            if sites.exists():
                self.fields["site"].queryset = sites  # type: ignore[attr-defined]
            else:  # a provider without sites: no list with nothing in it
                del self.fields["site"]


class SessionForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"capacity": "capacity"}
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
    hints: ClassVar[dict[str, str]] = {
        "study_domain": "study_domain",
        "curriculum_link": "curriculum_link",
    }
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
    hints: ClassVar[dict[str, str]] = {"study_domain": "study_domain"}
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


# ------------------------------------------------------------------ issue 15


def _date(required: bool = True) -> forms.DateField:
    return forms.DateField(required=required, widget=forms.DateInput(attrs={"type": "date"}))


class TenDayRequestForm(AccessibleForm):
    """Parses a 10-day scheme request; every rule (eligible years, at most 10 days, the
    period) is the service's."""

    hints: ClassVar[dict[str, str]] = {
        "offer": "ten_day_scheme",
        "curriculum_link": "curriculum_link",
    }

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
        "offer": (gettext_lazy("VDAB training centre and offer"), None),
        "teacher": (gettext_lazy("Teacher"), None),
        "class_group": (
            gettext_lazy("Class or group"),
            gettext_lazy("e.g. 6 Electrical engineering"),
        ),
        "year": (
            gettext_lazy("Year of the class"),
            gettext_lazy("Only certain years are eligible."),
        ),
        "learners": (gettext_lazy("Number of learners"), None),
        "days": (gettext_lazy("Number of lesson days (at most 10)"), None),
        "first_day": (gettext_lazy("First lesson day"), None),
        "last_day": (gettext_lazy("Last lesson day"), None),
        "curriculum_link": (
            gettext_lazy("Link with the curriculum"),
            gettext_lazy("Which competences does the class practise?"),
        ),
    }

    def __init__(self, *args: Any, offers: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", "—"), *ten_day_year_choices()]  # type: ignore[attr-defined]


class TenDayDecideForm(AccessibleForm):
    intro_on = _date(required=False)
    instructor_name = forms.CharField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    texts = {
        "intro_on": (gettext_lazy("Date of the introduction session"), None),
        "instructor_name": (
            gettext_lazy("VDAB instructor (optional)"),
            gettext_lazy("Fill in when VDAB provides an instructor."),
        ),
        "note": (
            gettext_lazy("Note (required when refusing)"),
            None,
        ),
    }


class PlacementForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"host_mentor": "mentor"}
    company = forms.ModelChoiceField(queryset=Organisation.objects.none())
    teacher = forms.ModelChoiceField(queryset=User.objects.none())
    tasks = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = _date()
    ends_on = _date()
    host_mentor = forms.CharField(required=False)
    replacement = forms.CharField()
    texts = {
        "company": (gettext_lazy("Company"), None),
        "teacher": (gettext_lazy("Teacher"), None),
        "tasks": (gettext_lazy("Tasks during the placement"), None),
        "starts_on": (gettext_lazy("Start"), None),
        "ends_on": (gettext_lazy("End"), None),
        "host_mentor": (
            gettext_lazy("Host mentor in the company"),
            gettext_lazy("The company may fill this in later."),
        ),
        "replacement": (
            gettext_lazy("Replacement at school"),
            gettext_lazy("Who takes over the lessons?"),
        ),
    }

    def __init__(self, *args: Any, companies: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]


class HybridJobForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"study_domain": "study_domain"}
    title = forms.CharField()
    hours_per_week = forms.IntegerField()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    study_domain = forms.ModelChoiceField(queryset=StudyDomain.objects.all(), required=False)
    starts_on = _date(required=False)
    texts = {
        "title": (
            gettext_lazy("Title"),
            gettext_lazy("e.g. Welding practice teacher"),
        ),
        "hours_per_week": (gettext_lazy("Hours a week"), None),
        "description": (gettext_lazy("Description"), None),
        "study_domain": (gettext_lazy("Study domain"), None),
        "starts_on": (pgettext_lazy("Vanaf", "From"), None),
    }


class CandidateForm(AccessibleForm):
    hints: ClassVar[dict[str, str]] = {"study_domain": "study_domain"}
    company = forms.ModelChoiceField(queryset=Organisation.objects.none())
    initials = forms.CharField()
    expertise = forms.CharField()
    study_domain = forms.ModelChoiceField(queryset=StudyDomain.objects.all(), required=False)
    texts = {
        "company": (gettext_lazy("Company"), None),
        "initials": (
            gettext_lazy("Initials"),
            gettext_lazy("No full name: contact runs through the company."),
        ),
        "expertise": (gettext_lazy("Expertise"), None),
        "study_domain": (gettext_lazy("Study domain"), None),
    }

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
