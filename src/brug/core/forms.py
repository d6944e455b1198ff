"""The one form base for every page, and the one way a service's refusal reaches a form.

Django 5.2 links a field to its help text and errors itself (`aria-describedby` naming
`<id>_helptext` and `<id>_error`, `aria-invalid` on a field with errors, the error list's
`id`). `AccessibleForm` keeps that intact (no widget sets its own `aria-describedby`) and
renders every field with one template, `brug/forms/field.html`, through `{{ field.as_field_group }}`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.renderers import DjangoTemplates

from brug.core.errors import ServiceError
from brug.core.i18n import Message


class BrugFormRenderer(DjangoTemplates):
    field_template_name = "brug/forms/field.html"


class AccessibleForm(forms.Form):
    """Base of every form on a page. `texts` gives labels and help texts in both languages
    (`Text`), resolved per request: `{"field": (t(label), t(help) or None)}`."""

    default_renderer = BrugFormRenderer
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in self.texts.items():
            self.fields[name].label = str(label)
            if help_text is not None:
                self.fields[name].help_text = str(help_text)


def form_add_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a service's refusal on the form: on its field when the form has that field,
    otherwise above the form. The message is in the visitor's language."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.text))
