"""Scopes for registrations and their attendees, on top of ``delegations.permissions``."""

from functools import wraps

from django.db.models import Q, QuerySet
from django.http import Http404

from delegations.models import LeadAgency
from delegations.permissions import (
    Reach,
    Role,
    Scope,
    has_role,
    is_read_only,
    is_superuser,
    scoped,
)

from .models import Registration


class NotInScope(Exception):
    """The registration (or one of several) is not the user\'s to act on: answer 404."""


def out_of_scope_is_404(view):
    """A page whose registration is out of the user\'s scope, or gone, answers 404: the
    answer does not tell that it exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (NotInScope, Registration.DoesNotExist) as exc:
            raise Http404 from exc

    return wrapper


REGISTRATION_REACH = {
    Scope.OFFICE: Reach(units=("sub_delegation__delegation__office_unit",)),
    Scope.LEAD: Reach(units=("sub_delegation__lead_agencies__units",), many=True),
    Scope.REGISTERING_UNIT: Reach(units=("unit",), user="registered_by"),
    # Checkers of a member unit (公安厅, 市场监管局) see what was sent for review in their
    # delegations, never drafts.
    Scope.CHECKER: Reach(
        units=("sub_delegation__delegation__member_units",),
        exclude=Q(status=Registration.Status.DRAFT),
        many=True,
    ),
}


def registrations_visible_to(user) -> QuerySet[Registration]:
    qs = Registration.objects.select_related(
        "purchaser", "sub_delegation__delegation__edition", "lead_agency", "unit"
    )
    return scoped(qs, user, REGISTRATION_REACH)


def registrations_reviewable_by(user) -> QuerySet[Registration]:
    """Registrations the user may act on as a reviewer (first or second tier).

    A lead reviews the registrations counted towards their own lead agency; in a co-led
    sub-delegation (卫生分团: hospitals vs firms) they see the co-lead's ones only when the
    sub-delegation is set to share review. The office reviews its whole delegation. Drafts
    are nobody's to review. National viewers read and change nothing.
    """
    qs = Registration.objects.select_related(
        "purchaser", "sub_delegation__delegation__edition", "lead_agency", "unit"
    ).exclude(status=Registration.Status.DRAFT)
    if is_read_only(user):
        return qs.none()
    if is_superuser(user):
        return qs
    if has_role(user, Role.ORGANISER):
        return qs.filter(sub_delegation__delegation__office_unit=user.unit_id)
    if has_role(user, Role.LEAD):
        own = LeadAgency.objects.filter(units=user.unit_id)
        return qs.filter(
            Q(lead_agency__in=own)
            | Q(sub_delegation__shared_review=True, sub_delegation__lead_agencies__in=own)
        ).distinct()
    return qs.none()


# A registration its registering unit may still change: before submission, or once returned.
EDITABLE_STATUSES = (Registration.Status.DRAFT, Registration.Status.RETURNED)
# Approved by the lead, whether or not reported on since: a purchaser deals and travel may use.
APPROVED_STATUSES = (Registration.Status.LEAD_APPROVED, Registration.Status.REPORTED)


def can_register(user) -> bool:
    """Staff of a unit with a place in a delegation register purchasers; checkers and
    national viewers do not."""
    return has_role(user, Role.REGISTRANT, Role.ORGANISER, Role.LEAD)


def registrations_owned_by(user) -> QuerySet[Registration]:
    """Registrations the user's unit made: the ones it may change while they are editable."""
    if not can_register(user):
        return Registration.objects.none()
    # Not through registrations_visible_to: its DISTINCT cannot be locked FOR UPDATE. What a
    # unit registered is always in its own scope, in sub-delegations it may choose.
    return Registration.objects.select_related(
        "purchaser", "sub_delegation__delegation__edition", "lead_agency", "unit"
    ).filter(Q(unit=user.unit_id) | Q(registered_by=user))
