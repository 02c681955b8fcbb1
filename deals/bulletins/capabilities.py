"""Who may compose and send bulletins, report up, report in and answer.

Objects: a delegation (or a bulletin / report of one) for the office's capabilities; a
delegation for ``unit_reports.post``; a unit report for ``unit_reports.answer`` and for
replying in its thread. Asked without an object, a rule answers for "some object".
"""

from delegations.capabilities import capability
from delegations.models import Delegation, Role
from delegations.permissions import delegations_managed_by, has_role, is_active

from .selectors import reporting_delegations_of


def _bulletin_delegation(obj) -> Delegation | None:
    if obj is None or isinstance(obj, Delegation):
        return obj
    return obj.delegation


def _office(user, obj=None) -> bool:
    if not (is_active(user) and (user.is_superuser or has_role(user, Role.ORGANISER))):
        return False
    delegation = _bulletin_delegation(obj)
    return delegation is None or delegations_managed_by(user).filter(pk=delegation.pk).exists()


capability("bulletins.compose")(_office)
capability("bulletins.send")(_office)
capability("reports.report_up")(_office)
capability("unit_reports.answer")(_office)


@capability("unit_reports.post")
def post_unit_report(user, obj=None) -> bool:
    """A liaison (registrant staff of a member unit) or a lead, for its own unit: a new
    report to a delegation it belongs to, or a reply in its own unit's thread."""
    if not has_role(user, Role.REGISTRANT, Role.LEAD):
        return False
    if obj is None:
        return True
    if not isinstance(obj, Delegation):
        return obj.unit_id == user.unit_id

    return reporting_delegations_of(user).filter(pk=obj.pk).exists()
