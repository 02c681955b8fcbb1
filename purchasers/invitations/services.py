"""Writes of invitations: issue, send, revoke (staff), and a firm registering itself.

The firm's registration goes through ``purchasers.registration.services``' own write path
(``registration_save_draft`` then ``registration_submit``) with the invitation as ``via``:
the same validation, duplicate rules and history as the staff form, with duplicate
messages that say nothing of where a firm or a person is registered.
"""

import hmac
import logging
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue_after_commit
from delegations.audit.models import EventKind
from delegations.audit.services import record
from delegations.capabilities import check
from delegations.models import LeadAgency

from ..models import Registration, RegistrationEvent
from ..registration.duplicates import check_duplicates
from ..registration.services import (
    RegistrationError,
    registration_save_draft,
    registration_submit,
)
from . import emails, tasks, throttle
from .models import FirmAccess, Invitation, token_hash

logger = logging.getLogger(__name__)

# Short codes are typed from a letter or read over the phone: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class InvitationError(Exception):
    """Why an invitation cannot be issued, sent or revoked (answer 400/409)."""


class InvitationClosed(Exception):
    """The link can take no more firms (its cap is reached): nothing is registered."""


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Invitation.objects.filter(code=code).exists():
            return code


@transaction.atomic
def invitation_issue(
    *,
    by,
    lead_agency: LeadAgency,
    name: str,
    expires_on,
    max_firms: int | None = None,
    credit_codes: list[str] | None = None,
    contacts: list[str] | None = None,
) -> Invitation:
    """A new link for firms to register themselves in the lead agency's sub-delegation,
    registered by the issuer's unit and counted towards that lead agency; emailed to
    ``contacts`` once it is stored."""
    check(by, "invitations.issue", lead_agency)
    delegation = lead_agency.sub_delegation.delegation
    if not delegation.registration_open:
        raise InvitationError(
            _("The delegation office has not opened registration for this edition yet.")
        )
    if expires_on < timezone.localdate():
        raise InvitationError(_("The invitation must be valid until today or later."))
    invitation = Invitation.objects.create(
        name=name,
        sub_delegation=lead_agency.sub_delegation,
        lead_agency=lead_agency,
        unit=by.unit,
        issued_by=by,
        token=secrets.token_urlsafe(32),
        code=_new_code(),
        expires_on=expires_on,
        max_firms=max_firms,
        credit_codes=sorted(set(credit_codes or [])),
    )
    if contacts:
        invitation_send(by=by, invitation=invitation, contacts=contacts)
    return invitation


@transaction.atomic
def invitation_send(*, by, invitation: Invitation, contacts: list[str]) -> int:
    """Email the link to each contact, after the change commits (a broker outage loses
    nothing written: the issuer can send again or copy the link)."""
    check(by, "invitations.revoke", invitation)
    check(by, "invitations.issue", invitation.lead_agency)
    if not invitation.usable:
        raise InvitationError(_("This invitation is revoked or expired: it cannot be sent."))

    language = translation.get_language() or ""
    addresses = sorted({address.strip().lower() for address in contacts if address.strip()})
    for address in addresses:
        enqueue_after_commit(
            tasks.send_invitation_email_task,
            kwargs={"invitation_id": invitation.pk, "address": address, "language": language},
        )
    return len(addresses)


@transaction.atomic
def invitation_revoke(*, by, invitation: Invitation) -> Invitation:
    """Close the link to new firms; those who registered through it keep their status link."""
    check(by, "invitations.revoke", invitation)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.revoked_at is not None:
        raise InvitationError(_("This invitation is already revoked."))
    locked.revoked_at, locked.revoked_by = timezone.now(), by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


# --- the firm's side -------------------------------------------------------------------


@dataclass
class Pending:
    """What a firm sent, waiting for its contact's code (kept in the firm's session)."""

    email: str
    code_hash: str
    attempts: int = 0

    def as_dict(self) -> dict:
        return vars(self).copy()


def invitation_full(invitation: Invitation) -> bool:
    """As many firms as the invitation allows have registered through it."""
    return (
        invitation.max_firms is not None
        and invitation.registrations.count() >= invitation.max_firms
    )


def _refuse_closed(invitation: Invitation) -> None:
    if not invitation.usable or invitation_full(invitation):
        raise InvitationClosed


