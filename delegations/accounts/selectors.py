"""Reads of the accounts an office manages."""

from ..models import Delegation, User
from ..setup.selectors import units_of
from .services import STAFF_ROLES


def accounts_of(delegation: Delegation):
    """Lead-agency and registrant staff of the delegation's units (not other offices)."""
    return (
        User.objects.filter(unit__in=units_of(delegation), role__in=STAFF_ROLES)
        .select_related("unit")
        .order_by("unit__name", "username")
    )
