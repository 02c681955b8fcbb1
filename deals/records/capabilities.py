"""The deals app's capabilities: deals and their follow-up, the exhibitor directory,
exchange rates, totals and their exports."""

from delegations.capabilities import capability
from delegations.permissions import (
    Scope,
    delegations_managed_by,
    in_scope,
    is_active,
    is_national_admin,
    sees_everything,
)
from delegations.rules import reads_figures

from ..permissions import (
    deals_changeable_by,
    deals_visible_to,
    directory_delegations_of,
    exhibitor_used_elsewhere,
    may_change_deals,
    registrations_for_deals,
)


def _in(queryset, obj) -> bool:
    return queryset.exists() if obj is None else queryset.filter(pk=obj.pk).exists()


@capability("deals.record")
def may_record_deal(user, registration=None) -> bool:
    """Deals and needs of approved purchasers in the user's scope (not checkers or viewers)."""
    if registration is None:
        return may_change_deals(user)
    return _in(registrations_for_deals(user), registration)


@capability("deals.change")
def may_change_deal(user, deal=None) -> bool:
    return may_change_deals(user) if deal is None else _in(deals_changeable_by(user), deal)


def _moves_deals(user) -> bool:
    return is_active(user) and (user.is_superuser or in_scope(user, Scope.OFFICE, Scope.LEAD))


@capability("deals.move")
def may_move_deal(user, deal=None) -> bool:
    """The follow-up status (contracted, executed...) and its notes: the office and leads."""
    return _moves_deals(user) and (deal is None or _in(deals_visible_to(user), deal))


@capability("deals.follow_up")
def may_open_follow_up(user, obj=None) -> bool:
    """The follow-up pages: who moves deals, and the national readers."""
    return _moves_deals(user) or sees_everything(user)


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


@capability("rates.set")
def may_set_rate(user, delegation=None) -> bool:
    """A delegation's exchange rates: its office."""
    return _in(delegations_managed_by(user), delegation)


# Totals and their exports read the same figures as review progress.
capability("totals.view")(reads_figures)
capability("totals.export")(reads_figures)


@capability("exports.download")
def may_download(user, job=None) -> bool:
    """The requester, or the office of the job's delegation."""
    if job is None:
        return reads_figures(user)
    if job.requested_by_id == user.pk:
        return True
    return bool(job.delegation_id) and _in(delegations_managed_by(user), job.delegation)
