"""Sign-in throttling (django-axes): after ``AXES_FAILURE_LIMIT`` wrong passwords for one
account from one address, that pair is refused for ``AXES_COOLOFF_TIME``, never for ever.

Failed sign-ins are recorded in the log by ``ciie_delegations.logs``; refused (throttled)
ones here, with the account's id and the address, never the username typed.
"""

import structlog
from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = structlog.get_logger("ciie_delegations.login")


class ThrottledBackend(AxesStandaloneBackend):
    """Axes' check before every sign-in made through a request (the login page). A sign-in
    with no request (the test client's ``login``, a shell) has no address to count: it goes
    to the model backend unthrottled, as before."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def locked_out(request, credentials, *args, **kwargs):
    """The login page again, saying in the user's language why and for how long."""
    message = _(
        "Too many wrong passwords for this account from your address. Sign-in is paused "
        "for %(minutes)d minutes; try again later, or ask your delegation's office to reset "
        "your password."
    ) % {"minutes": _minutes()}
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username")})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": message, "next": request.GET.get("next", "")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@receiver(user_locked_out)
def _record_throttled_login(sender, request=None, username=None, ip_address=None, **kwargs):
    User = get_user_model()
    account = (
        User.objects.filter(**{User.USERNAME_FIELD: username}).values_list("pk", flat=True).first()
        if username
        else None
    )
    logger.warning(
        "login_throttled",
        account_id=account,
        known_account=account is not None,
        ip=ip_address,
        cooloff_minutes=_minutes(),
    )


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its own log lines: the address, never the
    username typed."""
    return f"address {ip_address}"
