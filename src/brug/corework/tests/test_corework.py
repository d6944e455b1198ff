from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry
from brug.core.tabular import MAX_UPLOAD_BYTES
from brug.corework import models as m
from brug.corework import reports, services
from brug.corework.tests.factories import TrainingRecordFactory
from brug.covenants.tests import factories as cf

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 5, 1)


def _fund() -> tuple[Any, Any]:
    covenant = cf.CovenantFactory()
    return covenant, user_with_role("consultant", organisation=covenant.sector_fund)


def _save(covenant: Any, actor: Any, **kwargs: Any) -> tuple[m.TrainingRecord, str]:
    values: dict[str, Any] = {
        "year": 2021,
        "quarter": 2,
        "training_hours": "250,5",
        "dossiers": "12",
        "participants": "80",
        "employees": "2000",
        "channel": "form",
        "today": TODAY,
    }
    values.update(kwargs)
    return services.training_record_save(actor=actor, covenant=covenant, **values)


def test_one_quarter_recorded_once_and_corrected_not_duplicated() -> None:
    covenant, consultant = _fund()
    record, outcome = _save(covenant, consultant)
    assert outcome == "created" and record.training_hours == Decimal("250.5")
    assert _save(covenant, consultant)[1] == "unchanged"
    record, outcome = _save(covenant, consultant, participants="90", channel="api")
    assert outcome == "updated" and record.channel == "api"
    assert m.TrainingRecord.objects.count() == 1
    assert AuditEntry.objects.filter(verb__startswith="corework.training_").count() == 2


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"quarter": "5"}, "bad_number"),
        ({"quarter": "x"}, "bad_number"),
        ({"year": "1999"}, "bad_number"),
        ({"year": 2020}, "quarter_out_of_period"),
        ({"year": 2022, "quarter": 3}, "quarter_out_of_period"),  # not started on TODAY
        ({"training_hours": "-1"}, "bad_hours"),
        ({"training_hours": "NaN"}, "bad_hours"),
        ({"training_hours": "1e12"}, "bad_hours"),
        ({"training_hours": "1.25"}, "bad_hours"),
        ({"dossiers": "2.5"}, "bad_number"),
        ({"participants": ""}, "bad_number"),
        ({"employees": "0"}, "bad_number"),
        ({"participants": "3000"}, "participants_over_employees"),
        ({"channel": "fax"}, "bad_channel"),
    ],
)
def test_bad_input_changes_nothing(changes: dict[str, Any], code: str) -> None:
    covenant, consultant = _fund()
    with pytest.raises(ServiceError) as exc:
        _save(covenant, consultant, **changes)
    assert exc.value.code == code
    assert not m.TrainingRecord.objects.exists()


def test_only_the_fund_records_its_core_work() -> None:
    covenant, _ = _fund()
    for role in ("department_work", "consultant", "education_council", "company_contact"):
        with pytest.raises(NotAllowed):
            _save(covenant, user_with_role(role))
    assert not m.TrainingRecord.objects.exists()


def test_database_backstops() -> None:
    record = TrainingRecordFactory(quarter=1)
    for field, value in (("participants", 5000), ("quarter", 7), ("employees", 0)):
        with pytest.raises(IntegrityError), transaction.atomic():
            m.TrainingRecord.objects.filter(pk=record.pk).update(**{field: value})


class TestReach(TestCase):
    """Whatever is typed, a stored record has a reach between 0 and 100 %."""

    @settings(max_examples=30, deadline=None)
    @given(participants=st.integers(-5, 3000), employees=st.integers(-5, 3000))
    def test_reach_bounded(self, participants: int, employees: int) -> None:
        covenant, consultant = _fund()
        try:
            record, _ = _save(covenant, consultant, participants=participants, employees=employees)
        except ServiceError:
            assert not m.TrainingRecord.objects.filter(covenant=covenant).exists()
            return
        figures = reports.quarterly_report([record], 2021, 2)
        assert figures is not None
        reach = next(f for f in figures if f.unit == "%")
        assert reach.value is not None and 0 <= reach.value <= 100


