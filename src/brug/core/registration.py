"""How a domain app registers what it contributes to core (policies, menu, home panels, metrics)."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig


class BrugAppConfig(AppConfig):
    """The one way a domain app tells core what it contributes, from `ready`.

    * `registers`: the app's modules imported for what they register on import (policies in
      `permissions`, job handlers, demo steps). Missing modules are skipped.
    * `panels_module` may define `NAVIGATION` (menu entries) and `HOME_PANELS` (home page
      panels); `metrics_module` may define `METRICS` (named metrics for covenant indicators);
      `alerts_module` may define `SEARCH_KINDS` (kinds of saved search, `brug.core.alerts`).
    Core never imports a domain app: the app hands these over here. (Subclass it as
    `registration.BrugAppConfig`: a class imported by name into an `apps.py` would count as a
    second app config there, and Django would pick neither.)
    """

    registers: tuple[str, ...] = ("permissions", "jobs", "demo")
    panels_module = "panels"
    metrics_module = "metrics"
    alerts_module = "alerts"

    def _module(self, name: str) -> object | None:
        path = f"{self.name}.{name}"
        return import_module(path) if find_spec(path) is not None else None

    def ready(self) -> None:
        from brug.core.alerts import kind_register
        from brug.core.home import home_panel_register
        from brug.core.metrics import metric_register
        from brug.core.navigation import nav_register

        for name in self.registers:
            self._module(name)
        panels = self._module(self.panels_module)
        for entry in getattr(panels, "NAVIGATION", ()):
            nav_register(entry)
        for panel in getattr(panels, "HOME_PANELS", ()):
            home_panel_register(panel)
        metrics = self._module(self.metrics_module)
        for metric in getattr(metrics, "METRICS", ()):
            metric_register(metric)
        alerts = self._module(self.alerts_module)
        for kind in getattr(alerts, "SEARCH_KINDS", ()):
            kind_register(kind)
