"""Who adds to the exhibitor directory, corrects it directly, and decides proposals."""

from delegations.capabilities import capability
from delegations.permissions import Scope, in_scope, is_active, is_national_admin

from ..permissions import directory_delegations_of, exhibitor_used_elsewhere


@capability("directory.add")
def may_edit_directory(user, obj=None) -> bool:
    """May add exhibitors (and correct or propose corrections)."""
    return is_national_admin(user) or (is_active(user) and in_scope(user, Scope.OFFICE, Scope.LEAD))


@capability("directory.correct")
def may_correct(user, exhibitor=None) -> bool:
    """Directly, without a proposal: the national administrator any entry; an office or a
    lead only one its delegation added that no other delegation's deal or meeting uses."""
    if owns_directory(user):
        return True
    if not may_edit_directory(user) or exhibitor is None or exhibitor.delegation_id is None:
        return False
    own = directory_delegations_of(user)
    if not own.filter(pk=exhibitor.delegation_id).exists():
        return False
    return not exhibitor_used_elsewhere(exhibitor, own)


@capability("directory.decide_proposal")
def owns_directory(user, obj=None) -> bool:
    """The national administrator owns the directory: corrects any entry, decides proposals."""
    return is_national_admin(user)