def test_every_report_comes_from_the_same_records_and_says_what_is_computed() -> None:
    covenant, consultant = _fund()
    _save(covenant, consultant, quarter=1, training_hours="100", participants="50")
    _save(covenant, consultant, quarter=2, training_hours="200", participants="150")
    records = list(m.TrainingRecord.objects.order_by("quarter"))
    quarterly = reports.quarterly_report(records, 2021, 2)
    assert quarterly is not None
    by_label = {f.label.resolve("en"): f for f in quarterly}
    assert by_label["Training hours"].kind == reports.TYPED
    assert by_label["Reach"].kind == reports.COMPUTED and by_label["Reach"].value == Decimal("7.5")
    assert by_label["Training hours this year to date"].value == Decimal("300")
    evaluation = {
        f.label.resolve("en"): f for f in reports.evaluation_report(covenant, records, TODAY)
    }
    assert evaluation["Training hours"].value == Decimal("300")
    assert evaluation["Participations"].value == 200
    assert (
        evaluation["Quarters reported"].value == 2 and evaluation["Quarters reported"].unit == "/ 6"
    )
    analysis = reports.analysis(user_with_role("education_council"), covenant.generation)
    assert analysis.sectors == 1
    assert {f.label.resolve("en"): f.value for f in analysis.figures}["Participations"] == 200
    assert all(f.kind == reports.COMPUTED for f in analysis.figures)


