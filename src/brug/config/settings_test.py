"""Settings for the test suite: the same as the demo, with tasks run immediately."""

import os

from brug.config.settings import *  # noqa: F403
from brug.config.settings import DATABASES, VAR_DIR

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test process, so several test runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-brug-{os.getpid()}.sqlite3")}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Figures are computed on every request in tests (test_caching turns the cache on).
BRUG_FIGURES_CACHE_SECONDS = 0
# Anonymous API lists are read from the database every time (test_public_list_cache turns it on).
BRUG_PUBLIC_LIST_CACHE_SECONDS = 0
# Signed-in API lists and token checks are not kept (test_api_cache turns it on).
BRUG_API_CACHE_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
