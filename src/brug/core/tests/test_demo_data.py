"""`brug demo-data`: the whole small set on top of the real reference registry."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from brug.accounts.models import Membership, User
from brug.accounts.roles import ROLE_ORGANISATION_KIND, Role
from brug.registry.demo import DEMO_LOGINS
from brug.registry.models import Organisation, Site


@pytest.mark.django_db(transaction=True)
def test_small_demo_set_gives_every_role_a_login_and_is_labelled() -> None:
    out = io.StringIO()
    call_command("load_reference", stdout=io.StringIO())
    call_command("demo_data", scale="small", seed=1, no_progress=True, stdout=out)
    assert "generated" in out.getvalue()

    for role in Role.values:
        user = User.objects.get(username=DEMO_LOGINS[role])
        assert user.check_password("brug-demo")
        membership = Membership.objects.get(user=user)
        assert membership.role == role
        assert membership.organisation.kind == ROLE_ORGANISATION_KIND[role]

    schools = Organisation.objects.filter(kind="school", is_demo=True)
    assert schools.count() == 24
    assert all("(demo)" in name for name in schools.values_list("name", flat=True))
    # Every demo site sits on the real coordinates of a real municipality.
    for site in Site.objects.filter(is_demo=True).select_related("municipality")[:200]:
        assert (site.latitude, site.longitude) == (
            site.municipality.latitude,
            site.municipality.longitude,
        )

    # The planner has statistics for the generated set (the workplace search depends on them).
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'workplace_opening'")
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'workplace_opening'"
                " AND attname = 'status'"
            )
        assert cursor.fetchone()[0] > 0

    again = io.StringIO()
    call_command("demo_data", scale="small", seed=1, if_empty=True, no_progress=True, stdout=again)
    assert "nothing to do" in again.getvalue()
    assert Organisation.objects.filter(kind="school", is_demo=True).count() == 24
