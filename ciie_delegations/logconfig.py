"""How every process logs: one format, timestamps in UTC, JSON on request.

Used by the settings (Django, Celery worker and beat) and by ``gunicorn.conf.py``, so that
the web server's own lines look like the application's. Imports nothing from Django: the
settings module loads it.
"""

import structlog

# Loggers whose lines say again what the request or task line already says (or carry a
# task's return value): only their warnings and errors are kept. django-structlog's
# ``request_failed`` line carries the traceback that ``django.request`` would repeat, and
# /healthz/ names what is down in its answer and its request line.
_QUIET = {
    "django.request": "CRITICAL",
    "django.server": "WARNING",
    "celery.app.trace": "WARNING",
    "celery.worker.strategy": "WARNING",
    "health_check": "CRITICAL",
    # django-axes' own lines repeat what ours say (login_failed, login_throttled).
    "axes": "WARNING",
}


def logging_config(*, json: bool, level: str = "INFO") -> dict:
    """``LOGGING`` for Django; also configures structlog to hand its events to logging."""
    timestamper = structlog.processors.TimeStamper(fmt="iso", utc=True)
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        timestamper,
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json
        else structlog.dev.ConsoleRenderer(colors=False, pad_event_to=0, pad_level=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": [*shared, structlog.stdlib.ExtraAdder()],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            **{name: {"level": quiet} for name, quiet in _QUIET.items()},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
