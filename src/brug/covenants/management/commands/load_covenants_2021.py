"""brug load-covenants-2021: the real 2021-2022 generation (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from brug.covenants.load_2021 import load_covenants_2021


class Command(BaseCommand):
    help = "Load the 2021-2022 generation of sector covenants (facts from the Flemish Parliament)."

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(desc="covenants 2021-2022", unit="sector") as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            result = load_covenants_2021(progress=progress)
        self.stdout.write(
            f"{result['covenants']} covenants, {result['addenda']} addenda "
            f"({result['sectors_in_registry']} sectors in the registry)."
        )
        if result["without_sector_fund"]:
            self.stdout.write(
                "No sector fund in the registry (covenant without party): "
                + ", ".join(result["without_sector_fund"])
            )
