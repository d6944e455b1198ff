"""Issue 11 §6: the API token use log and the sign-in records have their own retention."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone

from brug.access.models import ApiTokenUse
from brug.access.services import access_logs_prune
from brug.access.tests import factories as f
from brug.accounts.models import SignIn
from brug.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _age(model: type, pk: int, field: str, days: int) -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.now() - timedelta(days=days)})


def test_old_token_uses_sign_ins_and_attempt_logs_go_and_recent_ones_and_lockouts_stay() -> None:
    token, _ = f.make_token()
    old_use = ApiTokenUse.objects.create(token=token, method="GET", path="/api/x/", ip=None)
    new_use = ApiTokenUse.objects.create(token=token, method="GET", path="/api/y/", ip=None)
    _age(ApiTokenUse, old_use.pk, "at", 400)
    user = UserFactory()
    old_sign_in = SignIn.objects.create(user=user, method="password")
    SignIn.objects.create(user=user, method="password")
    _age(SignIn, old_sign_in.pk, "at", 400)
    log = AccessLog.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="", http_accept="*/*", path_info="/"
    )
    _age(AccessLog, log.pk, "attempt_time", 400)
    lockout = f.make_attempt(failures=9)
    _age(AccessAttempt, lockout.pk, "attempt_time", 400)

    pruned = access_logs_prune(older_than=timedelta(days=365))

    assert pruned == {"token_uses": 1, "sign_ins": 1, "sign_in_attempts": 1}
    assert list(ApiTokenUse.objects.values_list("pk", flat=True)) == [new_use.pk]
    assert SignIn.objects.count() == 1
    assert AccessAttempt.objects.filter(pk=lockout.pk).exists()  # a lockout is never released


def test_the_command_reports_what_it_deleted_and_refuses_absurd_days() -> None:
    out = StringIO()
    call_command("access_prune", "--days", "30", stdout=out)
    assert "Deleted 0 token uses, 0 sign-ins and 0 sign-in attempt records" in out.getvalue()
    with pytest.raises(Exception, match="between 1 and 3650"):
        call_command("access_prune", "--days", "0")
