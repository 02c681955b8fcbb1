"""Who may do what with the delegation's stay in Shanghai, said once.

* ``logistics.plan``: the delegation's office declares hotels, travel groups and buses,
  assigns attendees, sends rosters and publishes the plans;
* ``logistics.view``: the office, and sub-delegation leads for their own sub-delegations
  (read-only), and the national viewer, read the plans, rosters and figures;
* ``logistics.export_tickets``: the office alone downloads ticket lists with full ID numbers
  (each download is recorded);
* ``logistics.itinerary``: an attendee's itinerary, for the office, the lead and the
  registering unit.

Object rules take a delegation, a plan, or anything with a ``delegation``; asked without
an object they answer whether the user may do it somewhere.
"""

from delegations.capabilities import capability
from delegations.models import Delegation
from delegations.permissions import Role, has_role, is_active, is_read_only, sees_everything

from ..personal_data import is_registering_unit


def _delegation_id(obj) -> int | None:
    if isinstance(obj, Delegation):
        return obj.pk
    return getattr(obj, "delegation_id", None)


def _is_office(user, obj) -> bool:
    if not is_active(user) or is_read_only(user):
        return False
    if user.is_superuser:
        return True
    if not has_role(user, Role.ORGANISER):
        return False
    if obj is None:
        return True
    delegation_id = _delegation_id(obj)
    return Delegation.objects.filter(pk=delegation_id, office_unit=user.unit_id).exists()


def _leads(user, obj) -> bool:
    if not has_role(user, Role.LEAD):
        return False
    if obj is None:
        return True
    sub_delegation_id = getattr(obj, "sub_delegation_id", None)
    if sub_delegation_id is not None:
        return Delegation.objects.filter(
            sub_delegations=sub_delegation_id, sub_delegations__lead_agencies__units=user.unit_id
        ).exists()
    return Delegation.objects.filter(
        pk=_delegation_id(obj), sub_delegations__lead_agencies__units=user.unit_id
    ).exists()


@capability("logistics.plan")
def may_plan(user, obj=None) -> bool:
    return _is_office(user, obj)


@capability("logistics.export_tickets")
def may_export_tickets(user, obj=None) -> bool:
    return _is_office(user, obj)


@capability("logistics.view")
def may_view_logistics(user, obj=None) -> bool:
    if sees_everything(user):
        return True
    return _is_office(user, obj) or _leads(user, obj)


@capability("logistics.itinerary")
def may_see_itinerary(user, obj=None) -> bool:
    if may_view_logistics(user, obj):
        return True
    if not has_role(user, Role.REGISTRANT):
        return False
    if obj is None:
        return True
    attendee = getattr(obj, "attendee", None)
    return attendee is not None and is_registering_unit(user, attendee.registration)
