"""Who may do what with badges: one rule per capability (see delegations.capabilities).

The office (领导小组办公室) enters the delegation into the official system and distributes
the badges; a lead agency's staff enter their own sub-delegation. The national
administrator declares the official layout of each edition.
"""

from delegations.capabilities import capability
from delegations.models import Delegation, SubDelegation
from delegations.permissions import (
    Role,
    has_role,
    is_active,
    is_national_admin,
    is_office_of,
    is_read_only,
    is_superuser,
)

from ..personal_data import is_registering_unit


def _badge_delegation(obj):
    if isinstance(obj, Delegation):
        return obj
    if isinstance(obj, SubDelegation):
        return obj.delegation
    registration = getattr(obj, "registration", None)
    if registration is not None:  # an attendee
        return registration.sub_delegation.delegation
    return None


@capability("badges.export_official")
def may_export_official(user, obj=None) -> bool:
    """The office for its delegation, a lead for a sub-delegation it leads: full ID numbers."""
    if is_superuser(user):
        return True
    if is_read_only(user) or not has_role(user, Role.ORGANISER, Role.LEAD):
        return False
    if obj is None:
        return True
    if user.role == Role.ORGANISER:
        return is_office_of(user, _badge_delegation(obj))
    return isinstance(obj, SubDelegation) and obj.lead_agencies.filter(units=user.unit_id).exists()


@capability("badges.import_status")
def may_import_status(user, obj=None) -> bool:
    """The office reads the official system's status export back in."""
    return is_superuser(user) or has_role(user, Role.ORGANISER)


@capability("badges.set_status")
def may_set_status(user, obj=None) -> bool:
    """The office records a badge's status by hand (an attendee of its delegation)."""
    if is_superuser(user):
        return True
    if not has_role(user, Role.ORGANISER):
        return False
    return obj is None or is_office_of(user, _badge_delegation(obj))


@capability("badges.hand_over")
def may_hand_over(user, obj=None) -> bool:
    """The office hands a registering unit's badges over (a delegation it runs)."""
    return may_set_status(user, obj)


@capability("badges.reuse")
def may_reuse(user, obj=None) -> bool:
    """The registering unit (or the office) asks for an earlier edition's badge again."""
    if may_set_status(user, obj):
        return True
    if is_read_only(user) or not has_role(user, Role.REGISTRANT, Role.LEAD, Role.ORGANISER):
        return False
    if obj is None:
        return True
    return is_registering_unit(user, obj.registration)


@capability("badges.view_distribution")
def may_view_distribution(user, obj=None) -> bool:
    """Distribution per registering unit and the hand-over lists: the office, the bureau."""
    if is_superuser(user):
        return True
    if is_active(user) and user.role in (Role.NATIONAL_VIEWER, Role.NATIONAL_ADMIN):
        return True
    if not has_role(user, Role.ORGANISER):
        return False
    return obj is None or is_office_of(user, _badge_delegation(obj))


@capability("badges.edit_layout")
def may_edit_layout(user, obj=None) -> bool:
    """The national administrator declares each edition's official layout."""
    return is_national_admin(user)
