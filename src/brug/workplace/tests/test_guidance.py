"""Issue 14: trajectory advice, the start-up trajectory, the guidance log, feedback on the
workplace and its quality signals (aggregated for the company, small cells suppressed)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.quality import quality_for
from brug.workplace.tests import factories as f
from brug.workplace.tests.test_agreement import TERMS, Scene, make_placement
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/workplace/"


def _api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scene(world: World) -> Scene:
    placement, learner_user = make_placement(world)
    return Scene(world, placement, learner_user)


# ---------------------------------------------------------------- advice and start-up phase


def test_class_council_and_guide_advice_record_who_when_why(scene: Scene) -> None:
    learner = scene.placement.learner
    council = services.trajectory_advice_record(
        actor=scene.w.guide,
        learner=learner,
        source="class_council",
        outcome="start_up",
        reason="Nog niet arbeidsrijp; wel gemotiveerd.",
        ready=False,
        willing=True,
    )
    guide = services.trajectory_advice_record(
        actor=scene.w.guide,
        learner=learner,
        source="trajectory_guide",
        outcome="workplace",
        reason="Na de aanloopfase klaar voor de werkplek.",
    )
    assert council.given_by == scene.w.guide and council.given_on == f.TODAY
    assert guide.source == "trajectory_guide"
    learner.refresh_from_db()
    assert (learner.ready, learner.willing) == (False, True)  # the screening follows the council


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "x" * 2001}, "reason"),
        ({"source": "parents"}, "source"),
        ({"outcome": "maybe"}, "outcome"),
        ({"given_on": f.TODAY + timedelta(days=1)}, "given_on"),
        ({"source": "trajectory_guide", "ready": True}, "ready"),
    ],
)
def test_bad_advice_is_refused(scene: Scene, kwargs: dict[str, Any], field: str) -> None:
    params: dict[str, Any] = {
        "source": "class_council",
        "outcome": "workplace",
        "reason": "Motivering",
        **kwargs,
    }
    with pytest.raises(ServiceError) as exc:
        services.trajectory_advice_record(
            actor=scene.w.guide, learner=scene.placement.learner, **params
        )
    assert exc.value.field == field
    assert not m.TrajectoryAdvice.objects.exists()


def test_the_company_never_sees_the_advice(scene: Scene) -> None:
    learner = scene.placement.learner
    services.trajectory_advice_record(
        actor=scene.w.guide,
        learner=learner,
        source="class_council",
        outcome="workplace",
        reason="Geheim schooladvies",
    )
    with pytest.raises(NotAllowed):
        services.trajectory_advice_record(
            actor=scene.w.company_user,
            learner=learner,
            source="class_council",
            outcome="workplace",
            reason="x",
        )
    rows = _api(scene.w.company_user).get(API + "trajectory-advice/")
    assert rows.status_code == 403
    page = _page(scene.w.company_user).get(f"/werkplekleren/lerenden/{learner.pk}/")
    assert page.status_code == 200  # the company sees its candidate, not the advice
    assert "Geheim schooladvies" not in page.content.decode()
    assert "Advies noteren" not in page.content.decode()
    school = _page(scene.w.guide).get(f"/werkplekleren/lerenden/{learner.pk}/")
    assert "Geheim schooladvies" in school.content.decode()


def test_start_up_trajectory_has_content_duration_and_organiser(scene: Scene) -> None:
    learner = scene.placement.learner
    with pytest.raises(ServiceError) as exc:
        services.start_up_trajectory_save(
            actor=scene.w.guide,
            learner=learner,
            content="Attitude",
            duration_weeks=53,
            organiser="CLB",
        )
    assert exc.value.field == "duration_weeks"
    with pytest.raises(ServiceError):
        services.start_up_trajectory_save(
            actor=scene.w.guide, learner=learner, content="", duration_weeks=6, organiser="CLB"
        )
    migrated = m.StartUpTrajectory.objects.create(learner=learner, content="oud", migrated=True)
    saved = services.start_up_trajectory_save(
        actor=scene.w.guide,
        learner=learner,
        trajectory=migrated,
        content="Attitudetraining en oriëntatie",
        duration_weeks=6,
        organiser="School met het CLB",
    )
    assert saved.pk == migrated.pk and not saved.migrated and saved.duration_weeks == 6
    with pytest.raises(NotAllowed):
        services.start_up_trajectory_save(
            actor=scene.w.company_user,
            learner=learner,
            content="x",
            duration_weeks=2,
            organiser="x",
        )


def test_start_up_and_advice_pages(scene: Scene) -> None:
    learner = scene.placement.learner
    client = _page(scene.w.guide)
    url = f"/werkplekleren/lerenden/{learner.pk}/"
    bad = client.post(
        url + "aanloopfase/", {"content": "x", "duration_weeks": "0", "organiser": "CLB"}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    assert not m.StartUpTrajectory.objects.exists()
    ok = client.post(
        url + "aanloopfase/", {"content": "Attitude", "duration_weeks": "4", "organiser": "CLB"}
    )
    assert ok.status_code == 302
    bad = client.post(url + "advies/", {"source": "class_council", "outcome": "workplace"})
    assert bad.status_code == 200 and not m.TrajectoryAdvice.objects.exists()
    ok = client.post(
        url + "advies/",
        {"source": "class_council", "outcome": "workplace", "reason": "Klaar", "ready": "yes"},
    )
    assert ok.status_code == 302 and m.TrajectoryAdvice.objects.get().ready is True
    outsider = _page(user_with_role("guide", f.SchoolFactory()))
    assert outsider.post(url + "advies/", {"source": "class_council"}).status_code == 404


# ---------------------------------------------------------------- the guidance log


def test_guidance_log_and_end_evaluation_feed_the_training_plan(scene: Scene) -> None:
    placement = scene.placement
    services.guidance_record(
        actor=scene.w.guide, placement=placement, kind="visit", notes="Bezoek: goed gestart"
    )
    talk = services.guidance_record(
        actor=scene.w.company_user,
        placement=placement,
        kind="evaluation",
        notes="Evaluatiegesprek met de school",
    )
    assert talk.author_side == "company"
    item = placement.training_plan.items.first()
    assert item is not None
    with pytest.raises(ServiceError) as exc:
        services.guidance_record(
            actor=scene.w.guide,
            placement=placement,
            kind="visit",
            notes="x",
            progress={item.pk: m.ProgressLevel.ACQUIRED},
        )
    assert exc.value.code == "progress_only_at_end"
    other = f.TrainingPlanItemFactory() if hasattr(f, "TrainingPlanItemFactory") else None
    bad_ids = {(other.pk if other else 10**9): m.ProgressLevel.ACQUIRED}
    with pytest.raises(ServiceError):
        services.guidance_record(
            actor=scene.w.guide,
            placement=placement,
            kind="end_evaluation",
            notes="x",
            progress=bad_ids,
        )
    assert m.GuidanceEntry.objects.count() == 2
    services.guidance_record(
        actor=scene.w.guide,
        placement=placement,
        kind="end_evaluation",
        notes="Eindevaluatie",
        progress={item.pk: m.ProgressLevel.ACQUIRED},
    )
    item.refresh_from_db()
    assert item.progress == m.ProgressLevel.ACQUIRED
    assert item.records.get().note  # the progress record names the end evaluation
    with pytest.raises(ServiceError) as exc:
        services.guidance_record(actor=scene.w.guide, placement=placement, kind="visit", notes="")
    assert exc.value.field == "notes"


def test_guidance_outsiders(scene: Scene) -> None:
    outsider = user_with_role("company_contact", f.CompanyFactory())
    with pytest.raises(NotAllowed):
        services.guidance_record(actor=outsider, placement=scene.placement, kind="visit", notes="x")
    services.guidance_record(
        actor=scene.w.guide, placement=scene.placement, kind="visit", notes="Geheim"
    )
    response = _api(outsider).get(API + "guidance/")
    assert response.status_code == 200 and response.json()["results"] == []
    response = _api(outsider).post(
        API + "guidance/",
        {"placement": scene.placement.pk, "kind": "visit", "notes": "x"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "not_found"
    assert m.GuidanceEntry.objects.count() == 1


# ---------------------------------------------------------------- feedback and quality


def _end(scene: Scene, early: bool = False) -> None:
    services.placement_end(
        actor=scene.w.guide,
        placement=scene.placement,
        early=early,
        reason="mismatch" if early else "",
    )
    scene.placement.refresh_from_db()


def test_feedback_after_the_placement_once_per_respondent(scene: Scene) -> None:
    with pytest.raises(ServiceError) as exc:
        services.workplace_feedback_give(
            actor=scene.learner_user, placement=scene.placement, learning_culture=4, guidance=4
        )
    assert exc.value.code == "placement_active"
    _end(scene)
    for bad in ({"learning_culture": 0}, {"guidance": 6}, {"comment": "x" * 1001}):
        with pytest.raises(ServiceError):
            services.workplace_feedback_give(
                actor=scene.learner_user,
                placement=scene.placement,
                **{"learning_culture": 4, "guidance": 4, **bad},
            )
    mine = services.workplace_feedback_give(
        actor=scene.learner_user, placement=scene.placement, learning_culture=5, guidance=4
    )
    school = services.workplace_feedback_give(
        actor=scene.w.guide, placement=scene.placement, learning_culture=3, guidance=3
    )
    assert (mine.respondent, school.respondent) == ("learner", "school")
    with pytest.raises(ServiceError):
        services.workplace_feedback_give(
            actor=scene.learner_user, placement=scene.placement, learning_culture=1, guidance=1
        )
    with pytest.raises(NotAllowed):
        services.workplace_feedback_give(
            actor=scene.w.company_user, placement=scene.placement, learning_culture=1, guidance=1
        )


def _many_feedback(w: World, workplace: m.Recognition, n: int) -> None:
    opening = f.OpeningFactory(workplace=workplace, capacity=n + 1)
    for i in range(n):
        placement = f.PlacementFactory(
            opening=opening,
            status=m.PlacementStatus.ENDED_EARLY if i == 0 else m.PlacementStatus.ENDED,
            end_reason="health" if i == 0 else "",
        )
        f.WorkplaceFeedbackFactory(
            placement=placement, learning_culture=2 + i % 3, guidance=3, comment=f"Opmerking {i}"
        )


@override_settings(BRUG_SMALL_CELL_K=5)
def test_the_company_sees_aggregates_only_and_small_cells_suppressed(world: World) -> None:
    workplace = f.RecognisedFactory(
        company=world.company, site=world.site, partnership=world.partnership
    )
    workplace.mentors.add(world.mentor)
    _many_feedback(world, workplace, 3)  # fewer than k answers
    company = quality_for(world.company_user, workplace)
    assert company is not None and not company.detailed
    learners = next(s for s in company.scores if s.respondent == "learner")
    assert learners.answers is None and learners.learning_culture is None
    assert company.placements_ended is None  # 3 < k
    assert all(n is None for _, n in company.early_reasons)  # the one early end: a small cell
    assert company.comments == []
    reviewer = quality_for(world.reviewer, workplace)
    assert reviewer is not None and reviewer.detailed
    assert reviewer.placements_ended == 3 and reviewer.ended_early == 1
    assert len(reviewer.comments) == 3 and all("L-" not in c for _, c in reviewer.comments)
    _many_feedback(world, workplace, 4)  # now 7 answers
    company = quality_for(world.company_user, workplace)
    assert company is not None
    learners = next(s for s in company.scores if s.respondent == "learner")
    assert learners.answers == 7 and learners.learning_culture is not None
    # Other companies and the school see nothing; the API answers the same.
    assert quality_for(user_with_role("company_contact", f.CompanyFactory()), workplace) is None
    assert quality_for(world.guide, workplace) is None
    assert (
        _api(world.company_user)
        .get(API + f"recognitions/{workplace.pk}/quality/")
        .json()["comments"]
        == []
    )
    outsider = _api(user_with_role("company_contact", f.CompanyFactory()))
    # A recognised workplace is public; its quality signals are not.
    assert outsider.get(API + f"recognitions/{workplace.pk}/quality/").status_code == 403
    page = _page(world.company_user).get(f"/werkplekleren/erkenningen/{workplace.pk}/")
    assert "Opmerking" not in page.content.decode()
    assert "Kwaliteit van de werkplek" in page.content.decode()


def test_consultant_quality_list_is_paged_with_a_fixed_query_count(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consultant = user_with_role("consultant", f.PartnershipFactory(sectors=[world.sector]))
    client = _page(consultant)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/werkplekleren/kwaliteit/")
            assert response.status_code == 200
        return len(ctx.captured_queries)

    _many_feedback(world, f.RecognisedFactory(company=world.company), 2)
    count()
    few = count()
    for _ in range(4):
        _many_feedback(world, f.RecognisedFactory(company=world.company), 2)
    assert count() == few
    assert _page(world.company_user).get("/werkplekleren/kwaliteit/").status_code == 403
    assert _page(world.guide).get("/werkplekleren/kwaliteit/").status_code == 403


def test_pages_walk_agreement_guidance_and_feedback(scene: Scene) -> None:
    url = f"/werkplekleren/overeenkomsten/{scene.placement.pk}/"
    guide = _page(scene.w.guide)
    bad = guide.post(url + "overeenkomst/", {**TERMS, "allowance_per_month": "-1"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    assert not m.LearningAgreement.objects.exists()
    assert guide.post(url + "overeenkomst/", TERMS).status_code == 302
    assert (
        guide.post(url + "instemming/", {"party": "parent", "signer_name": ""}).status_code == 200
    )
    for client, party in (
        (guide, "parent"),
        (guide, "school"),
        (_page(scene.w.company_user), "company"),
    ):
        assert (
            client.post(url + "instemming/", {"party": party, "signer_name": "Naam"}).status_code
            == 302
        )
    assert m.LearningAgreement.objects.get().is_signed
    assert "ondertekend" in guide.get(url).content.decode()
    pdf = guide.get(url + "overeenkomst.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert guide.post(url + "begeleiding/", {"kind": "visit", "notes": "Bezoek"}).status_code == 302
    _end(scene)
    learner = _page(scene.learner_user)
    assert "Feedback geven" in learner.get(url).content.decode()
    assert (
        learner.post(url + "feedback/", {"learning_culture": "5", "guidance": "4"}).status_code
        == 302
    )
    assert m.WorkplaceFeedback.objects.get().respondent == "learner"


def test_my_trajectory_asks_for_feedback_after_the_placement(scene: Scene) -> None:
    client = _page(scene.learner_user)
    assert "Vertel hoe het was" not in client.get("/werkplekleren/mijn-traject/").content.decode()
    _end(scene)
    page = client.get("/werkplekleren/mijn-traject/").content.decode()
    assert "Vertel hoe het was" in page
    services.workplace_feedback_give(
        actor=scene.learner_user, placement=scene.placement, learning_culture=4, guidance=4
    )
    assert "Vertel hoe het was" not in client.get("/werkplekleren/mijn-traject/").content.decode()


# ---------------------------------------------------------------- outsiders, lists, migration


def test_outsiders_get_no_page_and_change_nothing(scene: Scene) -> None:
    services.learning_agreement_create(actor=scene.w.guide, placement=scene.placement, **TERMS)
    p, learner = scene.placement.pk, scene.placement.learner.pk
    posts = {
        f"/werkplekleren/overeenkomsten/{p}/overeenkomst/": TERMS,
        f"/werkplekleren/overeenkomsten/{p}/instemming/": {"party": "company", "signer_name": "X"},
        f"/werkplekleren/overeenkomsten/{p}/begeleiding/": {"kind": "visit", "notes": "X"},
        f"/werkplekleren/overeenkomsten/{p}/feedback/": {"learning_culture": "1", "guidance": "1"},
        f"/werkplekleren/lerenden/{learner}/advies/": {
            "source": "class_council",
            "outcome": "workplace",
            "reason": "X",
        },
        f"/werkplekleren/lerenden/{learner}/aanloopfase/": {
            "content": "X",
            "duration_weeks": "2",
            "organiser": "X",
        },
    }
    before = (
        m.AgreementConsent.objects.count(),
        m.LearningAgreement.objects.get().hours_per_week,
        m.GuidanceEntry.objects.count(),
        m.WorkplaceFeedback.objects.count(),
        m.TrajectoryAdvice.objects.count(),
        m.StartUpTrajectory.objects.count(),
    )
    outsiders = [
        user_with_role("company_contact", f.CompanyFactory()),
        user_with_role("guide", f.SchoolFactory()),
        user_with_role("learner", f.SchoolFactory()),
        user_with_role("consultant", f.PartnershipFactory(sectors=[])),
    ]
    for user in outsiders:
        client = _page(user)
        for url, data in posts.items():
            assert client.post(url, {**data, "hours_per_week": "8"}).status_code in (403, 404), url
        assert client.get(f"/werkplekleren/overeenkomsten/{p}/overeenkomst.pdf").status_code == 404
        listed = client.get("/werkplekleren/kwaliteit/")
        if user.memberships.filter(role="consultant").exists():  # its own (empty) sector list
            assert listed.status_code == 200
            assert scene.w.company.name not in listed.content.decode()
        else:
            assert listed.status_code == 403
    after = (
        m.AgreementConsent.objects.count(),
        m.LearningAgreement.objects.get().hours_per_week,
        m.GuidanceEntry.objects.count(),
        m.WorkplaceFeedback.objects.count(),
        m.TrajectoryAdvice.objects.count(),
        m.StartUpTrajectory.objects.count(),
    )
    assert after == before


LISTS = [
    "agreements",
    "trajectory-advice",
    "start-up-trajectories",
    "guidance",
    "workplace-feedback",
]


def _one_of_each(w: World) -> None:
    placement = f.PlacementFactory(
        learner=f.LearnerFactory(school=w.school), status=m.PlacementStatus.ENDED
    )
    f.LearningAgreementFactory(placement=placement)
    f.AgreementConsentFactory(agreement=placement.agreement)
    f.GuidanceEntryFactory(placement=placement)
    f.WorkplaceFeedbackFactory(placement=placement)
    f.TrajectoryAdviceFactory(learner=placement.learner)
    f.StartUpTrajectoryFactory(learner=placement.learner)


@pytest.mark.parametrize("name", LISTS)
def test_api_lists_are_paged_with_a_fixed_query_count(world: World, name: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _api(world.guide)
    url = API + name + "/"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _one_of_each(world)
    count()
    few = count()
    for _ in range(5):
        _one_of_each(world)
    assert count() == few
    page = client.get(url + "?limit=2").json()
    assert page["count"] == 6 and len(page["results"]) == 2
    assert len(client.get(url + "?limit=100000").json()["results"]) == 6  # capped at 200


def test_the_company_pdf_names_the_learner_by_first_name_only(scene: Scene) -> None:
    from brug.workplace.agreement_pdf import _learner_name

    learner = scene.placement.learner
    company = _learner_name(scene.w.company_user, learner)
    assert "Noor" in company and learner.pseudonym in company and "Janssens" not in company
    assert "Janssens" in _learner_name(scene.w.guide, learner)


def test_the_migration_turns_the_old_flag_into_a_start_up_trajectory(world: World) -> None:
    import importlib

    migration = importlib.import_module("brug.workplace.migrations.0006_agreement_guidance_quality")
    flagged, plain = f.LearnerFactory(), f.LearnerFactory()

    class OldLearners:
        @staticmethod
        def filter(**kwargs: Any) -> Any:
            assert kwargs == {"start_up_phase": True}
            return m.Learner.objects.filter(pk=flagged.pk)

    class OldLearner:
        objects = OldLearners

    class Apps:
        @staticmethod
        def get_model(app: str, name: str) -> Any:
            return OldLearner if name == "Learner" else m.StartUpTrajectory

    migration.start_up_flag_to_trajectory(Apps, None)
    moved = m.StartUpTrajectory.objects.get()
    assert moved.learner_id == flagged.pk and moved.migrated and moved.content
    assert not m.StartUpTrajectory.objects.filter(learner=plain).exists()


def test_export_holds_and_erasure_removes_the_free_texts(scene: Scene) -> None:
    from brug.workplace import privacy

    learner = scene.placement.learner
    agreement = services.learning_agreement_create(
        actor=scene.w.guide, placement=scene.placement, **TERMS
    )
    services.learning_agreement_consent(
        actor=scene.w.guide, agreement=agreement, party="parent", signer_name="Els Janssens"
    )
    services.trajectory_advice_record(
        actor=scene.w.guide,
        learner=learner,
        source="trajectory_guide",
        outcome="workplace",
        reason="Motivering X",
    )
    services.guidance_record(
        actor=scene.w.guide, placement=scene.placement, kind="visit", notes="Verslag Y"
    )
    _end(scene)
    services.workplace_feedback_give(
        actor=scene.w.guide, placement=scene.placement, learning_culture=2, guidance=3, comment="Z"
    )
    data = privacy.learner_export(actor=scene.w.guide, learner=learner)["trajectory"]
    assert data["advice"][0]["reason"] == "Motivering X"
    assert data["agreements"][0]["consents"][0]["name"] == "Els Janssens"
    assert data["guidance"][0]["notes"] == "Verslag Y" and data["feedback"][0]["comment"] == "Z"
    dpo = user_with_role("privacy_contact", organisation=scene.w.school)
    privacy.learner_erase(actor=dpo, learner=learner, reason="verzoek")
    assert not m.TrajectoryAdvice.objects.filter(learner=learner).exists()
    assert m.AgreementConsent.objects.get().signer_name == "–"
    assert m.GuidanceEntry.objects.get().notes == "–"
    feedback = m.WorkplaceFeedback.objects.get()
    assert feedback.comment == "" and feedback.learning_culture == 2  # scores stay for figures


def test_metrics_count_signed_agreements_and_guidance_visits(scene: Scene) -> None:
    from brug.core.metrics import MetricScope
    from brug.workplace import metrics

    scope = MetricScope(start=f.TODAY - timedelta(days=1), end=f.TODAY + timedelta(days=1))
    agreement = f.LearningAgreementFactory(placement=scene.placement)
    assert metrics.agreements_signed(scope).count() == 0
    m.LearningAgreement.objects.filter(pk=agreement.pk).update(signed_at=timezone.now())
    services.guidance_record(
        actor=scene.w.guide, placement=scene.placement, kind="visit", notes="x"
    )
    assert metrics.agreements_signed(scope).count() == 1
    assert metrics.guidance_visits(scope).count() == 1
