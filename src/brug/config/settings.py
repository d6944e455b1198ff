"""Settings for Brug. Everything that differs between machines comes from the environment.

The defaults make `make demo` work on a fresh machine: SQLite under `var/`, DEBUG on,
a throw-away secret key. Production uses `brug.config.settings_production`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from brug.config.env import env_bool, env_int, env_list, env_str
from brug.core.observability import logging_config, sentry_init

SRC_DIR = Path(__file__).resolve().parents[2]
_REPO_DIR = SRC_DIR.parent
VAR_DIR = Path(
    env_str(
        "BRUG_VAR_DIR",
        str(_REPO_DIR / "var" if (_REPO_DIR / "pyproject.toml").exists() else Path.cwd() / "var"),
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "brug-demo-only-insecure-key-change-me-in-production-0000")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "brug.core",
    "brug.accounts",
    "brug.registry",
    "brug.workplace",
    "brug.matching",
    "brug.covenants",
    "brug.education",
    "brug.corework",
    "brug.innovet",
    "brug.monitoring",
    "brug.partnerships",
    "brug.access",
    "axes",
]

MIDDLEWARE = [
    "brug.core.health.ProbeMiddleware",
    "brug.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "brug.core.middleware.CSPMiddleware",  # django-csp's, the policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Session, sign-in from the session, messages and htmx pass over an API token request
    # without a session cookie (`brug.core.middleware.is_token_api`): nothing to do for it.
    "brug.core.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "brug.core.middleware.AuthenticationMiddleware",
    "brug.accounts.active.ActiveOrganisationMiddleware",
    "brug.core.middleware.DutchFirstLocaleMiddleware",
    "brug.core.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "brug.core.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout into the branded lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "brug.config.urls"
WSGI_APPLICATION = "brug.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brug.core.context_processors.brug",
                "brug.accounts.active.organisations_context",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'brug.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue on busy_timeout instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
        ),
    }
    _db["TEST"] = {"NAME": str(VAR_DIR / "test-brug.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in (page, admin, HTTP Basic) of a locked-out user and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Government login (OpenID Connect, mozilla-django-oidc). On when OIDC_RP_CLIENT_ID is set.
# OIDC_OP_ISSUER fills in the provider's usual endpoint paths; each can be set on its own.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
_OIDC_ISSUER = env_str("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_OIDC_ISSUER}/auth")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", f"{_OIDC_ISSUER}/token")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", f"{_OIDC_ISSUER}/me")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", f"{_OIDC_ISSUER}/jwks")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", f"{_OIDC_ISSUER}/session/end")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_OP_LOGOUT_URL_METHOD = "brug.accounts.oidc.provider_logout_url"
OIDC_CREATE_USER = True  # only with an open invitation (see brug.accounts.oidc)
OIDC_AUTHENTICATE_CLASS = "brug.accounts.oidc.AuthenticateView"
OIDC_CALLBACK_CLASS = "brug.accounts.oidc.CallbackView"
BRUG_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
# The backend answers only when BRUG_OIDC_ENABLED; the login pages offer it only then.
AUTHENTICATION_BACKENDS.append("brug.accounts.oidc.BrugOIDCBackend")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "brug" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
# Belgian formats (brug/config/formats/nl): "2 december 2026", "0,20". Numbers are grouped ("12.345")
# through the `number` and `money` filters, not globally: ids and years stay ungrouped.
FORMAT_MODULE_PATH = ["brug.config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads and generated reports go through Django's storage API (`default_storage`): the file
# system under MEDIA_ROOT by default, or an S3-compatible object store with BRUG_STORAGE=s3
# (django-storages; see docs/deployment.md). Files are never public: a view asks the policy
# and streams them (core/files.py).
BRUG_STORAGE = env_str("BRUG_STORAGE", "filesystem")
if BRUG_STORAGE not in ("filesystem", "s3"):
    raise RuntimeError("BRUG_STORAGE must be 'filesystem' or 's3'")


def _s3_storage_options() -> dict[str, object]:
    """django-storages' S3 options from the environment (no public ACL, private bucket)."""
    bucket = env_str("BRUG_S3_BUCKET", "")
    if not bucket:
        raise RuntimeError("BRUG_STORAGE=s3 needs BRUG_S3_BUCKET")
    return {
        "bucket_name": bucket,
        "endpoint_url": env_str("BRUG_S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("BRUG_S3_REGION", "") or None,
        "access_key": env_str("BRUG_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("BRUG_S3_SECRET_ACCESS_KEY", "") or None,
        "location": env_str("BRUG_S3_PREFIX", ""),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env_int("BRUG_S3_URL_SECONDS", 60),
        "file_overwrite": False,
    }


STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_storage_options()}
        if BRUG_STORAGE == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# One cache for every app server when REDIS_URL is set (throttling, facet counts, open figures);
# local memory for a single process otherwise. Django's Redis backend with its client kept per
# connection pool and a one-round-trip `incr` (`brug.core.cache_backends`).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "brug.core.cache_backends.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Guessing passwords (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username
# from one address, that pair is locked out (sign-in page, /beheer/ and HTTP Basic alike) for
# BRUG_LOCKOUT_MINUTES, and every further try restarts the wait. The platform admin unlocks
# at /toegang/blokkades/. Attempts live in the database, so all app servers see them.
AXES_FAILURE_LIMIT = env_int("BRUG_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BRUG_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "brug.access.client.client_ip"
# Behind reverse proxies: how many of them append to X-Forwarded-For (0: use REMOTE_ADDR).
BRUG_PROXY_COUNT = env_int("BRUG_PROXY_COUNT", 0)
AXES_VERBOSE = False
# Successful sign-ins go to Brug's own audit trail; no second, unbounded log of them.
AXES_DISABLE_ACCESS_LOG = True

# E-mail: SMTP when EMAIL_HOST is set, otherwise the console (the demo prints every message).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Brug <noreply@brug.localhost>")
# Every link in an e-mail starts with this address.
BRUG_BASE_URL = env_str("BRUG_BASE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The token class comes first: a request without valid credentials gets 401 with
    # `WWW-Authenticate: Bearer`, not 403. Production settings drop HTTP Basic.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "brug.access.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["brug.core.api.permissions.DenyByDefault"],
    "DEFAULT_PAGINATION_CLASS": "brug.core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "brug.core.api.problems.problem_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "brug.core.api.problems.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "brug.core.api.throttling.AnonRateThrottle",
        "brug.core.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("BRUG_API_RATE_ANON", "120/min"),
        "user": env_str("BRUG_API_RATE_USER", "1200/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Brug API",
    "DESCRIPTION": (
        "Open API of Brug, the platform on which education and the labour market in Flanders "
        "work together. Every endpoint answers only what the caller may see."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SORT_OPERATIONS": True,
    # Every operation documents its error answers: problem details (brug.core.api.problems).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "brug.core.api.problems.problem_responses_hook",
    ],
    # Choice sets that several serializers share get one stable name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "brug.registry.models.OrganisationKind",
        "FinalityEnum": "brug.registry.models.Finality",
        "PlacementKindEnum": "brug.workplace.models.PlacementKind",
        "DeclineReasonEnum": "brug.workplace.models.DeclineReason",
        "EndReasonEnum": "brug.workplace.models.EndReason",
        "ContactKindEnum": "brug.workplace.models.ContactKind",
        "ConditionKindEnum": "brug.workplace.models.ConditionKind",
        "ConditionVerdictEnum": "brug.workplace.models.ConditionVerdict",
        "TargetGroupEnum": "brug.workplace.models.TargetGroup",
        "LearningRouteEnum": "brug.registry.models.LearningRoute",
        "OfferKindEnum": "brug.innovet.models.OfferKind",
        "AddendumKindEnum": "brug.covenants.models.AddendumKind",
        "CommitmentKindEnum": "brug.covenants.models.CommitmentKind",
        "ConsultationRoundStatusEnum": "brug.education.models.ConsultationRound.Status",
        "EngagementStatusEnum": "brug.education.models.EngagementStatus",
        "PartnershipKindEnum": "brug.partnerships.models.PartnershipKind",
    },
}

# Logs: JSON lines (one object per line, with the request id) for log shippers, plain text
# for a developer; production defaults to JSON.
LOGGING = logging_config(
    json_lines=env_str("LOG_FORMAT", "text") == "json", level=env_str("LOG_LEVEL", "INFO")
)
# Optional error reporting (off unless SENTRY_DSN is set; no personal data is sent).
SENTRY_ENABLED = sentry_init(
    dsn=env_str("SENTRY_DSN", ""),
    environment=env_str("SENTRY_ENVIRONMENT", "production"),
    release=env_str("BRUG_RELEASE", ""),
)

# Brug's own settings.
BRUG_DEMO = env_bool("BRUG_DEMO", True)
BRUG_SMALL_CELL_K = env_int("BRUG_SMALL_CELL_K", 5)

# Background jobs: heartbeat of a running job, and after how long without one its worker
# counts as dead (then `brug worker` retries or fails the job; it checks every minute).
BRUG_JOB_HEARTBEAT_SECONDS = env_int("BRUG_JOB_HEARTBEAT_SECONDS", 15)
BRUG_JOB_STALE_SECONDS = env_int("BRUG_JOB_STALE_SECONDS", 120)
BRUG_JOB_RECOVER_SECONDS = env_int("BRUG_JOB_RECOVER_SECONDS", 60)

# Figures many people ask for the same way (open figures): kept this many seconds (0: never).
BRUG_FIGURES_CACHE_SECONDS = env_int("BRUG_FIGURES_CACHE_SECONDS", 300)
# An anonymous visitor's API list (the public catalogue, the registry) is the same for every
# anonymous visitor: its JSON is kept this long (brug.core.api.views). A change shows in the
# public lists at most this many seconds later; signed-in callers always read the database.
BRUG_PUBLIC_LIST_CACHE_SECONDS = env_int("BRUG_PUBLIC_LIST_CACHE_SECONDS", 60)
# A signed-in caller's API list page and an API token's check are kept this long (0: never),
# under a data version that every database write bumps (brug.core.api_cache), so a write, a
# revoked role or a revoked token shows at the next request. Only with a shared cache
# (REDIS_URL), or with BRUG_API_CACHE_LOCAL for a deployment of one process.
BRUG_API_CACHE_SECONDS = env_int("BRUG_API_CACHE_SECONDS", 30)
BRUG_API_CACHE_LOCAL = env_bool("BRUG_API_CACHE_LOCAL", False)

# The once-a-day work, in order (`brug daily`, from one cron line; see docs/deployment.md).
BRUG_DAILY_COMMANDS: list[tuple[str, list[str]]] = [
    ("snapshot_metrics", ["--no-progress"]),
    ("innovet_stale_offers", ["--no-progress"]),
    ("mentor_reminders", []),
    ("covenant_reminders", []),
    ("retention", ["--no-progress"]),
    ("saved_searches_run", []),
    ("access_prune", []),
    ("mail_send", ["--digest"]),
    ("jobs_prune", ["--days", str(env_int("BRUG_JOB_RETENTION_DAYS", 30))]),
]
# The one permission matrix (project configuration, like ROOT_URLCONF): core reads it by name.
BRUG_PERMISSION_MATRIX = "brug.permission_matrix"
# Retention (docs/privacy.md, `brug retention`): learners are anonymised this many days after
# their last placement ended; reads in the read log are deleted after this many days.
BRUG_LEARNER_RETENTION_DAYS = env_int("BRUG_LEARNER_RETENTION_DAYS", 365)
BRUG_ACCESS_LOG_RETENTION_DAYS = env_int("BRUG_ACCESS_LOG_RETENTION_DAYS", 730)
# API token uses, sign-ins and sign-in attempt records (`brug access-prune`).
BRUG_ACCESS_RECORD_RETENTION_DAYS = env_int("BRUG_ACCESS_RECORD_RETENTION_DAYS", 365)

# Content-Security-Policy (django-csp), the same in the demo and in production: scripts and
# styles only from Brug itself, no inline <script> or <style>, no eval (htmx is configured in
# base.html not to inject its indicator style nor to eval). Style *attributes* stay allowed: a
# few templates draw bar widths with them and they cannot run code. The API docs page adds one
# exception for Swagger UI's own inline styles (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Uploaded files are sent only through views that ask the policy (brug.core.files); with a
# prefix set, nginx sends them from that internal location (X-Accel-Redirect).
BRUG_MEDIA_ACCEL_PREFIX = env_str("BRUG_MEDIA_ACCEL_PREFIX", "")

# Accounts: how long an invitation link works; whether the username/password form is offered.
BRUG_INVITATION_DAYS = env_int("BRUG_INVITATION_DAYS", 14)
# Password login can be switched off where everyone signs in through the government.
BRUG_PASSWORD_LOGIN = env_bool("BRUG_PASSWORD_LOGIN", True)

# The body named as issuer on every report Brug prints (PDF header and first page). The default
# is the department that follows up the sector covenants; an operator sets its own name.
BRUG_REPORT_ISSUER_NL = env_str(
    "BRUG_REPORT_ISSUER_NL",
    "Vlaamse overheid, Departement Werk en Sociale Economie (opvolging sectorconvenanten)",
)
BRUG_REPORT_ISSUER_EN = env_str(
    "BRUG_REPORT_ISSUER_EN",
    "Flemish Government, Department of Work and Social Economy (sector covenant follow-up)",
)
