"""The learner's rights (issue 11 §6): export, erasure, retention, the school's read log."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from brug.accounts.models import User
from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AccessLog, AuditEntry
from brug.workplace import models as m
from brug.workplace import privacy, privacy_views, selectors
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db


def _learner(world: World, **kwargs: object) -> m.Learner:
    account = user_with_role("learner", organisation=world.school)
    learner = f.LearnerFactory(school=world.school, user=account, has_support_need=True, **kwargs)
    f.LearnerIdentityFactory(
        learner=learner, first_name="Noor", last_name="Janssens", email="noor@example.org"
    )
    return learner


def _ended_placement(learner: m.Learner, ended_days_ago: int) -> m.Placement:
    end = date.today() - timedelta(days=ended_days_ago)
    placement = f.PlacementFactory(
        learner=learner,
        start=end - timedelta(days=100),
        end=end,
        status=m.PlacementStatus.ENDED,
        ended_on=end,
        opening__programme=learner.programme,
    )
    return placement


def _client(user: object) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


# ------------------------------------------------------------------------------ export


def test_export_holds_everything_including_who_read_it(world: World) -> None:
    learner = _learner(world)
    placement = _ended_placement(learner, 10)
    f.ApplicationFactory(learner=learner, opening=placement.opening, intake_note="Rustig")
    selectors.learner_identity_for(world.guide, learner, purpose="learner page")
    data = privacy.learner_export(actor=world.guide, learner=learner)
    assert data["format"] == privacy.EXPORT_FORMAT
    assert data["identity"]["last_name"] == "Janssens"
    assert data["learner"]["has_support_need"] is True
    assert data["account"]["username"] == learner.user.username
    assert data["applications"][0]["intake_note"] == "Rustig"
    assert data["placements"][0]["status"] == "ended"
    assert data["placements"][0]["status_label"] == "Beëindigd"
    html = _client(world.guide).get(f"/werkplekleren/lerenden/{learner.pk}/gegevens.html")
    assert "Beëindigd" in html.content.decode() and "/ Ended" not in html.content.decode()
    assert [r["purpose"] for r in data["reads"]] == ["learner page"]
    assert data["reads"][0]["reader"] == world.guide.username
    assert data["on_erasure"]["kept"]
    json.dumps(data)  # a file the school can hand over
    # Each export (here the dict and the HTML file) is itself logged and audited.
    assert AccessLog.objects.filter(subject_id=str(learner.pk), purpose="export").count() == 2
    assert AuditEntry.objects.filter(verb="learner.export", object_id=str(learner.pk)).exists()


@pytest.mark.parametrize(
    ("language", "words", "codes"),
    [
        (
            "nl",
            ["geregistreerd in Brug door de school", "pagina van de lerende", "familienaam", "ja"],
            ["learner.register", "learner page", "last_name", ">yes<"],
        ),
        (
            "en",
            ["registered in Brug by the school", "learner page", "last name", "yes"],
            ["learner.register", "last_name", "pagina van de lerende"],
        ),
    ],
)
def test_the_html_export_names_actions_and_purposes_in_the_readers_language(
    world: World, language: str, words: list[str], codes: list[str]
) -> None:
    learner = _learner(world)
    AuditEntry.objects.create(
        actor=world.guide,
        verb="learner.register",
        object_type="workplace.learner",
        object_id=str(learner.pk),
    )
    AuditEntry.objects.create(
        actor=world.guide,
        verb="learner.some_future_verb",
        object_type="workplace.learner",
        object_id=str(learner.pk),
    )
    selectors.learner_identity_for(world.guide, learner, purpose="learner page")
    client = _client(world.guide)
    client.cookies["django_language"] = language
    html = client.get(f"/werkplekleren/lerenden/{learner.pk}/gegevens.html").content.decode()
    body = html.split("<h2>", 1)[1]  # the title holds the pseudonym only
    for word in words:
        assert word in body, word
    for code in codes:
        assert code not in body, code
    assert "some_future_verb" not in body
    assert ("andere wijziging" if language == "nl" else "other change") in body
    # Dates in the page's format, never as stored ("2026-12-02T10:30:00+00:00").
    assert not re.search(r"\d{4}-\d{2}-\d{2}", body)
    with translation.override(language):
        month = formats.date_format(timezone.localdate(), "F").lower()
    assert month in body.lower()
    # The JSON keeps the stable codes and adds the label in the reader's language.
    data = json.loads(client.get(f"/werkplekleren/lerenden/{learner.pk}/gegevens.json").content)
    register = next(c for c in data["changes"] if c["verb"] == "learner.register")
    assert register["verb_label"] == words[0]
    read = next(r for r in data["reads"] if r["purpose"] == "learner page")
    assert read["purpose_label"] == words[1] and "last_name" in read["fields"]
    assert words[2] in read["fields_label"]


def test_every_action_recorded_on_a_learner_has_a_label() -> None:
    """The services that audit a learner (object workplace.learner) use only labelled verbs."""
    import re
    from pathlib import Path

    root = Path(privacy.__file__).parent
    verbs = set()
    for path in [*root.glob("services/*.py"), root / "privacy.py"]:
        text = path.read_text()
        for call in re.finditer(r"audit_record\((.*?)\)\n", text, re.S):
            if re.search(r"obj=learner\b", call.group(1)):
                verbs.update(re.findall(r'verb="([a-z_.]+)"', call.group(1)))
    assert {"learner.register", "learner.export", "learner.erase"} <= verbs
    assert verbs <= set(privacy.VERB_LABELS)


def test_export_files_for_the_school_and_404_for_others(world: World) -> None:
    learner = _learner(world)
    dpo = user_with_role("privacy_contact", organisation=world.school)
    for fmt, marker in (("json", b'"last_name": "Janssens"'), ("html", b"Janssens")):
        url = f"/werkplekleren/lerenden/{learner.pk}/gegevens.{fmt}"
        for user in (world.guide, dpo):
            response = _client(user).get(url)
            assert response.status_code == 200
            assert marker in response.content
            assert "attachment" in response["Content-Disposition"]
        outsiders = (
            None,
            user_with_role("guide"),
            user_with_role("privacy_contact"),
            user_with_role("teacher", organisation=world.school),
            world.company_user,
        )
        for user in outsiders:
            response = _client(user).get(url)
            assert response.status_code in (302, 404), (user, response.status_code)
            assert b"Janssens" not in response.content
    assert (
        _client(world.guide).get(f"/werkplekleren/lerenden/{learner.pk}/gegevens.xml").status_code
        == 404
    )


# ------------------------------------------------------------------------------ erasure


def test_erasure_removes_identity_account_advice_and_notes_and_keeps_statistics(
    world: World,
) -> None:
    learner = _learner(world)
    placement = _ended_placement(learner, 10)
    application = f.ApplicationFactory(
        learner=learner, opening=placement.opening, intake_note="Noor is rustig"
    )
    from brug.core.audit import audit_record

    audit_record(actor=world.guide, verb="application.submit", obj=application)
    plan = f.TrainingPlanFactory(placement=placement)
    competence = f.StandardTrajectoryFactory().competence
    item = m.TrainingPlanItem.objects.create(plan=plan, competence=competence, location="company")
    m.ProgressRecord.objects.create(
        item=item, author_role="guide", progress=item.progress, note="Noor deed het goed"
    )
    old_pseudonym, user_id = learner.pseudonym, learner.user_id
    dpo = user_with_role("privacy_contact", organisation=world.school)
    report = privacy.learner_erase(actor=dpo, learner=learner, reason="verzoek ouders")
    learner.refresh_from_db()
    assert learner.anonymised_at is not None
    assert learner.pseudonym == report.new_pseudonym != old_pseudonym
    assert not m.LearnerIdentity.objects.filter(learner=learner).exists()
    assert learner.user is None and (learner.ready, learner.willing) == (None, None)
    account = User.objects.get(pk=user_id)
    assert not account.is_active and not account.has_usable_password()
    assert account.email == "" and "gewist" in account.username
    application.refresh_from_db()
    assert application.intake_note == ""
    assert m.ProgressRecord.objects.get(item=item).note == ""
    # Kept for statistics: school, programme, placement, support-need flag.
    assert learner.has_support_need and learner.school_id == world.school.pk
    assert m.Placement.objects.filter(learner=learner, status=m.PlacementStatus.ENDED).exists()
    assert not AuditEntry.objects.filter(object_repr__contains=old_pseudonym).exists()
    assert AuditEntry.objects.filter(verb="learner.erase", object_id=str(learner.pk)).exists()
    # Nothing identifying is left anywhere in the export.
    text = json.dumps(privacy.learner_export(actor=dpo, learner=learner))
    assert "Noor" not in text and "Janssens" not in text and old_pseudonym not in text


def test_erasure_is_refused_for_others_and_with_bad_input_and_changes_nothing(
    world: World,
) -> None:
    learner = _learner(world)
    with pytest.raises(NotAllowed):  # the guide exports but does not erase
        privacy.learner_erase(actor=world.guide, learner=learner, reason="x")
    with pytest.raises(NotAllowed):
        privacy.learner_erase(actor=user_with_role("privacy_contact"), learner=learner, reason="x")
    dpo = user_with_role("privacy_contact", organisation=world.school)
    for reason, code in (("", "reason_required"), ("x" * 301, "reason_too_long")):
        with pytest.raises(ServiceError) as exc:
            privacy.learner_erase(actor=dpo, learner=learner, reason=reason)
        assert exc.value.code == code
    f.PlacementFactory(learner=learner, opening__programme=learner.programme)
    with pytest.raises(ServiceError) as exc:
        privacy.learner_erase(actor=dpo, learner=learner, reason="verzoek")
    assert exc.value.code == "active_placement"
    learner.refresh_from_db()
    assert learner.anonymised_at is None
    assert m.LearnerIdentity.objects.filter(learner=learner).exists()


def test_erase_through_the_page(world: World) -> None:
    learner = _learner(world)
    dpo = user_with_role("privacy_contact", organisation=world.school)
    url = f"/werkplekleren/lerenden/{learner.pk}/gegevens/"
    client = _client(dpo)
    page = client.get(url)
    assert page.status_code == 200 and "Wat blijft, en waarom" in page.content.decode()
    bad = client.post(url, {"reason": "", "confirm": "on"})
    assert bad.status_code == 400
    assert m.LearnerIdentity.objects.filter(learner=learner).exists()
    assert _client(world.guide).post(url, {"reason": "x", "confirm": "on"}).status_code == 403
    done = client.post(url, {"reason": "verzoek ouders", "confirm": "on"})
    assert done.status_code == 302
    assert not m.LearnerIdentity.objects.filter(learner=learner).exists()
    for outsider in (None, user_with_role("privacy_contact"), world.company_user):
        assert _client(outsider).get(url).status_code in (302, 404)


# ------------------------------------------------------------------------------ retention


def test_retention_dry_run_changes_nothing_and_the_run_anonymises_only_learners_due(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.BRUG_LEARNER_RETENTION_DAYS = 365
    settings.BRUG_ACCESS_LOG_RETENTION_DAYS = 730
    due = _learner(world)
    _ended_placement(due, 400)
    recent = _learner(world)
    _ended_placement(recent, 100)
    still_active = _learner(world)
    _ended_placement(still_active, 400)
    f.PlacementFactory(learner=still_active, opening__programme=still_active.programme)
    never_placed = _learner(world)
    old_read = AccessLog.objects.create(
        subject_type="workplace.learner", subject_id="1", fields="x"
    )
    AccessLog.objects.filter(pk=old_read.pk).update(at=timezone.now() - timedelta(days=800))
    AccessLog.objects.create(subject_type="workplace.learner", subject_id="1", fields="x")

    out = io.StringIO()
    call_command("retention", "--dry-run", "--no-progress", stdout=out)
    assert "1 would be anonymised" in out.getvalue()
    assert "1 would be deleted" in out.getvalue()
    assert not m.Learner.objects.filter(anonymised_at__isnull=False).exists()
    assert AccessLog.objects.count() == 2

    out = io.StringIO()
    call_command("retention", "--no-progress", stdout=out)
    assert "Anonymised 1 learners" in out.getvalue() and "Deleted 1 reads" in out.getvalue()
    anonymised = set(
        m.Learner.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == {due.pk}
    assert {recent.pk, still_active.pk, never_placed.pk}.isdisjoint(anonymised)
    assert not m.LearnerIdentity.objects.filter(learner=due).exists()
    assert AccessLog.objects.filter(pk=old_read.pk).count() == 0
    # A second run finds nothing more to do.
    out = io.StringIO()
    call_command("retention", "--no-progress", stdout=out)
    assert "Anonymised 0 learners" in out.getvalue()


def test_retention_terms_are_configurable_and_bounded(world: World) -> None:
    learner = _learner(world)
    _ended_placement(learner, 40)
    report = privacy.retention_run(today=date.today(), dry_run=True, learner_days=30)
    assert report.learners_due == 1
    report = privacy.retention_run(today=date.today(), dry_run=True, learner_days=60)
    assert report.learners_due == 0
    with pytest.raises(ServiceError):
        privacy.retention_run(today=date.today(), dry_run=True, learner_days=0)


# ------------------------------------------------------------------------------ read log


def test_the_schools_data_protection_contact_sees_the_read_log_of_its_learners_only(
    world: World,
) -> None:
    mine = _learner(world)
    other = f.LearnerFactory()
    f.LearnerIdentityFactory(learner=other)
    selectors.learner_identity_for(world.guide, mine, purpose="learner page")
    selectors.learner_identity_for(user_with_role("platform_admin"), other, purpose="learner page")
    dpo = user_with_role("privacy_contact", organisation=world.school)
    assert [r.subject_id for r in privacy.reads_visible_to(dpo)] == [str(mine.pk)]
    page = _client(dpo).get("/werkplekleren/leeslog/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.pseudonym in html and other.pseudonym not in html
    assert "voornaam, familienaam" in html and "pagina van de lerende" in html
    for outsider in (world.guide, world.company_user, user_with_role("teacher")):
        assert _client(outsider).get("/werkplekleren/leeslog/").status_code == 403
    assert _client(None).get("/werkplekleren/leeslog/").status_code == 302


def test_read_log_page_query_budget_does_not_grow_with_the_rows(world: World) -> None:
    dpo = user_with_role("privacy_contact", organisation=world.school)
    client = _client(dpo)
    client.get("/werkplekleren/leeslog/")  # warm the session

    def add_reads(n: int) -> None:
        learners = [f.LearnerFactory(school=world.school) for _ in range(n)]
        mentors = [f.MentorFactory() for _ in range(n)]
        AccessLog.objects.bulk_create(
            [
                *(
                    AccessLog(
                        reader=world.guide,
                        subject_type="workplace.learner",
                        subject_id=str(x.pk),
                        fields="first_name",
                        purpose="candidates",
                    )
                    for x in learners
                ),
                # reads of other schools' subjects are not shown and cost nothing
                *(
                    AccessLog(subject_type="workplace.mentor", subject_id=str(x.pk), fields="x")
                    for x in mentors
                ),
            ]
        )

    counts = []
    for n, shown in ((3, 3), (60, privacy_views.READ_LOG_PAGE)):
        add_reads(n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/werkplekleren/leeslog/")
        assert response.status_code == 200
        assert response.content.decode().count("<tr>") == shown + 1
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts
    # The page size is bounded: the next page holds the rest.
    rest = client.get("/werkplekleren/leeslog/?page=2").content.decode().count("<tr>")
    assert rest == 63 - privacy_views.READ_LOG_PAGE + 1