def firm_registration_check(*, invitation: Invitation, purchaser: dict, attendees: list[dict]):
    """Everything the submission would refuse, said before a code is sent: the link is
    open, the firm is on its list (if it has one), nobody is registered twice."""
    _refuse_closed(invitation)
    if invitation.credit_codes and purchaser["credit_code"] not in invitation.credit_codes:
        raise RegistrationError(
            fields={
                "credit_code": [
                    _(
                        "This invitation is for particular firms only, and this credit code "
                        "is not one of them. Please contact the unit that invited you."
                    )
                ]
            }
        )
    check_duplicates(
        edition=invitation.sub_delegation.delegation.edition,
        purchaser=purchaser,
        attendees=attendees,
        public=True,
    )


def confirmation_code_send(*, invitation: Invitation, email: str, client: str) -> Pending:
    """Email a one-time code to the contact's address; counted per link, address, client."""
    throttle.hit("link_codes", invitation.pk)
    throttle.hit("email_codes", email.lower())
    throttle.hit("client_codes", client)
    code = f"{secrets.randbelow(10**6):06d}"
    emails.send_confirmation_code(address=email, code=code, invitation=invitation)
    return Pending(email=email, code_hash=token_hash(f"{email.lower()}:{code}"))


def confirmation_code_matches(*, pending: Pending, code: str) -> bool:
    """Whether the typed code is the one sent; a few tries per code, then a new one."""
    pending.attempts += 1
    if pending.attempts > throttle.limit("code_attempts")[0]:
        raise throttle.Throttled("code_attempts")
    typed = "".join(ch for ch in code if ch.isdigit())
    return hmac.compare_digest(pending.code_hash, token_hash(f"{pending.email.lower()}:{typed}"))


def _firm_contact(*, name: str, email: str):
    """The firm's confirmed contact as the history names them. No role, no unit, no
    password: the account signs nobody in, it says who did what."""
    contact = get_user_model()(
        username=f"firm-{secrets.token_hex(8)}",
        email=email,
        last_name=name[:150],
        first_name=f" · {email}"[:150],
        is_active=False,
        language=translation.get_language() or "",
    )
    contact.set_unusable_password()
    contact.save()
    return contact


@transaction.atomic
def firm_registration_submit(
    *, invitation: Invitation, email: str, purchaser: dict, attendees: list[dict]
) -> tuple[Registration, str]:
    """Register and submit the firm through the staff form's write path, once its contact
    has confirmed ``email``. Returns the registration and its private status token (only
    its hash is kept)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)  # one at a time
    firm_registration_check(invitation=locked, purchaser=purchaser, attendees=attendees)
    contact = _firm_contact(name=purchaser.get("contact_name", ""), email=email)
    registration = registration_save_draft(
        by=contact,
        via=locked,
        sub_delegation=locked.sub_delegation,
        lead_agency=locked.lead_agency,
        purchaser=purchaser,
        attendees=attendees,
    )
    record(
        RegistrationEvent,
        registration=registration,
        by=contact,
        kind=EventKind.SELF_REGISTERED,
        changes={"invitation": ["", locked.name], "confirmed_email": ["", email]},
    )
    registration_submit(registration=registration, by=contact, via=locked)
    token = secrets.token_urlsafe(32)
    FirmAccess.objects.create(
        invitation=locked,
        registration=registration,
        contact=contact,
        email=email,
        token_hash=token_hash(token),
        confirmed_at=timezone.now(),
    )
    language = translation.get_language()
    transaction.on_commit(
        lambda: _send_status_link(
            email=email, token=token, registration=registration, language=language
        )
    )
    registration.refresh_from_db()
    return registration, token


def _send_status_link(*, email: str, token: str, registration, language) -> None:
    # Sent from the request, not queued: the token is not to sit in a broker. The page
    # shows the link too, so a failed email loses nothing.
    try:
        with translation.override(language):
            emails.send_status_link(address=email, token=token, registration=registration)
    except OSError as error:
        logger.warning(
            "could not email the status link of registration %s (%s)", registration.pk, error
        )


@transaction.atomic
def firm_registration_correct(
    *, access: FirmAccess, purchaser: dict, attendees: list[dict]
) -> Registration:
    """The firm answers a return through its status link: the corrected registration
    saved and submitted again through the staff form's write path."""
    registration = access.registration
    if registration.status != Registration.Status.RETURNED:
        raise RegistrationError(
            messages=[
                _("This registration is %(status)s: there is nothing to correct now.")
                % {"status": registration.get_status_display()}
            ]
        )
    saved = registration_save_draft(
        by=access.contact,
        via=access.invitation,
        registration=registration,
        sub_delegation=registration.sub_delegation,
        lead_agency=registration.lead_agency,
        purchaser=purchaser,
        attendees=attendees,
    )
    return registration_submit(registration=saved, by=access.contact, via=access.invitation)
