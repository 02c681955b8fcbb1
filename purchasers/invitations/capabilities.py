"""Who may issue, revoke and see invitations (imported from ``PurchasersConfig.ready``)."""

from delegations.capabilities import capability
from delegations.models import LeadAgency
from delegations.permissions import Role, has_role, is_read_only, sees_everything

from ..permissions import can_register
from .selectors import invitations_visible_to, lead_agencies_invitable_by


@capability("invitations.issue")
def may_issue(user, obj: LeadAgency | None = None) -> bool:
    """Staff who register purchasers invite firms to register themselves, where they may
    register them: a lead for its own agency, a member unit for its delegations, the office
    for its delegation. ``obj``: the lead agency the firms will count towards."""
    if not can_register(user):
        return False
    if obj is None:
        return True
    return lead_agencies_invitable_by(user).filter(pk=obj.pk).exists()


@capability("invitations.view")
def may_view_invitations(user, obj=None) -> bool:
    if obj is None:
        return sees_everything(user) or can_register(user)
    return invitations_visible_to(user).filter(pk=obj.pk).exists()


@capability("invitations.revoke")
def may_revoke(user, obj=None) -> bool:
    """Whoever may see an invitation and change things: the issuing unit, the lead of the
    agency it counts towards, the office. National viewers only read."""
    if is_read_only(user) or not can_register(user):
        return False
    if obj is None:
        return True
    if has_role(user, Role.LEAD, Role.ORGANISER, Role.REGISTRANT):
        return invitations_visible_to(user).filter(pk=obj.pk).exists()
    return False
