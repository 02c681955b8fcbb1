"""One settings module, every value from the environment.

With nothing set the project runs on a SQLite file with Celery tasks executed eagerly, so a
newcomer can try it with one command. ``DATABASE_URL`` switches to PostgreSQL and
``CELERY_BROKER_URL`` to Redis with real workers and beat. ``DJANGO_PRODUCTION=1`` turns on
the hardening that ``manage.py check --deploy`` asks for and refuses to start without a
real ``SECRET_KEY``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy
from kombu import Queue

from ciie_delegations.logconfig import logging_config

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
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_structlog",
    "axes",
    "django_countries",
    "delegations",
    "purchasers",
    "deals",
    "ciie_delegations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # One log line per request, with its id, the user's id and the duration.
    "ciie_delegations.logs.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a throttled sign-in with our login page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ciie_delegations.urls"
WSGI_APPLICATION = "ciie_delegations.wsgi.application"

# Our widget templates first: every select starts with 请选择, option labels capitalised.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
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
# Sign-in throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one account from
# one address pause that pair's sign-ins for LOGIN_COOLOFF_MINUTES (never for ever); a
# successful sign-in clears the count. Its own log lines are off: ours name no username.
AUTHENTICATION_BACKENDS = [
    "ciie_delegations.throttling.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ciie_delegations.throttling.locked_out"
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "ciie_delegations.throttling.client_str"
# A signed-in session ends after SESSION_IDLE_MINUTES without a request (each request
# renews it).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The one list of countries and regions (deals.countries): regions of China named as such.
COUNTRIES_OVERRIDE = {
    "HK": gettext_lazy("Hong Kong, China"),
    "MO": gettext_lazy("Macao, China"),
    "TW": gettext_lazy("Taiwan, China"),
}
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media (export files, uploaded sheets) go through the default storage, so that several web
# and worker machines share them: the filesystem (one shared volume) unless
# MEDIA_STORAGE_BACKEND names another, e.g. "storages.backends.s3.S3Storage" with
# django-storages installed and its AWS_* variables set.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Sessions in the database, so any web process answers any signed-in user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

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
# Tasks are idempotent, so a message is acknowledged only once its task has run, and goes
# back to the queue when the process running it dies (killed, out of memory) instead of
# being lost. Redis hands an unacknowledged message to another worker after the visibility
# timeout: it must outlast the longest task (the export's hard limit) and the longest
# countdown, or a task still running would be delivered twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
EXPORT_TIME_LIMIT_SECONDS = int(os.environ.get("EXPORT_TIME_LIMIT_SECONDS", "900"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(
        os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(EXPORT_TIME_LIMIT_SECONDS + 600))
    ),
}
# A broker that is down must not hold a web request for long: the write has happened, and
# the sweeps queue its follow-up later (ciie_delegations.queueing). Workers and beat keep
# reconnecting for as long as it takes.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
# Long exports have a queue of their own, so that a few big workbooks never hold up
# reminders and roll-up refreshes; `make services` runs one worker on both queues, a server
# can run workers per queue (docker-compose.yml).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [
    Queue("celery", routing_key="celery"),
    Queue("exports", routing_key="exports"),
]
CELERY_TASK_ROUTES = {"deals.tasks.export_totals_task": {"queue": "exports"}}
CELERY_WORKER_SEND_TASK_EVENTS = False
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
# The console backend writes every reminder and notice into the log instead of sending it:
# in production that is a misconfiguration unless the operator says it is meant.
if (
    PRODUCTION
    and EMAIL_BACKEND.endswith("console.EmailBackend")
    and not env_bool("ALLOW_CONSOLE_EMAIL", False)
):
    raise ImproperlyConfigured(
        "DJANGO_PRODUCTION is on but no EMAIL_HOST is set, so emails would only be written to "
        "the log. Set EMAIL_HOST (or EMAIL_BACKEND), or ALLOW_CONSOLE_EMAIL=1 if that is meant."
    )
if os.environ.get("EMAIL_FILE_PATH"):  # the file-based backend, for trials
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ciie-delegations@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

if PRODUCTION:
    # Behind a TLS proxy (the normal case) everything stays on: the proxy sets
    # X-Forwarded-Proto. Served over plain HTTP with no proxy (docker-compose.yml on a
    # private network), SECURE_SSL_REDIRECT=0 turns off the redirect and the HTTPS-only
    # cookies and HSTS that would lock browsers out.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = (
        int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
        if SECURE_SSL_REDIRECT
        else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL_REDIRECT
    SECURE_HSTS_PRELOAD = SECURE_SSL_REDIRECT
    SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
    CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
    # /healthz/ answers a probe on plain HTTP inside the network even with the redirect on.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Logs: one line per request and per task (ciie_delegations.logs), timestamps in UTC,
# key=value text by default, one JSON object per line with LOG_FORMAT=json.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

LOGGING = logging_config(json=LOG_FORMAT == "json", level=LOG_LEVEL)
DJANGO_STRUCTLOG_CELERY_ENABLED = True
# The line that says how a request or a task ended is the one kept at INFO.
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = 10  # DEBUG
DJANGO_STRUCTLOG_CELERY_TASK_START_LOG_LEVEL = 10
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False

# Deals: the largest single deal accepted (USD, one-year basis), the recording window of an
# edition (from this many weeks before it opens to the end of the year after it closes),
# and how long an open deal of a past edition may go without a follow-up note.
DEAL_MAX_USD = os.environ.get("DEAL_MAX_USD", "10000000000")
DEAL_WINDOW_WEEKS_BEFORE = int(os.environ.get("DEAL_WINDOW_WEEKS_BEFORE", "8"))
# A new exchange rate further than this (as a fraction) from the previous edition's rate of
# the same region, or from the usual rate below when there is none, needs a confirmation.
RATE_TOLERANCE = os.environ.get("RATE_TOLERANCE", "0.25")
# About what a unit of each currency is worth in USD: only to catch a rate entered the wrong
# way round (6.4 entered as USD per CNY) when there is no previous edition to compare with.
USUAL_USD_PER_UNIT = {"CNY": "0.14", "EUR": "1.08", "JPY": "0.0068", "GBP": "1.27", "HKD": "0.128"}
DEAL_FOLLOW_UP_DAYS = int(os.environ.get("DEAL_FOLLOW_UP_DAYS", "90"))

# One name per choice set in the API schema, where several models share a field name.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "RegistrationStatusEnum": "purchasers.models.Registration.Status",
    "CheckStatusEnum": "purchasers.models.CheckStatus",
    "PurchaserKindEnum": "purchasers.models.Purchaser.Kind",
    "CurrencyEnum": "deals.models.Deal.Currency",
    "RateQuoteEnum": "deals.money.RateQuote",
    "DeadlineKindEnum": "delegations.models.Deadline.Kind",
    "ReminderKindEnum": "delegations.models.Reminder.Kind",
    "UnitReportKindEnum": "deals.bulletins.models.UnitReport.Kind",
    "EventKindEnum": "delegations.audit.models.EventKind",
}

# Roll-ups (deals.rollups): a change queues one refresh a few seconds later, so that a burst
# of edits is coalesced; the nightly recompute reports and corrects any drift. Background
# exports are removed after EXPORT_RETENTION_HOURS.
ROLLUP_REFRESH_DELAY_SECONDS = int(os.environ.get("ROLLUP_REFRESH_DELAY_SECONDS", "5"))
# PostgreSQL work_mem of the full roll-up's transaction (its hash tables stay in memory).
ROLLUP_WORK_MEM = os.environ.get("ROLLUP_WORK_MEM", "256MB")
EXPORT_RETENTION_HOURS = int(os.environ.get("EXPORT_RETENTION_HOURS", "24"))
CELERY_BEAT_SCHEDULE["deals-rollup-nightly"] = {
    "task": "deals.tasks.recompute_rollups_task",
    "schedule": crontab(hour=2, minute=30),
}
# Marks left behind (a broker outage, a change committed while a refresh was reading) are
# refreshed by this sweep, so figures catch up by themselves within a minute or two.
CELERY_BEAT_SCHEDULE["deals-rollup-sweep"] = {
    "task": "deals.tasks.sweep_rollups_task",
    "schedule": float(os.environ.get("ROLLUP_SWEEP_SECONDS", "60")),
}
CELERY_BEAT_SCHEDULE["deals-exports-clean-up"] = {
    "task": "deals.tasks.clean_up_exports_task",
    "schedule": 3600.0,
}
# Export jobs that survive faults (deals.exports): a build is stopped after
# EXPORT_TIME_LIMIT_SECONDS (set with the Celery settings above), started at most
# EXPORT_MAX_ATTEMPTS times when its worker dies, and written in EXPORT_TMP_DIR. The sweep
# (every SWEEP_SECONDS) queues what the broker could not take, ends abandoned jobs and
# removes their temporary files; so does the notices' sweep for unsent review emails.
EXPORT_MAX_ATTEMPTS = int(os.environ.get("EXPORT_MAX_ATTEMPTS", "3"))
EXPORT_REQUEUE_AFTER_SECONDS = int(os.environ.get("EXPORT_REQUEUE_AFTER_SECONDS", "900"))
EXPORT_TMP_DIR = Path(os.environ.get("EXPORT_TMP_DIR", BASE_DIR / "var" / "tmp" / "exports"))
NOTICE_EMAIL_GIVE_UP_DAYS = int(os.environ.get("NOTICE_EMAIL_GIVE_UP_DAYS", "2"))
NOTICE_EMAIL_SWEEP_AFTER_SECONDS = int(os.environ.get("NOTICE_EMAIL_SWEEP_AFTER_SECONDS", "300"))
SWEEP_SECONDS = float(os.environ.get("SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE["deals-exports-sweep"] = {
    "task": "deals.tasks.sweep_exports_task",
    "schedule": SWEEP_SECONDS,
}
CELERY_BEAT_SCHEDULE["purchasers-notices-sweep"] = {
    "task": "purchasers.tasks.sweep_notice_emails_task",
    "schedule": SWEEP_SECONDS,
}

# Personal data retention (purchasers.registration.retention): attendees' ID and phone numbers are
# masked this many months after their edition closes, every night.
PERSONAL_DATA_RETENTION_MONTHS = int(os.environ.get("PERSONAL_DATA_RETENTION_MONTHS", "6"))
CELERY_BEAT_SCHEDULE["purchasers-mask-personal-data"] = {
    "task": "purchasers.tasks.mask_personal_data_task",
    "schedule": crontab(hour=3, minute=15),
}

# Uploaded sheets waiting for a confirmation that never came (the import core, sheets.py).
CELERY_BEAT_SCHEDULE["sheet-uploads-clean-up"] = {
    "task": "delegations.tasks.clean_up_sheet_uploads_task",
    "schedule": 3600.0,
}

# Weekly bulletins to member units (deals.bulletins): due schedules are checked every hour
# (a schedule sends once on its weekday and stops when registration closes); copies left
# waiting by a broker outage are queued again by the sweep.
CELERY_BEAT_SCHEDULE["bulletins-send-due"] = {
    "task": "deals.bulletins.tasks.send_due_bulletins_task",
    "schedule": crontab(minute=5),
}
CELERY_BEAT_SCHEDULE["bulletins-deliveries-sweep"] = {
    "task": "deals.bulletins.tasks.sweep_bulletin_deliveries_task",
    "schedule": SWEEP_SECONDS,
}
