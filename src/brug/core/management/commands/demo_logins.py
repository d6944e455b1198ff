from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from brug.accounts.models import Membership
from brug.core.demo import DEMO_PASSWORD
from brug.registry.demo import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins, one per role."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            f"Demo logins (password for all: {DEMO_PASSWORD}) — http://127.0.0.1:8000/aanmelden/"
        )
        for role, username in DEMO_LOGINS.items():
            membership = (
                Membership.objects.filter(user__username=username, role=role)
                .select_related("organisation")
                .first()
            )
            where = (
                membership.organisation.name
                if membership
                else "(not generated yet: run brug demo-data)"
            )
            self.stdout.write(f"  {username:<12} {role:<22} {where}")
