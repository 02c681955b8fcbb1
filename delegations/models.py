"""The models of the delegations app, imported from its concept packages."""

from .accounts.models import Role, User
from .deadlines.models import Deadline, Reminder, ReminderRule, default_reminder_steps
from .setup.models import (
    BilingualNameMixin,
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SetupEvent,
    SubDelegation,
    Zone,
)

__all__ = [
    "BilingualNameMixin",
    "Deadline",
    "Delegation",
    "Edition",
    "LeadAgency",
    "MemberUnit",
    "Region",
    "Reminder",
    "ReminderRule",
    "Role",
    "SetupEvent",
    "SubDelegation",
    "User",
    "Zone",
    "default_reminder_steps",
]
