"""One log line per request and per task, and a record of failed logins.

django-structlog binds a request id and the user's id to every line a request writes, and
hands both to the tasks the request queues (their lines carry the same ``request_id``).
Here: the request's duration, the path without its query string (a search box could put
an ID number there) with the secrets some paths carry masked (a firm's invitation and
status links, a password-setting link), and the failed logins. Nothing personal goes into
a line: ids, never names, ID numbers, phones or the username typed at a failed login.
"""

import re
import time

import structlog
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django_structlog import signals
from django_structlog.celery import signals as task_signals
from django_structlog.middlewares import RequestMiddleware

logger = structlog.get_logger("ciie_delegations.security")


# Paths whose next segment is a bearer secret: whoever reads the log must not be able to
# open a firm's registration or set someone's password with it.
SECRET_IN_PATH = re.compile(r"^(/i/(?:status/)?|/accounts/set-password/[^/]+/)([^/]+)")


def loggable_path(path: str) -> str:
    return SECRET_IN_PATH.sub(r"\1***", path)


class RequestLogMiddleware(RequestMiddleware):
    @staticmethod
    def format_request(request) -> str:
        return f"{request.method} {loggable_path(request.path)}"


@receiver(signals.bind_extra_request_metadata)
def _start_clock(request, logger, log_kwargs, **kwargs):
    request._log_started_at = time.monotonic()
    log_kwargs.pop("user_agent", None)


@receiver(signals.bind_extra_request_finished_metadata)
def _add_duration(request, logger, response, log_kwargs, **kwargs):
    started = getattr(request, "_log_started_at", None)
    if started is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started) * 1000, 1)


@receiver(task_signals.bind_extra_task_metadata)
def _name_the_task(task, logger, **kwargs):
    structlog.contextvars.bind_contextvars(task=task.name)


@receiver(user_login_failed)
def _record_failed_login(sender, credentials, request=None, **kwargs):
    """A failed sign-in: the account's id when the username exists, never what was typed."""
    username = (credentials or {}).get("username") or ""
    user_id = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
        if username
        else None
    )
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    logger.warning("login_failed", account_id=user_id, known_account=user_id is not None, ip=ip)
