"""Who records deals, corrects them, and moves them along their follow-up."""

from delegations.capabilities import capability
from delegations.permissions import Scope, in_scope, is_active, sees_everything

from ..permissions import (
    deals_changeable_by,
    deals_visible_to,
    includes,
    may_change_deals,
    registrations_for_deals,
)


@capability("deals.record")
def may_record_deal(user, registration=None) -> bool:
    """Deals and needs of approved purchasers in the user's scope (not checkers or viewers)."""
    if registration is None:
        return may_change_deals(user)
    return includes(registrations_for_deals(user), registration)


@capability("deals.change")
def may_change_deal(user, deal=None) -> bool:
    return may_change_deals(user) if deal is None else includes(deals_changeable_by(user), deal)


def _moves_deals(user) -> bool:
    return is_active(user) and (user.is_superuser or in_scope(user, Scope.OFFICE, Scope.LEAD))


@capability("deals.move")
def may_move_deal(user, deal=None) -> bool:
    """The follow-up status (contracted, executed...) and its notes: the office and leads."""
    return _moves_deals(user) and (deal is None or includes(deals_visible_to(user), deal))


@capability("deals.follow_up")
def may_open_follow_up(user, obj=None) -> bool:
    """The follow-up pages: who moves deals, and the national readers."""
    return _moves_deals(user) or sees_everything(user)
