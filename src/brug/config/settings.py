"""Settings for Brug. Everything that differs between machines comes from the environment.

The defaults make `make demo` work on a fresh machine: SQLite under `var/`, DEBUG on,
a throw-away secret key. Production uses `brug.config.settings_production`.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from brug.config.env import env_bool, env_int, env_list, env_str

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
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "brug.core",
    "brug.accounts",
    "brug.registry",
    "brug.workplace",
    "brug.matching",
    "brug.covenants",
    "brug.innovet",
    "brug.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "brug.accounts.active.ActiveOrganisationMiddleware",
    "brug.core.middleware.DutchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
    "rules.permissions.ObjectPermissionBackend",
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
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["brug.core.api.permissions.DenyByDefault"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "brug.core.api.views.brug_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "1200/min"},
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
    # Choice sets that several serializers share get one stable name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "brug.registry.models.OrganisationKind",
        "FinalityEnum": "brug.registry.models.Finality",
        "PlacementKindEnum": "brug.workplace.models.PlacementKind",
        "DeclineReasonEnum": "brug.workplace.models.DeclineReason",
        "EndReasonEnum": "brug.workplace.models.EndReason",
        "ContactKindEnum": "brug.workplace.models.ContactKind",
        "OfferKindEnum": "brug.innovet.models.OfferKind",
        "AddendumKindEnum": "brug.covenants.models.AddendumKind",
        "CommitmentKindEnum": "brug.covenants.models.CommitmentKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Brug's own settings.
BRUG_DEMO = env_bool("BRUG_DEMO", True)
BRUG_SMALL_CELL_K = env_int("BRUG_SMALL_CELL_K", 5)
# Accounts: how long an invitation link works; whether the username/password form is offered.
BRUG_INVITATION_DAYS = env_int("BRUG_INVITATION_DAYS", 14)
# Password login can be switched off where everyone signs in through the government.
BRUG_PASSWORD_LOGIN = env_bool("BRUG_PASSWORD_LOGIN", True)
