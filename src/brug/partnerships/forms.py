"""Forms of the partnership pages only parse input; the services decide."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.partnerships.labels import KIND_LABELS
from brug.registry.models import Province, StudyDomain


class PartnershipForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "kind": (gettext_lazy("Kind of partnership"), None),
        "title": (gettext_lazy("Name"), None),
        "goal": (
            gettext_lazy("Goal"),
            gettext_lazy("What does the partnership want to achieve?"),
        ),
        "theme": (
            gettext_lazy("Theme"),
            gettext_lazy("For example: renewable energy, care, Industry 4.0"),
        ),
        "description": (gettext_lazy("Description"), None),
        "results": (
            gettext_lazy("Results"),
            gettext_lazy("What did the partnership deliver (material, trainings, places)?"),
        ),
        "start": (pgettext_lazy("Start", "Start"), None),
        "end": (
            gettext_lazy("End"),
            gettext_lazy("Empty for an ongoing partnership"),
        ),
        "province": (gettext_lazy("Province"), None),
        "study_domains": (gettext_lazy("Study domains"), None),
        "url": (gettext_lazy("Website"), None),
        "is_published": (
            gettext_lazy("Visible in the public register"),
            None,
        ),
    }
    kind = forms.ChoiceField(choices=())
    title = forms.CharField(max_length=1000)
    goal = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    theme = forms.CharField(max_length=1000)
    description = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    results = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    province: forms.ModelChoiceField[Province] = forms.ModelChoiceField(
        queryset=Province.objects.order_by("name_nl"), required=False
    )
    study_domains: forms.ModelMultipleChoiceField[StudyDomain] = forms.ModelMultipleChoiceField(
        queryset=StudyDomain.objects.order_by("name"), required=False
    )
    url = forms.CharField(max_length=1000, required=False)
    is_published = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, str(v)) for k, v in KIND_LABELS.items()]  # type: ignore[attr-defined]


class MemberForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "organisation": (
            gettext_lazy("Organisation (exact name or enterprise number)"),
            None,
        ),
        "role": (gettext_lazy("Role in the partnership"), None),
    }
    organisation = forms.CharField(max_length=300)
    role = forms.CharField(max_length=1000, required=False)


class DecisionForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "decided_on": (gettext_lazy("Date"), None),
        "subject": (gettext_lazy("Subject"), None),
        "decision": (gettext_lazy("Decision"), None),
    }
    decided_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(max_length=1000)
    decision = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
