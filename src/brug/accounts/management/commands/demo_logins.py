from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from brug.accounts.models import Membership
from brug.core.demo import DEMO_PASSWORD
from brug.registry.demo import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins, one per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where Brug is served")

    def handle(self, *args: Any, **options: Any) -> None:
        login_url = options["url"].rstrip("/") + "/aanmelden/"
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}) — {login_url}")
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
