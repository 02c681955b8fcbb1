"""Writes to the accounts of the units' staff: invite, deactivate, reset the password.

Every change writes a ``SetupEvent`` in the delegation's set-up history.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue_after_commit

from .. import tasks
from ..audit.models import EventKind
from ..capabilities import check
from ..models import Delegation, MemberUnit, Role, User
from ..setup.selectors import units_of
from ..setup.services import record_setup_event

# Roles an office gives to staff of its units; organisers are named by the bureau.
STAFF_ROLES = (Role.LEAD, Role.REGISTRANT)


@dataclass
class AccountInvitation:
    user: User
    created: bool


@transaction.atomic
def account_invite(
    *,
    by: User,
    delegation: Delegation,
    email: str,
    role: str,
    unit: MemberUnit,
    last_name: str = "",
    first_name: str = "",
) -> AccountInvitation:
    """An account for a lead agency's or registrant's staff member, with an email carrying
    a link to set their password (Django's password-reset token, valid
    ``PASSWORD_RESET_TIMEOUT``). The login name is the email address."""
    check(by, "setup.manage", delegation)
    email = email.strip().lower()
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("An office invites lead-agency or registrant staff.")})
    if not units_of(delegation).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose one of the delegation's units.")})
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email exists already.")})
    user = User(
        username=email,
        email=email,
        role=role,
        unit=unit,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    user.set_unusable_password()
    user.save()
    record_setup_event(
        by=by,
        delegation=delegation,
        kind=EventKind.ACCOUNT_INVITED,
        subject=email,
        changes={"role": [None, user.role], "unit": [None, unit.name]},
    )
    _queue_password_email(user, kind="invite")
    return AccountInvitation(user=user, created=True)


@transaction.atomic
def account_deactivate(*, by: User, delegation: Delegation, user: User) -> User:
    check(by, "setup.manage", delegation)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        record_setup_event(
            by=by,
            delegation=delegation,
            kind=EventKind.ACCOUNT_DEACTIVATED,
            subject=user.username,
            changes={"is_active": ["True", "False"]},
        )
    return user


@transaction.atomic
def account_reset(*, by: User, delegation: Delegation, user: User) -> User:
    """Reactivate if needed, void the password and email a new set-password link."""
    check(by, "setup.manage", delegation)
    changes = {"password": [_("set"), _("to be set again")]}
    if not user.is_active:
        changes["is_active"] = ["False", "True"]
    user.is_active = True
    user.set_unusable_password()
    user.save()
    record_setup_event(
        by=by,
        delegation=delegation,
        kind=EventKind.ACCOUNT_RESET,
        subject=user.username,
        changes=changes,
    )
    _queue_password_email(user, kind="reset")
    return user


def _queue_password_email(user: User, *, kind: str) -> None:

    enqueue_after_commit(tasks.send_password_email_task, kwargs={"user_id": user.pk, "kind": kind})
