"""Forms of the partnership pages only parse input; the services decide."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from brug.core.forms import AccessibleForm
from brug.core.i18n import Text, t
from brug.partnerships.labels import KIND_LABELS
from brug.registry.models import Province, StudyDomain


class PartnershipForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Text, Text | None]]] = {
        "kind": (t("Soort samenwerking", "Kind of partnership"), None),
        "title": (t("Naam", "Name"), None),
        "goal": (
            t("Doel", "Goal"),
            t("Wat wil de samenwerking bereiken?", "What does the partnership want to achieve?"),
        ),
        "theme": (
            t("Thema", "Theme"),
            t(
                "Bijvoorbeeld: hernieuwbare energie, zorg, Industrie 4.0",
                "For example: renewable energy, care, Industry 4.0",
            ),
        ),
        "description": (t("Beschrijving", "Description"), None),
        "results": (
            t("Resultaten", "Results"),
            t(
                "Wat leverde de samenwerking op (materiaal, opleidingen, plaatsen)?",
                "What did the partnership deliver (material, trainings, places)?",
            ),
        ),
        "start": (t("Start", "Start"), None),
        "end": (
            t("Einde", "End"),
            t("Leeg voor een lopende samenwerking", "Empty for an ongoing partnership"),
        ),
        "province": (t("Provincie", "Province"), None),
        "study_domains": (t("Studiedomeinen", "Study domains"), None),
        "url": (t("Website", "Website"), None),
        "is_published": (
            t("Zichtbaar in het openbare register", "Visible in the public register"),
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
    texts: ClassVar[dict[str, tuple[Text, Text | None]]] = {
        "organisation": (
            t(
                "Organisatie (exacte naam of ondernemingsnummer)",
                "Organisation (exact name or enterprise number)",
            ),
            None,
        ),
        "role": (t("Rol in de samenwerking", "Role in the partnership"), None),
    }
    organisation = forms.CharField(max_length=300)
    role = forms.CharField(max_length=1000, required=False)


class DecisionForm(AccessibleForm):
    texts: ClassVar[dict[str, tuple[Text, Text | None]]] = {
        "decided_on": (t("Datum", "Date"), None),
        "subject": (t("Onderwerp", "Subject"), None),
        "decision": (t("Beslissing", "Decision"), None),
    }
    decided_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(max_length=1000)
    decision = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
