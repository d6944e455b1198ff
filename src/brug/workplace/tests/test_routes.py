"""Every learning route (issue 14): route and year on learners and programmes, education
providers per route, and target-group places on openings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.registry.models import LearningRoute, OrganisationKind
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import selectors, services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/workplace/"


def _register(w: World, **kwargs: object) -> m.Learner:
    params: dict[str, object] = {
        "actor": w.guide,
        "school": w.school,
        "programme": w.programme,
        "grade": 3,
        "home_municipality": rf.MunicipalityFactory(),
        "first_name": "Noor",
        "last_name": "Peeters",
    }
    params.update(kwargs)
    return services.learner_register(**params)  # type: ignore[arg-type]


def test_year_in_grade_and_seventh_year(world: World) -> None:
    learner = _register(world, year_in_grade=2)
    assert learner.year_in_grade == 2
    seventh = rf.ProgrammeFactory(grade=3, year=3)
    assert _register(world, programme=seventh, year_in_grade=3).year_in_grade == 3
    with pytest.raises(ServiceError) as exc:
        _register(world, programme=seventh, year_in_grade=1)
    assert exc.value.field == "year_in_grade"
    for bad in (0, 4):
        with pytest.raises(ServiceError):
            _register(world, year_in_grade=bad)
    with pytest.raises(ServiceError) as exc:  # a seventh year exists in the third grade only
        _register(world, grade=2, year_in_grade=3)
    assert exc.value.code == "year_in_grade"
    assert m.Learner.objects.count() == 2


def test_provider_must_fit_the_route(world: World) -> None:
    apprenticeship = rf.ProgrammeFactory(route=LearningRoute.APPRENTICESHIP)
    with pytest.raises(ServiceError) as exc:  # a school does not organise the apprenticeship
        _register(world, programme=apprenticeship)
    assert exc.value.code == "route_provider"
    syntra = rf.OrganisationFactory(kind=OrganisationKind.SYNTRA, name="Syntra")
    guide = user_with_role("guide", syntra)
    learner = _register(world, actor=guide, school=syntra, programme=apprenticeship)
    assert learner.school.kind == "syntra"
    cvo = rf.OrganisationFactory(kind=OrganisationKind.ADULT_EDUCATION, name="CVO")
    adult = rf.ProgrammeFactory(route=LearningRoute.ADULT_DUAL, grade=None, finality="")
    assert (
        _register(
            world, actor=user_with_role("guide", cvo), school=cvo, programme=adult
        ).programme.route
        == LearningRoute.ADULT_DUAL
    )
    company = f.CompanyFactory()
    with pytest.raises(ServiceError) as exc:
        _register(world, actor=user_with_role("guide", company), school=company)
    assert exc.value.code in ("school", "not_allowed") or exc.value.field == "school"


def _opening(w: World, **kwargs: object) -> m.Opening:
    rec = m.Recognition.objects.filter(site=w.site, programme=w.programme).first()
    if rec is None:
        rec = f.RecognisedFactory(company=w.company, site=w.site, programme=w.programme)
    today = date.today()
    params: dict[str, object] = {
        "actor": w.company_user,
        "workplace": rec,
        "kind": m.PlacementKind.WORKPLACE_LEARNING,
        "start": today + timedelta(days=10),
        "end": today + timedelta(days=200),
        "capacity": 2,
        "publish": True,
    }
    params.update(kwargs)
    return services.opening_create(**params)  # type: ignore[arg-type]


def test_target_group_places_bad_input(world: World) -> None:
    for kwargs, field in (
        ({"target_group": "", "target_group_places": 1}, "target_group"),
        ({"target_group": "dbso", "target_group_places": 3}, "target_group_places"),
        ({"target_group": "dbso", "target_group_places": -1}, "target_group_places"),
        ({"target_group": "nonsense", "target_group_places": 1}, "target_group"),
    ):
        with pytest.raises(ServiceError) as exc:
            _opening(world, **kwargs)
        assert exc.value.field == field
    assert not m.Opening.objects.exists()
    opening = _opening(world, target_group="early_leavers", target_group_places=2)
    with pytest.raises(ServiceError):  # fewer places than reserved
        services.opening_update(actor=world.company_user, opening=opening, capacity=1)
    services.opening_update(
        actor=world.company_user, opening=opening, capacity=1, target_group_places=0
    )
    opening.refresh_from_db()
    assert opening.capacity == 1 and opening.target_group == ""


def test_reserved_places_respected_when_listed_for_a_learner(world: World) -> None:
    opening = _opening(world, capacity=2, target_group="early_leavers", target_group_places=1)
    other = _register(world)
    leaver = _register(world, early_school_leaver=True)
    qs = m.Opening.objects.all()
    # one place for all, one reserved: both see it
    assert list(selectors.open_to_learner(qs, other)) == [opening]
    # the place for all is taken by a learner outside the group
    f.PlacementFactory(opening=opening, learner=f.LearnerFactory(programme=world.programme))
    assert list(selectors.open_to_learner(qs, other)) == []
    assert list(selectors.open_to_learner(qs, leaver)) == [opening]
    # a member of the group takes the reserved place first: then one place is open to all
    m.Placement.objects.all().delete()
    m.Opening.objects.filter(pk=opening.pk).update(filled=0)
    f.PlacementFactory(
        opening=opening,
        learner=f.LearnerFactory(programme=world.programme, early_school_leaver=True),
    )
    assert list(selectors.open_to_learner(qs, other)) == [opening]


def test_dbso_and_buso_learners_belong_to_their_group() -> None:
    dbso = f.LearnerFactory(programme=rf.ProgrammeFactory(route=LearningRoute.PART_TIME_VOCATIONAL))
    buso = f.LearnerFactory(programme=rf.ProgrammeFactory(route=LearningRoute.SPECIAL_OV3))
    full = f.LearnerFactory()
    assert selectors.target_groups_of(dbso) == {"dbso"}
    assert selectors.target_groups_of(buso) == {"buso"}
    assert selectors.target_groups_of(full) == set()


def test_pages_and_api_show_and_filter_target_group_places(world: World) -> None:
    reserved = _opening(world, target_group="early_leavers", target_group_places=1)
    _opening(world)
    client = Client()
    client.force_login(world.company_user)
    page = client.get(
        "/werkplekleren/zoeken/", {"target_group": "early_leavers", "free_only": "on"}
    )
    assert page.status_code == 200
    assert len(page.context["hits"]) == 1 and page.context["hits"][0].opening == reserved
    form = client.get("/werkplekleren/plaatsen/nieuw/").content.decode()
    assert "target_group_places" in form
    api = APIClient()
    api.force_authenticate(world.company_user)
    listed = api.get(API + "openings/", {"target_group": "early_leavers"})
    assert listed.status_code == 200
    assert [o["id"] for o in listed.json()] == [reserved.pk]
    assert listed.json()[0]["target_group_places"] == 1
    bad = api.get(API + "openings/", {"target_group": "nonsense"})
    assert bad.status_code == 400 and bad.json()["detail_en"]


def test_api_for_learner_filter_only_for_visible_learners(world: World) -> None:
    opening = _opening(world, capacity=1, target_group="early_leavers", target_group_places=1)
    other = _register(world)
    leaver = _register(world, early_school_leaver=True)
    guide = APIClient()
    guide.force_authenticate(world.guide)
    assert guide.get(API + "openings/", {"for_learner": other.pk}).json() == []
    assert [o["id"] for o in guide.get(API + "openings/", {"for_learner": leaver.pk}).json()] == [
        opening.pk
    ]
    outsider = APIClient()
    outsider.force_authenticate(user_with_role("guide", f.SchoolFactory()))
    assert outsider.get(API + "openings/", {"for_learner": leaver.pk}).status_code == 404


def test_api_learner_register_with_year_and_school_only_flag(world: World) -> None:
    api = APIClient()
    api.force_authenticate(world.guide)
    response = api.post(
        API + "learners/",
        {
            "school": world.school.pk,
            "programme": world.programme.pk,
            "grade": 3,
            "year_in_grade": 2,
            "early_school_leaver": True,
            "home_municipality": rf.MunicipalityFactory().pk,
            "first_name": "Lina",
            "last_name": "Maes",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = api.get(API + f"learners/{response.json()['id']}/").json()
    assert body["year_in_grade"] == 2 and body["early_school_leaver"] is True
    bad = api.post(
        API + "learners/",
        {
            "school": world.school.pk,
            "programme": world.programme.pk,
            "grade": 3,
            "year_in_grade": 7,
            "home_municipality": rf.MunicipalityFactory().pk,
            "first_name": "Lina",
            "last_name": "Maes",
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "year_in_grade"
