"""Scopes for deals, exhibitors, needs and meetings, on top of ``purchasers.permissions``.

* A deal, a procurement need and its meetings are seen by whoever sees the purchaser's
  registration: registrants their unit's purchasers, leads their sub-delegations',
  organisers their delegation's, the national viewer everything (read-only); checkers none.
  The office reaches a deal through the deal's own delegation (the registration's, copied
  with the deal): a column of the deal, indexed with the list's order, not a sub-query
  through the purchasers for every deal the list walks past.
* They are recorded and changed by the same people, except the national viewer; the
  follow-up status of a deal (contracted, executed...) is moved by the office and leads.
* New deals and needs only for approved purchasers (approved by the lead agency or
  reported by the office).
* The exhibitor directory is public information shared by every delegation: every role
  reads it. It is the edition's, owned by the national administrator; organisers and leads
  add exhibitors for their delegation's deals and correct only those their delegation
  added and no other delegation's deal uses; other corrections are proposals.
* Exchange rates: read by whoever sees the delegation, set by its office.
"""

from django.db.models import QuerySet
from django.http import Http404

from delegations.models import Delegation
from delegations.permissions import (
    Reach,
    Role,
    Scope,
    delegations_managed_by,
    delegations_visible_to,
    has_role,
    is_active,
    is_read_only,
    scope_of,
    scoped,
)
from purchasers.models import Registration
from purchasers.permissions import (
    APPROVED_STATUSES,
    REGISTRATION_REACH,
    registrations_visible_to,
)

from .models import Deal, ExchangeRate, Exhibitor, Meeting, ProcurementNeed

DEAL_ROLES = (Role.ORGANISER, Role.LEAD, Role.REGISTRANT)

DEAL_REACH = {
    Scope.OFFICE: Reach(units=("delegation__office_unit",)),
    Scope.LEAD: Reach(through=("registration", REGISTRATION_REACH)),
    Scope.REGISTERING_UNIT: Reach(through=("registration", REGISTRATION_REACH)),
}


def _reads_deals(user) -> bool:
    # Checkers see registrations for their checks, not the deals.
    return scope_of(user) not in (None, Scope.CHECKER)


def _deal_registrations(user) -> QuerySet[Registration]:
    if not _reads_deals(user):
        return Registration.objects.none()
    return registrations_visible_to(user)


def may_change_deals(user) -> bool:
    return (
        is_active(user)
        and not is_read_only(user)
        and (user.is_superuser or has_role(user, *DEAL_ROLES))
    )


def directory_delegations_of(user) -> QuerySet[Delegation]:
    """The delegations an office or a lead adds exhibitors for."""
    if has_role(user, Role.ORGANISER):
        return delegations_managed_by(user)
    if has_role(user, Role.LEAD):
        return delegations_visible_to(user)
    return Delegation.objects.none()


def exhibitor_used_elsewhere(exhibitor: Exhibitor, own: QuerySet[Delegation]) -> bool:
    """Does a deal or a meeting of a delegation other than ``own`` use the exhibitor?"""
    others_deals = Deal.objects.filter(exhibitor=exhibitor).exclude(
        registration__sub_delegation__delegation__in=own
    )
    others_meetings = Meeting.objects.filter(exhibitor=exhibitor).exclude(
        need__registration__sub_delegation__delegation__in=own
    )
    return others_deals.exists() or others_meetings.exists()


def registrations_for_deals(user) -> QuerySet[Registration]:
    """Approved purchasers the user may record deals and needs for."""
    if not may_change_deals(user):
        return Registration.objects.none()
    return (
        registrations_visible_to(user)
        .filter(status__in=APPROVED_STATUSES)
        .select_related("edition")
    )


def deals_visible_to(user) -> QuerySet[Deal]:
    qs = Deal.objects.select_related(
        "registration__purchaser",
        "registration__edition",
        "registration__sub_delegation__delegation__edition",
        "zone",
        "exhibitor",
        "recorded_by",
    )
    return scoped(qs, user, DEAL_REACH)


def deals_changeable_by(user) -> QuerySet[Deal]:
    if not may_change_deals(user):
        return Deal.objects.none()
    return deals_visible_to(user)


def exhibitors_visible_to(user) -> QuerySet[Exhibitor]:
    qs = Exhibitor.objects.select_related("edition", "zone")
    return qs if _reads_deals(user) else qs.none()


def exchange_rates_visible_to(user) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.select_related("delegation__edition", "set_by").filter(
        delegation__in=delegations_visible_to(user)
    )


def exchange_rates_managed_by(user) -> QuerySet[ExchangeRate]:
    return exchange_rates_visible_to(user).filter(delegation__in=delegations_managed_by(user))


def needs_visible_to(user) -> QuerySet[ProcurementNeed]:
    return ProcurementNeed.objects.select_related(
        "registration__purchaser",
        "registration__sub_delegation__delegation__edition",
        "zone",
        "published_by",
    ).filter(registration__in=_deal_registrations(user))


def needs_changeable_by(user) -> QuerySet[ProcurementNeed]:
    if not may_change_deals(user):
        return ProcurementNeed.objects.none()
    return needs_visible_to(user)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("need__registration__purchaser", "exhibitor").filter(
        need__in=needs_visible_to(user)
    )


def require(allowed: bool) -> None:
    """A page the user has no business on is as absent as an object outside the scope."""
    if not allowed:
        raise Http404


def includes(queryset, obj) -> bool:
    """Whether ``obj`` is in the queryset; without an object, whether the queryset has any."""
    return queryset.exists() if obj is None else queryset.filter(pk=obj.pk).exists()
