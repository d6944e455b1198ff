"""The government form pattern, once in core: messages that say what to do, no "---------",
a single possible choice preselected, and an error summary that links to each field."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from brug.core.forms import AccessibleForm
from brug.core.i18n import by_language
from brug.registry.models import Organisation
from brug.registry.tests.factories import OrganisationFactory


class _Form(AccessibleForm):
    texts = {
        "name": (by_language({"nl": "Naam", "en": "Name"}), None),
        "kind": (
            by_language({"nl": "Soort", "en": "Kind"}),
            by_language({"nl": "Kies de vorm van leren.", "en": "Choose the kind of learning."}),
        ),
        "start": (by_language({"nl": "Startdatum", "en": "Start date"}), None),
        "agree": (by_language({"nl": "Ik ga akkoord", "en": "I agree"}), None),
    }
    name = forms.CharField(max_length=50)
    kind = forms.ChoiceField(choices=[("", "---------"), ("dual", "Duaal")])
    start = forms.DateField()
    agree = forms.BooleanField()

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added after __init__, as many forms do: the pattern still applies.
        self.fields["organisation"] = forms.ModelChoiceField(organisations, label="Opleiding")
        self.fields["note"] = forms.ModelChoiceField(organisations, required=False, label="Noot")


class _Filter(AccessibleForm):
    filter_form = True
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A"), ("b", "B")], required=False)


@pytest.mark.django_db
def test_required_messages_say_what_to_do() -> None:
    OrganisationFactory.create_batch(2)
    form = _Form(data={}, organisations=Organisation.objects.all())
    assert not form.is_valid()
    assert form.errors["organisation"] == ["Kies een opleiding"]
    assert form.errors["name"] == ["Vul naam in"]
    assert form.errors["start"] == ["Vul een datum in bij startdatum"]
    assert form.errors["agree"] == ["Vink dit aan om verder te gaan"]
    with translation.override("en"):
        form = _Form(data={}, organisations=Organisation.objects.all())
        form.is_valid()
        assert form.errors["kind"] == ["Choose a kind"]


@pytest.mark.django_db
def test_no_list_opens_on_dashes_and_a_single_choice_is_preselected() -> None:
    only = OrganisationFactory.create()
    form = _Form(organisations=Organisation.objects.filter(pk=only.pk))
    html = str(form["organisation"]) + str(form["kind"]) + str(form["note"])
    assert "---------" not in html
    assert "Kies een optie" in html and "Geen keuze" in html
    assert f'<option value="{only.pk}" selected>' in str(form["organisation"])
    # "kind" has one real choice: preselected as well.
    assert '<option value="dual" selected>' in str(form["kind"])
    # Two possible answers: the person chooses.
    OrganisationFactory.create()
    form = _Form(organisations=Organisation.objects.all())
    assert str(form["organisation"]).count(" selected>") == 1
    assert '<option value="" selected>Kies een optie</option>' in str(form["organisation"])
    assert "Alle" in str(_Filter()["kind"])


@pytest.mark.django_db
def test_error_summary_links_to_each_field_and_takes_the_focus() -> None:
    OrganisationFactory.create_batch(2)
    form = _Form(
        data={"name": "x", "start": "2026-09-01", "agree": "on"},
        organisations=Organisation.objects.all(),
    )
    assert not form.is_valid()
    request = RequestFactory().post("/")
    html = Template(
        "{% load brug %}{% form_failed as failed %}{{ failed }}{% error_summary %}"
    ).render(Context({"form": form, "request": request}))
    assert html.startswith("True")
    assert 'class="error-summary" tabindex="-1"' in html and "data-focus-on-load" in html
    assert '<a href="#id_kind">Kies een soort</a>' in html
    assert '<a href="#id_organisation">Kies een opleiding</a>' in html
    # An unbound form: no summary at all.
    html = Template("{% load brug %}{% error_summary %}").render(
        Context({"form": _Form(organisations=Organisation.objects.all())})
    )
    assert "error-summary" not in html


def test_table_region_is_focusable_and_named_by_its_caption() -> None:
    html = Template(
        "{% load brug %}{% table_region %}<table><caption>Tekorten</caption></table>"
        "{% end_table_region %}{% table_region %}<table><thead><tr><th>Naam</th><th>Rol</th>"
        "</tr></thead></table>{% end_table_region %}"
    ).render(Context({"request": RequestFactory().get("/")}))
    assert (
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="table-1-caption">'
        '<table><caption id="table-1-caption">Tekorten</caption>' in html
    )
    assert 'role="region" tabindex="0" aria-label="Tabel: Naam, Rol"' in html


class _HintedForm(AccessibleForm):
    hints = {"capacity": "capacity", "places": "places"}
    capacity = forms.IntegerField(label="Capaciteit")
    places = forms.IntegerField(label="Aantal plaatsen", help_text="Eigen uitleg")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"] = forms.CharField(label="Mentor")
        self.hints = {**self.hints, "mentor": "mentor"}


def test_a_domain_term_gets_its_glossary_hint_linked_to_the_field() -> None:
    with translation.override("nl"):
        html = str(
            Template("{% for f in form %}{{ f.as_field_group }}{% endfor %}").render(
                Context({"form": _HintedForm()})
            )
        )
    # The hint is rendered under the label and named by the field's aria-describedby.
    assert 'id="id_capacity_helptext"' in html
    assert 'aria-describedby="id_capacity_helptext"' in html
    assert "Hoeveel mensen er ten hoogste kunnen deelnemen." in html
    assert "De persoon op de werkplek die de lerende opleidt." in html  # a field added later
    assert "Eigen uitleg" in html  # a field's own help text wins


def test_every_hint_names_a_glossary_term() -> None:
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    from brug.core.glossary import TERM_HINTS

    for config in apps.get_app_configs():
        for module in ("forms", "forms_guidance"):
            if config.name.startswith("brug.") and find_spec(f"{config.name}.{module}"):
                import_module(f"{config.name}.{module}")

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    forms_with_hints = [c for c in subclasses(AccessibleForm) if c.hints]
    assert len(forms_with_hints) > 15  # the apps' forms are imported and hinted
    unknown = {
        f"{c.__module__}.{c.__name__}: {term}"
        for c in forms_with_hints
        for term in c.hints.values()
        if term not in TERM_HINTS
    }
    assert not unknown


class _Named(AccessibleForm):
    texts = {"name": (by_language({"nl": "Naam", "en": "Name"}), None)}
    name = forms.CharField(max_length=50)


def _post(data: dict[str, str]) -> Any:
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/x/", data)
    setattr(request, "session", {})  # noqa: B010
    setattr(request, "_messages", FallbackStorage(request))  # noqa: B010
    return request


def test_form_service_post_redirects_to_the_address_of_what_the_service_returned() -> None:
    from django.http import HttpResponse

    from brug.core.errors import ServiceError
    from brug.core.forms import form_service_post

    shown: list[Any] = []

    def again() -> HttpResponse:
        shown.append(form)
        return HttpResponse("again")

    form = _Named(data={"name": "Lassen"})
    response = form_service_post(
        _post({"name": "Lassen"}),
        form,
        lambda data: {"pk": 7, "name": data["name"]},
        done=by_language({"nl": "Bewaard.", "en": "Saved."}),
        success_url=lambda made: f"/offers/{made['pk']}/",
        again=again,
    )
    assert response.status_code == 302 and response["Location"] == "/offers/7/"
    assert not shown

    def refuse(data: dict[str, Any]) -> None:
        raise ServiceError(
            by_language({"nl": "Bestaat al.", "en": "Exists already."}),
            code="duplicate",
            field="name",
        )

    form = _Named(data={"name": "Lassen"})
    response = form_service_post(
        _post({"name": "Lassen"}),
        form,
        refuse,
        done=by_language({"nl": "Bewaard.", "en": "Saved."}),
        success_url=lambda made: f"/offers/{made['pk']}/",
        again=again,
    )
    assert response.content == b"again" and shown == [form]
    assert form.errors["name"] == ["Bestaat al."]


def test_form_service_post_without_a_message_only_redirects() -> None:
    """`done=None`: the page it leads to shows the result itself (a new record's own page)."""
    from django.contrib.messages import get_messages
    from django.http import HttpResponse

    from brug.core.forms import form_service_post

    request = _post({"name": "Lassen"})
    response = form_service_post(
        request,
        _Named(data={"name": "Lassen"}),
        lambda data: 7,
        done=None,
        success_url=lambda pk: f"/offers/{pk}/",
        again=lambda: HttpResponse("again"),
    )
    assert response.status_code == 302 and response["Location"] == "/offers/7/"
    assert list(get_messages(request)) == []
    with_message = _post({"name": "Lassen"})
    form_service_post(
        with_message,
        _Named(data={"name": "Lassen"}),
        lambda data: 7,
        done=by_language({"nl": "Bewaard.", "en": "Saved."}),
        success_url="/offers/",
        again=lambda: HttpResponse("again"),
    )
    assert [str(m) for m in get_messages(with_message)] == ["Bewaard."]
