"""One settings module, every value from the environment.

With nothing set the project runs on a SQLite file with Celery tasks executed eagerly, so a
newcomer can try it with one command. ``DATABASE_URL`` switches to PostgreSQL and
``CELERY_BROKER_URL`` to Redis with real workers and beat. ``DJANGO_PRODUCTION=1`` turns on
the hardening that ``manage.py check --deploy`` asks for and refuses to start without a
real ``SECRET_KEY``.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("DJANGO_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)

_LOCAL_ONLY_SECRET = "local-development-only-not-a-secret"
SECRET_KEY = os.environ.get("SECRET_KEY") or _LOCAL_ONLY_SECRET
if PRODUCTION and SECRET_KEY == _LOCAL_ONLY_SECRET:
    raise ImproperlyConfigured("Set SECRET_KEY when DJANGO_PRODUCTION is on.")
# The same bar as ``check --deploy`` (security.W009), but refusing to start rather than warning:
# a short or generated-for-development key lets anyone forge sessions and reset links.
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DJANGO_PRODUCTION: use at least 50 random characters, "
        "not one starting with 'django-insecure' (e.g. python -c \"import secrets; "
        'print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "ciie_delegations.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "delegations",
    "purchasers",
    "deals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ciie_delegations.urls"
WSGI_APPLICATION = "ciie_delegations.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "delegations.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

REST_FRAMEWORK = {
    # Token first: its ``WWW-Authenticate: Token`` header makes anonymous and bad-token calls
    # a 401 (with the session first they would be a 403); a signed-in browser still works.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["delegations.permissions.ScopedAPIPermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CIIE delegation manager API",
    "DESCRIPTION": "Trading delegations, sub-delegations, purchasers and intended deals.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc are served from the sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: eager in the embedded default, Redis and real workers when a broker is given.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
if not CELERY_BROKER_URL:
    # Eager tasks never reach a broker; an in-memory one keeps Celery from looking for AMQP.
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# Deadline reminders: every morning, Beijing time.
CELERY_BEAT_SCHEDULE["send-reminders-daily"] = {
    "task": "delegations.send_reminders",
    "schedule": crontab(hour=8, minute=0),
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ciie-delegations@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Deals: the largest single deal accepted (USD, one-year basis), the recording window of an
# edition (from this many weeks before it opens to the end of the year after it closes),
# and how long an open deal of a past edition may go without a follow-up note.
DEAL_MAX_USD = os.environ.get("DEAL_MAX_USD", "10000000000")
DEAL_WINDOW_WEEKS_BEFORE = int(os.environ.get("DEAL_WINDOW_WEEKS_BEFORE", "8"))
DEAL_FOLLOW_UP_DAYS = int(os.environ.get("DEAL_FOLLOW_UP_DAYS", "90"))

# One name per choice set in the API schema, where several models share a field name.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "RegistrationStatusEnum": "purchasers.models.Registration.Status",
    "CheckStatusEnum": "purchasers.models.CheckStatus",
    "PurchaserKindEnum": "purchasers.models.Purchaser.Kind",
    "CurrencyEnum": "deals.models.Deal.Currency",
    "DeadlineKindEnum": "delegations.models.Deadline.Kind",
    "ReminderKindEnum": "delegations.models.Reminder.Kind",
}

# Roll-ups (deals.rollups): a change queues one refresh a few seconds later, so that a burst
# of edits is coalesced; the nightly recompute reports and corrects any drift. Background
# exports are removed after EXPORT_RETENTION_HOURS.
ROLLUP_REFRESH_DELAY_SECONDS = int(os.environ.get("ROLLUP_REFRESH_DELAY_SECONDS", "5"))
EXPORT_RETENTION_HOURS = int(os.environ.get("EXPORT_RETENTION_HOURS", "24"))
CELERY_BEAT_SCHEDULE["deals-rollup-nightly"] = {
    "task": "deals.tasks.recompute_rollups_task",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["deals-exports-clean-up"] = {
    "task": "deals.tasks.clean_up_exports_task",
    "schedule": 3600.0,
}
# Uploaded sheets waiting for a confirmation that never came (the import core, sheets.py).
CELERY_BEAT_SCHEDULE["sheet-uploads-clean-up"] = {
    "task": "delegations.tasks.clean_up_sheet_uploads_task",
    "schedule": 3600.0,
}
