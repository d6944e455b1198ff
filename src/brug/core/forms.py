"""The one form base for every page, and the one way a service's refusal reaches a form.

Django 5.2 links a field to its help text and errors itself (`aria-describedby` naming
`<id>_helptext` and `<id>_error`, `aria-invalid` on a field with errors, the error list's
`id`). `AccessibleForm` keeps that intact (no widget sets its own `aria-describedby`) and
renders every field with one template, `brug/forms/field.html`, through `{{ field.as_field_group }}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django import forms
from django.forms.renderers import DjangoTemplates

from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy

DJANGO_EMPTY_LABEL = "---------"
CHOOSE = gettext_lazy("Choose…")


class BrugFormRenderer(DjangoTemplates):
    field_template_name = "brug/forms/field.html"


class AccessibleForm(forms.Form):
    """Base of every form on a page. `texts` gives translated labels and help texts, resolved
    per request: `{"field": (gettext_lazy(label), gettext_lazy(help) or None)}`.

    A dropdown never opens on Django's "---------": its empty choice says what to do,
    `empty_labels = {"programme": gettext_lazy("Choose a programme")}`, else "Choose…"."""

    default_renderer = BrugFormRenderer
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {}
    empty_labels: ClassVar[dict[str, Message]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in self.texts.items():
            self.fields[name].label = str(label)
            if help_text is not None:
                self.fields[name].help_text = str(help_text)

    def __getitem__(self, name: str) -> forms.BoundField:
        # At render time, so fields added after __init__ get the label too.
        if name in self.fields:
            _label_empty_choice(self.fields[name], self.empty_labels.get(name, CHOOSE))
        return super().__getitem__(name)


def _label_empty_choice(field: forms.Field, label: Message) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = str(label)
    elif isinstance(field, forms.ChoiceField):
        choices: list[Any] = list(cast("Iterable[Any]", field.choices))
        if choices and choices[0][0] in ("", None) and choices[0][1] == DJANGO_EMPTY_LABEL:
            field.choices = [("", str(label)), *choices[1:]]


def form_add_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a service's refusal on the form: on its field when the form has that field,
    otherwise above the form. The message is in the visitor's language."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.text))


class SavedSearchForm(AccessibleForm):
    """Save the search on the page: its kind and criteria come as hidden fields."""

    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {
        "name": (gettext_lazy("Name of the search"), None),
        "mail": (
            gettext_lazy("E-mail when something new appears"),
            gettext_lazy("You always get a notification in Brug; an e-mail only if you choose so."),
        ),
    }
    kind = forms.CharField(widget=forms.HiddenInput, max_length=40)
    criteria = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    name = forms.CharField(max_length=120)
    mail = forms.ChoiceField(choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mail = self.fields["mail"]
        assert isinstance(mail, forms.ChoiceField)
        mail.choices = [
            ("none", str(gettext_lazy("No e-mail"))),
            ("instant", str(gettext_lazy("At once"))),
            ("daily", str(gettext_lazy("Daily digest"))),
        ]
