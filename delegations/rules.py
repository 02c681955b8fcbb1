"""The delegations app's capabilities: set-up, editions, deadlines and reminders.

Each name is decided here and only here (``delegations.capabilities`` explains the
vocabulary); the rules are built on the role -> scope policy of ``permissions``.
"""

from .capabilities import capability
from .models import Delegation
from .permissions import (
    Scope,
    delegations_managed_by,
    in_scope,
    is_national_admin,
    may_change_deadline,
    reminder_history_visible_to,
    sees_everything,
)


def reads_figures(user, obj=None) -> bool:
    """Progress and totals: the office and the leads their scope's, national readers all."""
    return sees_everything(user) or in_scope(user, Scope.OFFICE, Scope.LEAD)


def _manages(user, delegation: Delegation | None) -> bool:
    managed = delegations_managed_by(user)
    return managed.exists() if delegation is None else managed.filter(pk=delegation.pk).exists()


@capability("setup.manage")
def may_manage_setup(user, delegation: Delegation | None = None) -> bool:
    """The delegation's office (or a superuser) edits its structure, units and accounts."""
    return _manages(user, delegation)


@capability("editions.administer")
def may_administer_editions(user, obj=None) -> bool:
    """The expo bureau creates editions and delegations and names each delegation's office."""
    return is_national_admin(user)


@capability("deadlines.set")
def may_set_deadline(user, delegation: Delegation | None = None) -> bool:
    """A date at the delegation's level (None: the bureau's edition-wide date)."""
    return may_change_deadline(user, delegation=delegation)


@capability("reminders.send")
def may_send_reminders(user, delegation: Delegation | None = None) -> bool:
    return _manages(user, delegation)


@capability("reminders.view_history")
def may_read_reminder_history(user, delegation: Delegation | None = None) -> bool:
    seen = reminder_history_visible_to(user)
    return seen.exists() if delegation is None else seen.filter(pk=delegation.pk).exists()


# Removing a date is decided as setting it is: by who owns that level of date.
capability("deadlines.remove")(may_set_deadline)
