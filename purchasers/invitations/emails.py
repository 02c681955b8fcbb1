"""Emails of invitations: the link to a contact, the one-time code, the firm's status link."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from delegations.emails import send_email

from .models import Invitation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def invitation_link(invitation: Invitation) -> str:
    return absolute(reverse("invitation-open", kwargs={"token": invitation.token}))


def status_link(token: str) -> str:
    return absolute(reverse("invitation-status", kwargs={"token": token}))


def send_invitation_email(*, invitation_id: int, address: str, language: str = "") -> bool:
    """The invitation's link and short code to one contact; nothing once it is revoked."""
    invitation = (
        Invitation.objects.select_related("sub_delegation__delegation", "unit")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.usable:
        return False
    context = {
        "invitation": invitation,
        "link": invitation_link(invitation),
        "code_link": absolute(reverse("invitation-code")),
    }
    send_email(
        templates="emails/invitations/invitation", context=context, to=address, language=language
    )
    return True


def send_confirmation_code(*, address: str, code: str, invitation: Invitation) -> None:
    """The one-time code that confirms the contact's address, in the page's language."""
    context = {"code": code, "invitation": invitation}
    send_email(
        templates="emails/invitations/code",
        context=context,
        to=address,
        language=translation.get_language() or "",
    )


def send_status_link(*, address: str, token: str, registration) -> None:
    """The firm's private status link, once its registration has been submitted."""
    context = {"link": status_link(token), "registration": registration}
    send_email(
        templates="emails/invitations/status",
        context=context,
        to=address,
        language=translation.get_language() or "",
    )
