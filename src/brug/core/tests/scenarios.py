from __future__ import annotations

from django.utils import timezone

from brug.accounts.tests.factories import UserFactory
from brug.core.models import AuditEntry, Job, SavedSearch
from brug.core.testing.matrix import UNRELATED, ActorContext, scenario


@scenario("core.job")
def job(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "own":
        if actor.organisation is None:
            return None
        return Job.objects.create(kind="test", title="t", created_by=actor.user), {"own"}
    return Job.objects.create(kind="test", title="t", created_by=UserFactory()), set()


@scenario("core.auditentry")
def audit_entry(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation != UNRELATED:
        return None
    return AuditEntry.objects.create(verb="test", object_type="x", object_id="1"), set()


@scenario("core.savedsearch")
def saved_search(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "own" and not actor.user.is_authenticated:
        return None
    owner = actor.user if relation == "own" else UserFactory()
    search = SavedSearch.objects.create(
        owner=owner, kind="test", name="t", last_checked_at=timezone.now()
    )
    return search, {"own"} if relation == "own" else set()
