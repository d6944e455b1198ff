"""Production settings: secure by default; every secret comes from the environment."""

from __future__ import annotations

import os

from brug.config.env import env_bool, env_int

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("BRUG_DEMO", "false")

from brug.config.settings import *  # noqa: F403
from brug.config.settings import SECRET_KEY as _DEMO_SECRET_KEY
from brug.core.observability import logging_config

if DEBUG:  # noqa: F405
    raise RuntimeError("DEBUG must be false in production")
if "insecure" in _DEMO_SECRET_KEY:
    raise RuntimeError("Set SECRET_KEY to a long random value in production")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# nginx sends uploaded files from an internal location after the view asked the policy.
BRUG_MEDIA_ACCEL_PREFIX = os.environ.get("BRUG_MEDIA_ACCEL_PREFIX", "/protected-media/")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Static files with content-hashed names (cached for ever by browsers and proxies).
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
# Probes come over plain HTTP by IP address; ProbeMiddleware answers them first. Everything
# else is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
LOGGING = logging_config(
    json_lines=os.environ.get("LOG_FORMAT", "json") == "json",
    level=os.environ.get("LOG_LEVEL", "INFO"),
)

# Scripts use API tokens, not a person's password: HTTP Basic is off unless explicitly enabled.
if not env_bool("BRUG_API_BASIC_AUTH", False):
    _classes: list[str] = REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]  # type: ignore[assignment]  # noqa: F405
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [  # noqa: F405
        c for c in _classes if c != "rest_framework.authentication.BasicAuthentication"
    ]

# Links in e-mail: the public address, by default the first allowed host over HTTPS.
if not os.environ.get("BRUG_BASE_URL"):
    BRUG_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"  # noqa: F405
