"""The one form base for every page, and the one way a service's refusal reaches a form.

Django 5.2 links a field to its help text and errors itself (`aria-describedby` naming
`<id>_helptext` and `<id>_error`, `aria-invalid` on a field with errors, the error list's
`id`). `AccessibleForm` keeps that intact (no widget sets its own `aria-describedby`) and
renders every field with one template, `brug/forms/field.html`, through `{{ field.as_field_group }}`.

The GOV.UK / Vlaanderen form pattern, once for every form (fields added by a subclass after
`__init__` included, as they are polished when first rendered or validated):

* a required field that was left empty says what to do: "Kies een opleiding", "Vul de naam in";
* a list never opens on Django's "---------": "Kies een optie", or "Alle" in a filter form;
* a required choice with one possible answer is preselected (a company with one site does not
  pick it); with none, `nothing_to_choose` lets the page say why instead of showing a form
  that cannot be sent;
* after a failed submit, the base template shows an error summary above the page that links to
  every field with an error and receives focus (`error_summary` in `templatetags/brug.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, cast

from django import forms
from django.contrib import messages
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property

from brug.core.errors import ServiceError
from brug.core.glossary import term_hint
from brug.core.i18n import Message, gettext_lazy

DJANGO_EMPTY_LABEL = "---------"
_POLISHED = "_brug_polished"


class BrugFormRenderer(DjangoTemplates):
    field_template_name = "brug/forms/field.html"


class AccessibleForm(forms.Form):
    """Base of every form on a page. `texts` gives translated labels and help texts, resolved
    per request: `{"field": (gettext_lazy(label), gettext_lazy(help) or None)}`.

    A dropdown never opens on Django's "---------": its empty choice says what to do,
    `empty_labels = {"programme": gettext_lazy("Choose a programme")}`, else "Choose…"."""

    default_renderer = BrugFormRenderer
    texts: ClassVar[dict[str, tuple[Message, Message | None]]] = {}
    # A filter form (search, lists): an optional list opens on "Alle" instead of "Geen keuze".
    filter_form: ClassVar[bool] = False
    # The empty choice of a list in words of its own ("Kies een opleiding") instead of
    # "Kies een optie".
    empty_labels: ClassVar[dict[str, Message]] = {}
    # Fields whose label is a domain term a person may not know: field name → glossary term
    # (`core.glossary.TERM_HINTS`); the hint becomes the field's help text unless it has one.
    hints: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in self.texts.items():
            self.fields[name].label = str(label)
            if help_text is not None:
                self.fields[name].help_text = str(help_text)

    def __getitem__(self, name: str) -> forms.BoundField:
        field = self.fields.get(name)
        if field is not None and name in self.hints and not field.help_text:
            field.help_text = str(term_hint(self.hints[name]))
        if field is not None:
            polish_field(
                field, filter_form=self.filter_form, empty_label=self.empty_labels.get(name)
            )
        return super().__getitem__(name)

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            polish_field(
                field, filter_form=self.filter_form, empty_label=self.empty_labels.get(name)
            )
        super().full_clean()

    @cached_property
    def nothing_to_choose(self) -> bool:
        """A required list without a single possible answer: the page shows why there is
        nothing to do instead of an action form that cannot be sent."""
        return bool(self.empty_choices)

    @cached_property
    def empty_choices(self) -> list[str]:
        """The labels of the required lists without a possible answer ("mentor")."""
        empty = []
        for field in self.fields.values():
            if not field.required or field.disabled or not isinstance(field, forms.ChoiceField):
                continue
            polish_field(field, filter_form=self.filter_form)
            if not _answers(field):
                empty.append(_label_for_message(field))
        return empty

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        value = super().get_initial_for_field(field, field_name)
        if (
            not self.is_bound
            and value in (None, "", [], ())
            and field.required
            and not field.disabled
        ):
            only = only_choice(field)
            if only is not None:
                multiple = isinstance(
                    field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
                )
                return [only] if multiple else only
        return value


def _choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    """The field's choices as the widget will render them, evaluated once: for a model choice
    field the one query the list costs anyway runs here, and the widget reuses the result."""
    choices = field.widget.choices
    if not isinstance(choices, list):
        # A comprehension, not list(): list() asks a ModelChoiceIterator for its length first,
        # which is a COUNT query of its own.
        choices = [choice for choice in cast("Iterable[tuple[Any, Any]]", choices)]  # noqa: C416
        field.widget.choices = choices
    return choices


def _answers(field: forms.ChoiceField) -> list[Any]:
    """The possible answers (not the empty choice, not group headings)."""
    return [
        getattr(value, "value", value)
        for value, label in _choices(field)
        if value not in ("", None) and not isinstance(label, list | tuple)
    ]


def _label_for_message(field: forms.Field) -> str:
    """The field's label inside a sentence: "Opleiding" → "opleiding" (not "RTC-regio")."""
    label = str(field.label or "").strip().rstrip(":")
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        label = label[0].lower() + label[1:]
    return label


