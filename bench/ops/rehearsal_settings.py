"""Production settings plus the rehearsal's job kind (bench/ops only; never deployed)."""

from brug.config.settings_production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "rehearsal_app"]  # noqa: F405
