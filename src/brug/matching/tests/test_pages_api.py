from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.models import Job
from brug.matching import services
from brug.matching.models import MatchingRound, RoundMode, RoundResult, RoundStatus
from brug.matching.tests.test_services import computed, opened

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def published(world: Any) -> Any:
    rnd = computed(world)
    services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    rnd.refresh_from_db()
    return rnd


def test_guide_sees_preview_with_both_modes(world: Any) -> None:
    rnd = computed(world)
    page = client_for(world.guide).get(reverse("matching:round_detail", args=[rnd.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1") == 1
    assert "Eerlijkheid" in html and "Maximale plaatsing plaatst" in html
    assert 'name="mode"' in html  # the publish form


def test_publish_through_the_page(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    rnd = computed(world)
    client = client_for(world.guide)
    url = reverse("matching:round_publish", args=[rnd.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"mode": "coverage"})
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED and rnd.mode == "coverage"
    assert rnd.last_job is not None and rnd.last_job.kind == "matching.publish"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"mode": "stable"})
    rnd.refresh_from_db()
    assert rnd.mode == "coverage"


def test_learner_ranks_on_its_page(world: Any) -> None:
    rnd = opened(world)
    client = client_for(world.learner_user)
    url = reverse("matching:preferences", args=[rnd.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'for="id_choice_1"' in page.content.decode()
    client.post(url, {"choice_1": world.openings[2].pk, "choice_2": world.openings[0].pk})
    ranked = list(
        rnd.preferences.filter(learner=world.learners[0]).values_list("opening_id", flat=True)
    )
    assert ranked == [world.openings[2].pk, world.openings[0].pk]
    # another learner's list is not reachable
    other = client.get(url + f"?learner={world.learners[1].pk}")
    assert other.status_code == 404


def test_learner_sees_result_and_explanation(world: Any) -> None:
    rnd = published(world)
    page = client_for(world.learner_user).get(reverse("matching:my_result", args=[rnd.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lotnummer" in html
    assert str(RoundResult.objects.get(round=rnd, learner=world.learners[0]).lottery_number) in html


def test_company_sees_only_pseudonyms_at_its_openings(world: Any) -> None:
    rnd = published(world)
    html = (
        client_for(world.company_user)
        .get(reverse("matching:round_detail", args=[rnd.pk]))
        .content.decode()
    )
    ours = RoundResult.objects.filter(round=rnd, opening=world.openings[0])
    assert ours.exists()
    for result in RoundResult.objects.filter(round=rnd):
        assert (result.learner.pseudonym in html) == (result.opening_id == world.openings[0].pk)
    assert "Eerlijkheid" not in html  # no preview for companies
    api = client_for(world.company_user).get("/api/matching/results/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert {r["opening"] for r in rows} == {world.openings[0].pk}
    assert all(r["explanation"] is None for r in rows)


@pytest.mark.parametrize(
    "role",
    ["public", "teacher", "vdab_staff", "department_work", "company_contact", "learner", "guide"],
)
def test_outsiders_get_nothing(world: Any, role: str) -> None:
    rnd = published(world)
    user = None if role == "public" else user_with_role(role)
    client = client_for(user)
    for name in ("round_detail", "preferences", "my_result"):
        response = client.get(reverse(f"matching:{name}", args=[rnd.pk]))
        assert response.status_code in (302, 403, 404), (name, response.status_code)
    for name in ("round_open", "round_close", "round_run", "round_publish"):
        response = client.post(reverse(f"matching:{name}", args=[rnd.pk]), {"mode": "stable"})
        assert response.status_code in (302, 403, 404)
    assert rnd.results.count() == 5
    for path in ("rounds", "preferences", "results"):
        response = client.get(f"/api/matching/{path}/")
        if response.status_code == 200:
            data = response.json()
            assert (data["results"] if isinstance(data, dict) else data) == []
        else:
            assert response.status_code in (401, 403)
    response = client.post(f"/api/matching/rounds/{rnd.pk}/run/")
    assert response.status_code in (401, 403, 404)
    response = client.post(
        f"/api/matching/rounds/{rnd.pk}/publish/",
        {"mode": "stable"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403, 404)


def test_outsider_list_page(world: Any) -> None:
    computed(world)
    assert client_for(None).get(reverse("matching:round_list")).status_code in (302, 403)
    page = client_for(user_with_role("guide")).get(reverse("matching:round_list"))
    assert page.status_code == 200 and "Najaarsronde" not in page.content.decode()


def test_api_preferences_run_publish(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    rnd = opened(world)
    learner_api = client_for(world.learner_user)
    response = learner_api.post(
        "/api/matching/preferences/",
        {"round": rnd.pk, "openings": [world.openings[1].pk]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    bad = learner_api.post(
        "/api/matching/preferences/",
        {"round": rnd.pk, "openings": [world.openings[1].pk, world.openings[1].pk]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "duplicate"
    assert bad.json()["detail_nl"] and bad.json()["detail_en"]
    mine = learner_api.get("/api/matching/preferences/").json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert [r["opening"] for r in rows] == [world.openings[1].pk]

    from brug.matching.tests import factories as f

    rnd = f.past_deadlines(rnd)
    services.round_close(actor=world.guide, rnd=rnd)
    guide_api = client_for(world.guide)
    assert learner_api.post(f"/api/matching/rounds/{rnd.pk}/run/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = guide_api.post(f"/api/matching/rounds/{rnd.pk}/run/")
    assert response.status_code == 202
    with django_capture_on_commit_callbacks(execute=True):
        response = guide_api.post(
            f"/api/matching/rounds/{rnd.pk}/publish/",
            {"mode": "stable"},
            content_type="application/json",
        )
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert job.kind == "matching.publish" and job.status == "succeeded", job.error
    assert job.result["placed"] == 1 and job.result_url.endswith(f"/rondes/{rnd.pk}/")
    again = guide_api.post(
        f"/api/matching/rounds/{rnd.pk}/publish/",
        {"mode": "stable"},
        content_type="application/json",
    )
    assert again.status_code == 400 and again.json()["code"] == "already_published"
    own = learner_api.get("/api/matching/results/").json()
    rows = own["results"] if isinstance(own, dict) else own
    assert len(rows) == 1 and rows[0]["opening"] == world.openings[1].pk
    assert rows[0]["explanation"]["lottery_number"] >= 1


def test_anonymous_visitors_are_sent_to_the_login_page(world: Any) -> None:
    rnd = computed(world)
    for name, args in (("round_list", []), ("round_detail", [rnd.pk]), ("my_result", [rnd.pk])):
        response = client_for(None).get(reverse(f"matching:{name}", args=args))
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


def test_round_page_pages_through_all_learners(world: Any, monkeypatch: Any) -> None:
    from brug.matching import views

    monkeypatch.setattr(views, "LEARNERS_PER_PAGE", 2)
    rnd = computed(world)
    client = client_for(world.guide)
    url = reverse("matching:round_detail", args=[rnd.pk])
    seen = []
    for page in (1, 2, 3):
        html = client.get(url, {"page": page}).content.decode()
        assert f"Pagina {page} / 3 · 5 in totaal" in html
        seen += [lr.pseudonym for lr in world.learners if f"{lr.pseudonym}:" in html]
    assert sorted(seen) == sorted(lr.pseudonym for lr in world.learners)


def test_guide_creates_a_round_through_the_page(world: Any) -> None:
    client = client_for(world.guide)
    url = reverse("matching:round_create")
    assert client.get(url).status_code == 200
    soon = timezone.localtime() + dt.timedelta(days=7)
    values = {
        "name": "Ronde lente",
        "scope": "school",
        "preference_deadline": soon.strftime("%Y-%m-%dT%H:%M"),
        "intake_deadline": (soon + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "reserve_share": "0",
    }
    # The service refuses a deadline in the past: on the form, nothing created.
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {**values, "preference_deadline": past})
    assert response.status_code == 200
    assert "De deadline voor voorkeuren ligt in het verleden." in response.content.decode()
    assert not MatchingRound.objects.exists()
    response = client.post(url, values)
    rnd = MatchingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:round_detail", args=[rnd.pk])
    assert [str(x) for x in get_messages(response.wsgi_request)] == ["Ronde aangemaakt."]
    assert rnd.name == "Ronde lente" and rnd.coordinator_id == world.school.pk
