"""Settings, read once from the environment.

Safe defaults exist only for the demo (DEBUG=true, an embedded SQLite database in DATA_DIR).
With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be given and the secure transport settings
are on, so `commissioning check --deploy` has nothing to report. See README.md, Configuration.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from commissioning.config.env import env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent

DEBUG = env_bool("DEBUG", default=False)
DATA_DIR = Path(env_str("DATA_DIR") or PROJECT_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Demo only: keep one random key per data directory so sessions survive restarts.
    key_file = DATA_DIR / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Shown in the page header and emails: the council's service name.
SERVICE_NAME = env_str("SERVICE_NAME", "Commissioning") or "Commissioning"
# The demo council's data is partly invented; pages say so while this is on.
DEMO_MODE = env_bool("DEMO_MODE", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "commissioning.core",
    "commissioning.accounts",
    "commissioning.cycles",
    "commissioning.needs",
    "commissioning.market",
    "commissioning.finance",
    "commissioning.strategy",
    "commissioning.procurement",
    "commissioning.contracts",
    "commissioning.care",
    "commissioning.site",
    "commissioning.demo",
]

MIDDLEWARE = [
    "commissioning.core.middleware.RequestLogMiddleware",
    # Answers /healthz before sessions, users, CSRF and audit: probes need none of them.
    "commissioning.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation asks: turns a locked-out sign-in into our own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commissioning.config.urls"
WSGI_APPLICATION = "commissioning.config.wsgi.application"

TEMPLATES = [
    {
        # Pages: Jinja2 with the GOV.UK Frontend macros (templates in <app>/jinja2/).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "commissioning.core.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "commissioning.site.context_processors.service",
            ],
        },
    },
    {
        # Django templates: the admin and the browsable API only.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'commissioning.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while a worker or import writes; IMMEDIATE avoids
    # "database is locked" upgrades in concurrent write transactions. Connections persist
    # (CONN_MAX_AGE, as on PostgreSQL): opening one and running these PRAGMAs, which Django does
    # only for a new connection, cost more than a simple page. Each gunicorn sync worker or
    # server thread keeps its own, and none holds a transaction open between requests.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cost of turning an opening officer's passphrase into the key that unlocks their opening key
# (Argon2id, libsodium's "moderate": 3 passes over 256 MiB, under a second here). Someone holding
# a database dump must pay it for every guess.
OPENING_KEY_PWHASH = {"opslimit": 3, "memlimit": 256 * 1024 * 1024}

# Open contracting data (procurement.ocds). A publisher registers its own ocid prefix with the Open
# Contracting Partnership ("ocds-" and six characters); the default marks data as not yet registered.
OCDS_OCID_PREFIX = env_str("OCDS_OCID_PREFIX", "ocds-xxxxxx")
OCDS_PUBLISHER_NAME = env_str("OCDS_PUBLISHER_NAME", "Commissioning")
# The address the public reaches the service at, for links inside published data (notices, OCDS).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Parts of pages rendered once and kept under keys of what they show (core.fragments): a store in
# each worker's memory. Nothing in it needs invalidating (a changed record gives a new key), so
# workers need not share it. Sessions are not kept here (see the note on sessions below).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 3000, minimum=100)},
    }
}

# Signed-in pages kept whole until any record changes (core.kept_pages), in the cache above.
KEPT_PAGES = env_bool("KEPT_PAGES", default=True)

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Sign-in throttling (django-axes): after SIGN_IN_FAILURE_LIMIT wrong passwords for one email
# address, that address cannot sign in for SIGN_IN_LOCK_MINUTES, or until an administrator
# unlocks it (audited). Locking by address, not by network address, so one office behind a
# shared address is not locked out by a colleague's typing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the person's organisation loaded in the same query. Sessions
    # started under "django.contrib.auth.backends.ModelBackend" ask to sign in again, once.
    "commissioning.accounts.backends.UserBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCK_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns that locks without the network address can be dodged by changing browser details;
# that is true of locks keyed on those details, not of ours, keyed on the address alone.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field (our accounts sign in by email)
AXES_USERNAME_CALLABLE = "commissioning.accounts.forms.attempted_email"
AXES_LOCKOUT_CALLABLE = "commissioning.accounts.views.sign_in_locked"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Successful sign-ins are not logged with network addresses: nothing reads them (data minimisation).
AXES_DISABLE_ACCESS_LOG = True
CSRF_FAILURE_VIEW = "commissioning.core.views.csrf_failure"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
# Sessions stay in the database (Django's default engine), so signing out ends a session on the
# server. Signed-cookie sessions would save one query a page (bench/load.py: about a sixth of the
# simplest signed-in page) but a copied cookie would outlive sign-out; cached_db with a cache per
# worker would keep a signed-out session alive in the other workers' caches.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or DATA_DIR / "staticfiles")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Bulk figures (population by single year of age) live as Parquet files, not database rows.
POPULATION_DIR = Path(env_str("POPULATION_DIR") or DATA_DIR / "population")
# Background jobs keep uploads here until their task has read them, and the documents they build
# for their owner to download: task workers on other machines need the same directory.
JOBS_DIR = Path(env_str("JOBS_DIR") or DATA_DIR / "jobs")

# Transport security: on whenever DEBUG is off; each can be turned off behind a proxy that
# terminates TLS itself (then set BEHIND_TLS_PROXY=true so Django trusts X-Forwarded-Proto).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "commissioning@localhost")

REST_FRAMEWORK = {
    # Token first, so a request without credentials gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["commissioning.core.api.ListFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "commissioning.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SERVICE_NAME} API",
    "DESCRIPTION": (
        "Commissioning cycles, their activities, effort and findings, with the organisations and "
        "areas they cover. Every endpoint applies the same access rules as the web pages."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AreaLevelEnum": "commissioning.core.choices.AreaLevel",
        "CycleLevelEnum": "commissioning.cycles.choices.Level",
        "CycleStatusEnum": "commissioning.cycles.choices.CycleStatus",
        "ActivityStatusEnum": "commissioning.cycles.choices.ActivityStatus",
        "FindingStatusEnum": "commissioning.cycles.choices.FindingStatus",
        "OrganisationKindEnum": "commissioning.accounts.choices.OrganisationKind",
        "VintageKindEnum": "commissioning.needs.choices.VintageKind",
        "RateKindEnum": "commissioning.needs.choices.RateKind",
        "AdjustmentKindEnum": "commissioning.needs.choices.AdjustmentKind",
        "ContactKindEnum": "commissioning.market.choices.ContactKind",
        "ConcernKindEnum": "commissioning.market.choices.ConcernKind",
        "RatingEnum": "commissioning.market.choices.Rating",
        "ModelKindEnum": "commissioning.finance.choices.ModelKind",
        "ServiceTypeEnum": "commissioning.core.choices.ServiceType",
        "ExerciseStatusEnum": "commissioning.finance.choices.ExerciseStatus",
        "JobStatusEnum": "commissioning.core.choices.JobStatus",
        "RiskStatusEnum": "commissioning.strategy.choices.RiskStatus",
        "StrategyStatusEnum": "commissioning.strategy.choices.StrategyStatus",
        "TransitionStatusEnum": "commissioning.strategy.choices.TransitionStatus",
        "ContractKindEnum": "commissioning.contracts.choices.ContractKind",
        "VariationKindEnum": "commissioning.contracts.choices.VariationKind",
        "StandardKindEnum": "commissioning.contracts.choices.StandardKind",
        "CapacityUnitEnum": "commissioning.contracts.choices.CapacityUnit",
    },
}

# Background work (imports, documents, emails) goes through Django's task interface. The demo
# runs tasks in the request; production queues them in the database for `commissioning db_worker`.
TASKS_BACKEND = env_choice("TASKS_BACKEND", "immediate" if DEBUG else "database", ("immediate", "database"))
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TASKS_BACKEND == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOG_LEVEL = env_choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper()
LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", ("json", "text"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "commissioning.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Our request log replaces Django's own per-request lines.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}
