"""Reads for invitations: who sees which, where one may be issued, what a link opens."""

from django.db.models import Count, Q, QuerySet

from delegations.models import LeadAgency
from delegations.permissions import Role, has_role, sees_everything

from .models import FirmAccess, Invitation, token_hash


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """The office its delegation's, a lead those counted towards its agency and its own
    unit's, a member unit's staff their unit's; national viewers all, read-only."""
    qs = Invitation.objects.select_related(
        "sub_delegation__delegation", "lead_agency", "unit", "issued_by"
    )
    if sees_everything(user):
        return qs
    if has_role(user, Role.ORGANISER):
        return qs.filter(sub_delegation__delegation__office_unit=user.unit_id)
    if has_role(user, Role.LEAD):
        return qs.filter(Q(lead_agency__units=user.unit_id) | Q(unit=user.unit_id)).distinct()
    if has_role(user, Role.REGISTRANT):
        return qs.filter(unit=user.unit_id)
    return qs.none()


def lead_agencies_invitable_by(user) -> QuerySet[LeadAgency]:
    """Where the user may invite firms to: a lead its own agencies; a member unit's staff
    any lead agency of the delegations the unit belongs to (as they register there); the
    office any of its delegation's."""
    qs = LeadAgency.objects.select_related("sub_delegation__delegation").prefetch_related("units")
    if has_role(user, Role.ORGANISER):
        qs = qs.filter(sub_delegation__delegation__office_unit=user.unit_id)
    elif has_role(user, Role.LEAD):
        qs = qs.filter(units=user.unit_id)
    elif has_role(user, Role.REGISTRANT):
        qs = qs.filter(
            Q(sub_delegation__delegation__member_units=user.unit_id)
            | Q(sub_delegation__delegation__office_unit=user.unit_id)
        )
    else:
        return qs.none()
    return qs.distinct().order_by(
        "sub_delegation__delegation", "sub_delegation__sort_order", "sort_order", "pk"
    )


def with_usage(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Each invitation with ``used``: how many firms registered through it."""
    return invitations.annotate(used=Count("registrations", distinct=True))


def firms_registered_through(invitation: Invitation) -> int:
    return invitation.registrations.count()


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link opens, if it may still be used (not revoked, not expired)."""
    if not token or len(token) > 64:
        return None
    found = (
        Invitation.objects.select_related("sub_delegation__delegation__edition", "lead_agency")
        .filter(token=token)
        .first()
    )
    return found if found and found.usable else None


def invitation_by_code(code: str) -> Invitation | None:
    """The invitation a typed short code names (spaces, dashes and case ignored)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if not cleaned or len(cleaned) > 12:
        return None
    found = Invitation.objects.filter(code=cleaned).first()
    return found if found and found.usable else None


def firm_access_by_token(token: str) -> FirmAccess | None:
    """A firm's private status link: its one registration, whatever became of the link."""
    if not token or len(token) > 100:
        return None
    return (
        FirmAccess.objects.select_related(
            "registration__purchaser",
            "registration__sub_delegation__delegation__edition",
            "registration__lead_agency",
            "invitation__unit",
            "contact",
        )
        .filter(token_hash=token_hash(token))
        .first()
    )
