from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core import metrics
from brug.core.i18n import by_language
from brug.core.metrics import Metric, MetricScope
from brug.covenants import models as m
from brug.covenants.load_2021 import load_covenants_2021
from brug.covenants.tests import factories as f
from brug.registry.models import OrganisationKind, Site
from brug.registry.reference import read_data
from brug.registry.tests.factories import OrganisationFactory, SectorFactory


def _sites(scope: MetricScope):  # type: ignore[no-untyped-def]
    return Site.objects.filter(organisation__sectors__in=scope.sector_ids).distinct()


@pytest.fixture
def test_metric() -> Iterator[Metric]:
    metric = metrics.metric_register(
        Metric(
            key="test.sites",
            title=by_language({"nl": "Vestigingen", "en": "Sites"}),
            definition=by_language(
                {"nl": "Aantal vestigingen in de sector", "en": "Number of sites in the sector"}
            ),
            unit="count",
            compute=lambda scope: float(_sites(scope).count()),
            drilldown=_sites,
        )
    )
    yield metric
    metrics._METRICS.pop("test.sites", None)


@pytest.fixture
def fund_user():  # type: ignore[no-untyped-def]
    covenant = f.CovenantFactory()
    user = user_with_role("consultant", organisation=covenant.sector_fund)
    return covenant, user


@pytest.fixture
def dept_user():  # type: ignore[no-untyped-def]
    return user_with_role("department_work")


@pytest.fixture
def running(fund_user):  # type: ignore[no-untyped-def]
    """A running covenant with one result and one effort commitment and an open window."""
    covenant, user = fund_user
    covenant.status = m.CovenantStatus.RUNNING
    covenant.save()
    action = f.ActionFactory(covenant=covenant)
    result = f.CommitmentFactory(action=action, kind="result", target_value=Decimal("10"))
    m.Indicator.objects.create(commitment=result, unit="count")
    effort = f.CommitmentFactory(action=action, kind="effort", unit="percent")
    m.Indicator.objects.create(commitment=effort, unit="percent")
    window = f.WindowFactory(
        generation=covenant.generation,
        opens_on=dt.date(2021, 3, 15),
        closes_on=dt.date(2021, 4, 30),
    )
    return covenant, user, window, result, effort


@pytest.fixture
def all_37():  # type: ignore[no-untyped-def]
    """The 37 sectors of the reference list, each with a fund."""
    rows = read_data("sectors.csv")
    for r in rows:
        sector = SectorFactory(
            code=r["code"], name=r["name"], has_dual_partnership=r["has_dual_partnership"] == "1"
        )
        OrganisationFactory(kind=OrganisationKind.SECTOR_FUND, sectors=[sector])
    load_covenants_2021()
    return m.CovenantGeneration.objects.get(code="2021-2022")
