"""The invitation and reset email with a link to set the password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..emails import send_email
from ..models import User


def set_password_link(user: User) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def send_password_email(*, user_id: int, kind: str) -> bool:
    """The invitation (or reset) email with a link to set the password; text and HTML."""
    user = User.objects.select_related("unit").filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    send_email(
        templates="emails/accounts/set_password",
        context={"user": user, "link": set_password_link(user), "kind": kind},
        to=user.email,
        language=user.language,
    )
    return True