def test_form_import_and_api_all_record_the_same_way() -> None:
    covenant, consultant = _fund()
    client = Client()
    client.force_login(consultant)
    response = client.post(
        "/kernwerking/",
        {
            "covenant": covenant.pk,
            "year": "2021",
            "quarter": "1",
            "training_hours": "10",
            "dossiers": "1",
            "participants": "5",
            "employees": "100",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    header = "generatie;sector;jaar;kwartaal;opleidingsuren;dossiers;deelnemers;werknemers\n"
    good = f"{covenant.generation.code};{covenant.sector.code};2021;2;20;2;10;100\n"
    bad = f"{covenant.generation.code};{covenant.sector.code};2021;3;20;2;500;100\n"
    response = client.post(
        "/kernwerking/import/",
        {"file": SimpleUploadedFile("k.csv", (header + good + bad).encode())},
    )
    assert response.status_code == 400 and "werknemers" in response.content.decode()
    assert m.TrainingRecord.objects.count() == 1  # all rows or none
    response = client.post(
        "/kernwerking/import/", {"file": SimpleUploadedFile("k.csv", (header + good).encode())}
    )
    assert response.status_code == 302
    response = client.post(
        "/kernwerking/import/", {"file": SimpleUploadedFile("k.csv", b"\x00\xff")}
    )
    assert response.status_code == 400
    too_large = (header + good).encode().ljust(MAX_UPLOAD_BYTES + 1, b"\n")
    response = client.post("/kernwerking/import/", {"file": SimpleUploadedFile("k.csv", too_large)})
    assert response.status_code == 400 and "te groot" in response.content.decode()
    api = APIClient()
    api.force_authenticate(consultant)
    body = {
        "covenant": covenant.pk,
        "year": "2021",
        "quarter": "3",
        "training_hours": "30",
        "dossiers": "3",
        "participants": "15",
        "employees": "100",
    }
    assert api.post("/api/corework/trainings/", body, format="json").status_code == 201
    assert api.post("/api/corework/trainings/", body, format="json").status_code == 200
    bad_body = {**body, "participants": "x"}
    response = api.post("/api/corework/trainings/", bad_body, format="json")
    assert response.status_code == 400 and {"detail_nl", "detail_en"} <= set(response.json())
    assert sorted(m.TrainingRecord.objects.values_list("quarter", "channel")) == [
        (1, "form"),
        (2, "import"),
        (3, "api"),
    ]
    page = client.get(
        f"/kernwerking/convenant/{covenant.pk}/?jaar=2021&kwartaal=2"
    ).content.decode()
    assert "berekend" in page and "ingevoerd" in page and "Rekenblad" in page


def test_outsiders() -> None:
    covenant, _consultant = _fund()
    record = TrainingRecordFactory(covenant=covenant)
    other = Client()
    other.force_login(user_with_role("consultant"))
    page = other.get("/kernwerking/")
    assert page.status_code == 200 and f"K{record.quarter}</td>" not in page.content.decode()
    response = other.post(
        "/kernwerking/",
        {
            "covenant": covenant.pk,
            "year": "2021",
            "quarter": "1",
            "training_hours": "1",
            "dossiers": "1",
            "participants": "1",
            "employees": "10",
        },
    )
    assert response.status_code == 400  # not one of its covenants
    for role in ("company_contact", "network_staff"):
        c = Client()
        c.force_login(user_with_role(role))
        assert c.get("/kernwerking/").status_code == 403
        assert c.get("/kernwerking/import/").status_code == 403
        assert c.get("/kernwerking/analyse/").status_code == 403
    api = APIClient()
    api.force_authenticate(user_with_role("consultant"))
    assert api.get(f"/api/corework/trainings/{record.pk}/").status_code == 404
    assert APIClient().get("/api/corework/trainings/").status_code in (401, 403)
    assert m.TrainingRecord.objects.count() == 1


def test_query_budgets() -> None:
    covenant, _consultant = _fund()
    client = Client()
    client.force_login(user_with_role("department_work"))
    api = APIClient()
    api.force_authenticate(user_with_role("department_work"))
    TrainingRecordFactory(covenant=covenant, quarter=1)

    def count() -> list[int]:
        out = []
        for c, url in (
            (client, "/kernwerking/"),
            (api, "/api/corework/trainings/"),
            (client, f"/kernwerking/convenant/{covenant.pk}/"),
            (client, f"/kernwerking/analyse/?generatie={covenant.generation.code}"),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    count()
    few = count()
    for q in (2, 3, 4):
        TrainingRecordFactory(covenant=covenant, quarter=q)
    for _ in range(4):
        TrainingRecordFactory(
            covenant=cf.CovenantFactory(generation=covenant.generation), quarter=1
        )
    assert count() == few


def test_demo_records_only_on_the_demo_generation_and_labelled() -> None:
    from brug.core.demo import SCALES, DemoContext
    from brug.corework.demo import demo_trainings

    demo_generation = cf.GenerationFactory(
        code="demo-huidig", starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2022, 12, 31)
    )
    real = cf.GenerationFactory(code="2021-2022")
    demo_covenant = cf.CovenantFactory(generation=demo_generation, is_demo=True)
    cf.CovenantFactory(generation=real)
    ctx = DemoContext(scale=SCALES["small"], seed=3)
    demo_trainings(ctx)
    records = m.TrainingRecord.objects.all()
    assert records.count() == 8 and all(r.is_demo for r in records)
    assert set(records.values_list("covenant_id", flat=True)) == {demo_covenant.pk}
    assert all(r.participants <= r.employees for r in records)
    demo_trainings(ctx)
    assert m.TrainingRecord.objects.count() == 8
    client = Client()
    client.force_login(user_with_role("department_work"))
    page = client.get(f"/kernwerking/convenant/{demo_covenant.pk}/").content.decode()
    assert "demo, illustratief" in page


@pytest.mark.django_db
def test_the_record_form_saves_with_a_message_and_shows_a_refusal_on_its_field() -> None:
    covenant, consultant = _fund()
    client = Client()
    client.force_login(consultant)
    values = {
        "covenant": covenant.pk,
        "year": "2021",
        "quarter": "1",
        "training_hours": "10",
        "dossiers": "1",
        "participants": "500",
        "employees": "100",
    }
    # The service refuses: the page again, with the refusal on the participants field.
    response = client.post("/kernwerking/", values)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er kunnen niet meer deelnemers zijn dan werknemers in de sector." in html
    assert 'aria-describedby="id_participants_error"' in html
    assert not m.TrainingRecord.objects.exists()
    # An invalid form: the page again, nothing saved.
    assert client.post("/kernwerking/", {**values, "year": ""}).status_code == 400
    response = client.post("/kernwerking/", {**values, "participants": "5"})
    assert response.status_code == 302 and response["Location"] == "/kernwerking/"
    assert [str(x) for x in get_messages(response.wsgi_request)] == ["Opgeslagen."]
    assert m.TrainingRecord.objects.count() == 1
    # Someone who may see but not record the figures cannot post.
    department = Client()
    department.force_login(user_with_role("department_work"))
    assert department.get("/kernwerking/").status_code == 200
    assert department.post("/kernwerking/", values).status_code == 403