def required_message(field: forms.Field) -> Message:
    """What to do when a required field is empty, in the GOV.UK manner."""
    label = _label_for_message(field)
    article = "an" if label[:1].lower() in "aeiou" else "a"
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return gettext_lazy("Choose at least one {label}", label=label)
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        if article == "an":
            return gettext_lazy("Choose an {label}", label=label)
        return gettext_lazy("Choose a {label}", label=label)
    if isinstance(field, forms.BooleanField):
        return gettext_lazy("Tick this box to continue")
    if isinstance(field, forms.FileField):
        return gettext_lazy("Choose a file")
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return gettext_lazy("Enter a date for {label}", label=label)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return gettext_lazy("Enter a number for {label}", label=label)
    return gettext_lazy("Enter {label}", label=label)


def polish_field(
    field: forms.Field, *, filter_form: bool = False, empty_label: Message | None = None
) -> None:
    """The form pattern on one field (once): an actionable message when it is left empty,
    and a list that does not open on "---------"."""
    if getattr(field, _POLISHED, False):
        return
    setattr(field, _POLISHED, True)
    default_required = forms.Field.default_error_messages["required"]
    if str(field.error_messages.get("required")) == str(default_required):
        field.error_messages["required"] = str(required_message(field))
    if empty_label is not None:
        empty = empty_label
    elif field.required:
        empty = gettext_lazy("Choose an option")
    elif filter_form:
        empty = gettext_lazy("All")
    else:
        empty = gettext_lazy("No choice")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = str(empty)
    elif isinstance(field, forms.ChoiceField) and not callable(field.choices):
        choices = _choices(field)
        # A filter's empty choice means "all", however the form wrote it ("–", "---------").
        blanks = {DJANGO_EMPTY_LABEL, "–", "-", ""} if filter_form else {DJANGO_EMPTY_LABEL}
        if any(value == "" and label in blanks for value, label in choices):
            field.choices = [
                (value, str(empty) if value == "" and label in blanks else label)
                for value, label in choices
            ]


def only_choice(field: forms.Field) -> Any | None:
    """The one possible answer of a choice field, or None when there are none or several."""
    if not isinstance(field, forms.ChoiceField):
        return None
    answers = _answers(field)
    return answers[0] if len(answers) == 1 else None


def form_add_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a service's refusal on the form: on its field when the form has that field,
    otherwise above the form. The message is in the visitor's language."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.text))


def form_service_post(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], object],
    *,
    done: Message | None,
    success_url: str | Callable[[Any], str],
    again: Callable[[], HttpResponse],
) -> HttpResponse:
    """The one shape of a POST handler: a valid form goes to the service (`call` gets the
    cleaned data); on success a message (`done`; None where the page it leads to shows the
    result itself) and a redirect to `success_url` (or, when it is a function, to the address
    it gives for what `call` returned: the new record's page); a refusal goes on the form
    (`form_add_service_error`) and `again()` shows the page with it again."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            if done is not None:
                messages.success(request, str(done))
            return redirect(success_url if isinstance(success_url, str) else success_url(result))
    return again()


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
