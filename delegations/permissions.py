"""Who may see or change what: said once, used by pages, the API, exports and tasks.

Every ``*_visible_to(user)`` returns a queryset scoped to the user. Views fetch objects
through these querysets, so an object outside a user's scope answers 404 and its existence
does not leak. Each app adds the functions for its own models on top of these.

Scopes by role:
* organiser (delegation office): the delegations whose office sits in their unit;
* sub-delegation lead: the sub-delegations whose lead agencies include their unit;
* registrant staff: the delegations their unit is a member of (to register purchasers);
* national viewer: everything, read-only;
* national administrator (the expo bureau): everything; owns the editions, the bureau's
  edition-wide dates and the shared exhibitor directory.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Manager, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import Deadline, Delegation, LeadAgency, Role, SubDelegation, User


class Scope(StrEnum):
    """The kinds of reach a role has; each model says once how each kind reaches it."""

    EVERYTHING = "everything"  # national viewer (read-only), national administrator
    OFFICE = "office"  # the delegations whose office sits in the user's unit
    LEAD = "lead"  # the sub-delegations whose lead agencies include the user's unit
    REGISTERING_UNIT = "registering_unit"  # delegations the unit is a member of; its own
    CHECKER = "checker"  # what member delegations sent for review, never drafts


# The one role -> scope policy: every ``*_visible_to`` of the three apps is derived from it.
SCOPE_OF_ROLE: dict[str, Scope] = {
    Role.ORGANISER: Scope.OFFICE,
    Role.LEAD: Scope.LEAD,
    Role.REGISTRANT: Scope.REGISTERING_UNIT,
    Role.CREDIT_CHECKER: Scope.CHECKER,
    Role.BACKGROUND_CHECKER: Scope.CHECKER,
    Role.NATIONAL_VIEWER: Scope.EVERYTHING,
    Role.NATIONAL_ADMIN: Scope.EVERYTHING,
}
READ_ONLY_ROLES = frozenset({Role.NATIONAL_VIEWER})


def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def scope_of(user) -> Scope | None:
    """The user's reach, or None: no reach (anonymous, inactive, no role, no unit)."""
    if not is_active(user):
        return None
    if user.is_superuser:
        return Scope.EVERYTHING
    scope = SCOPE_OF_ROLE.get(user.role)
    if scope is not Scope.EVERYTHING and user.unit_id is None:
        return None
    return scope


@dataclass(frozen=True)
class Reach:
    """How one scope reaches a model: the user's unit along any of ``units`` (lookups), or
    the user along ``user``; ``exclude`` rows never reached; ``many`` when a lookup crosses a
    to-many relation (the rows are made distinct). Or ``through`` a relation: the rows whose
    related row the same scope reaches as that model's reaches say (a deal as its
    registration), kept a sub-query so that the rows stay distinct without DISTINCT."""

    units: tuple[str, ...] = ()
    user: str | None = None
    exclude: Q | None = None
    many: bool = False
    through: tuple[str, Mapping[Scope, "Reach"]] | None = None

    def filter(self, queryset: QuerySet, user) -> QuerySet:
        if self.through is not None:
            relation, reaches = self.through
            related = queryset.model._meta.get_field(relation).related_model
            return queryset.filter(**{f"{relation}__in": scoped(related.objects, user, reaches)})
        q = Q(pk__in=[])
        for lookup in self.units:
            q |= Q(**{lookup: user.unit_id})
        if self.user:
            q |= Q(**{self.user: user})
        queryset = queryset.filter(q)
        if self.exclude is not None:
            queryset = queryset.exclude(self.exclude)
        return queryset.distinct() if self.many else queryset


def scoped(queryset: QuerySet | Manager, user, reaches: Mapping[Scope, Reach]) -> QuerySet:
    """``queryset`` cut to the user's scope: everything, what their scope reaches, or none."""
    queryset = queryset.all()
    scope = scope_of(user)
    if scope is Scope.EVERYTHING:
        return queryset
    reach = reaches.get(scope)
    return reach.filter(queryset, user) if reach else queryset.none()


def sees_everything(user) -> bool:
    return scope_of(user) is Scope.EVERYTHING


def is_superuser(user) -> bool:
    """An active superuser: every rule lets them through."""
    return is_active(user) and user.is_superuser


def is_office_of(user, delegation) -> bool:
    """On the staff of the delegation's office (领导小组办公室)."""
    return has_role(user, Role.ORGANISER) and delegation.office_unit_id == user.unit_id


def is_national_admin(user) -> bool:
    """The expo bureau's administrators (and superusers): editions, bureau dates, directory."""
    return is_active(user) and (user.is_superuser or user.role == Role.NATIONAL_ADMIN)


def is_read_only(user) -> bool:
    """National viewers read across delegations and change nothing."""
    return is_active(user) and not user.is_superuser and user.role in READ_ONLY_ROLES


def has_role(user, *roles: str) -> bool:
    return is_active(user) and user.role in roles and user.unit_id is not None


def in_scope(user, *scopes: Scope) -> bool:
    return scope_of(user) in scopes


DELEGATION_REACH = {
    Scope.OFFICE: Reach(units=("office_unit",)),
    Scope.LEAD: Reach(units=("sub_delegations__lead_agencies__units",), many=True),
    Scope.REGISTERING_UNIT: Reach(units=("member_units", "office_unit"), many=True),
}
# Registrants choose which sub-delegation a purchaser joins: units without one of their own
# (文旅厅, 工商联) register under 商贸.
SUB_DELEGATION_REACH = {
    Scope.OFFICE: Reach(units=("delegation__office_unit",)),
    Scope.LEAD: Reach(units=("lead_agencies__units",), many=True),
    Scope.REGISTERING_UNIT: Reach(
        units=("delegation__member_units", "delegation__office_unit"), many=True
    ),
}


def delegations_visible_to(user) -> QuerySet[Delegation]:
    qs = Delegation.objects.select_related("edition", "region", "office_unit")
    return scoped(qs, user, DELEGATION_REACH)


def delegations_managed_by(user) -> QuerySet[Delegation]:
    """Delegations whose structure, deadlines and figures the user may change: the office's
    own (a superuser's all). The national administrator owns editions, not delegations."""
    qs = Delegation.objects.select_related("edition", "region", "office_unit")
    if is_superuser(user):
        return qs
    if not in_scope(user, Scope.OFFICE):
        return qs.none()
    return DELEGATION_REACH[Scope.OFFICE].filter(qs, user)


def sub_delegations_visible_to(user) -> QuerySet[SubDelegation]:
    qs = SubDelegation.objects.select_related("delegation__edition", "delegation__region")
    return scoped(qs, user, SUB_DELEGATION_REACH)


def lead_agencies_of(user) -> QuerySet[LeadAgency]:
    """The lead agencies the user acts for as a sub-delegation lead."""
    if not in_scope(user, Scope.LEAD):
        return LeadAgency.objects.none()
    return LeadAgency.objects.filter(units=user.unit_id)


def lead_agencies_visible_to(user) -> QuerySet[LeadAgency]:
    return LeadAgency.objects.filter(sub_delegation__in=sub_delegations_visible_to(user))


# The largest id a bigint column holds: beyond it PostgreSQL would refuse the query (a 500).
MAX_ID = 2**63 - 1


def path_id(value) -> int:
    """An id from a path (or a body): a positive whole number, else 404, never a server error.

    Junk, negative and out-of-range ids name nothing, so they answer as an object outside the
    scope does.
    """
    text = "" if isinstance(value, bool) else str(value)
    if not (text.isascii() and text.isdigit()):
        raise Http404
    number = int(text)
    if not 0 < number <= MAX_ID:
        raise Http404
    return number


def _is_id_lookup(name: str) -> bool:
    return name in ("pk", "id") or name.endswith(("_id", "__pk", "_pk"))


def get_in_scope_or_404(queryset: QuerySet, **lookup):
    """Fetch through a scoped queryset: outside the scope is the same as not there.

    Every id in the lookup goes through ``path_id`` first, so a junk id is a 404 too.
    """
    lookup = {name: path_id(v) if _is_id_lookup(name) else v for name, v in lookup.items()}
    return get_object_or_404(queryset, **lookup)


class ScopedAPIPermission(BasePermission):
    """Signed-in users only; national viewers may only read.

    Object scope is not decided here: API views fetch through the ``*_visible_to``
    querysets, so an object outside the scope is a 404.
    """

    def has_permission(self, request, view) -> bool:
        if not is_active(request.user):
            return False
        return request.method in SAFE_METHODS or not is_read_only(request.user)


def deadline_delegations_visible_to(user) -> QuerySet[Delegation]:
    """Delegations whose deadlines the user sees: the office its own, a lead those it leads in,
    the national viewer all (read-only). Registrant staff have no deadlines to watch."""
    if sees_everything(user) or has_role(user, Role.LEAD):
        return delegations_visible_to(user)
    return delegations_managed_by(user)


def reminder_history_visible_to(user) -> QuerySet[Delegation]:
    """Whose reminder history the user sees: organisers their delegation's, viewers all."""
    if sees_everything(user):
        return delegations_visible_to(user)
    return delegations_managed_by(user)


# --- set-up ----------------------------------------------------------------------------


def setup_delegations_of(user) -> QuerySet[Delegation]:
    """Delegations whose set-up the user runs: an office its own (every edition)."""
    return delegations_managed_by(user)


def accounts_managed_by(user, delegation: Delegation) -> QuerySet[User]:
    """Accounts of lead-agency and registrant staff of the delegation's units."""
    if not setup_delegations_of(user).filter(pk=delegation.pk).exists():
        return User.objects.none()
    unit_ids = [delegation.office_unit_id, *delegation.member_units.values_list("pk", flat=True)]
    return User.objects.filter(unit__in=unit_ids, role__in=[Role.LEAD, Role.REGISTRANT]).exclude(
        pk=user.pk
    )


# Deadlines: the bureau's edition-wide dates apply to every delegation of the edition, so only
# the national administrator sets or removes them; an office sets its own, earlier dates for
# its delegation and its lead agencies beside them (and sees the bureau's read-only).


def deadline_scopes_for(user, delegation: Delegation) -> set[str]:
    """Which levels of date the user may set on a delegation's page: "edition", "delegation"
    (the delegation's own) and "agency" (a lead agency's own)."""
    scopes = {"edition"} if is_national_admin(user) else set()
    if delegations_managed_by(user).filter(pk=delegation.pk).exists():
        scopes |= {"delegation", "agency"}
    return scopes


def may_change_deadline(user, *, delegation: Delegation | None) -> bool:
    """May the user set or remove a date at this level (``delegation`` None: the edition's)?"""
    if delegation is None:
        return is_national_admin(user)
    return delegations_managed_by(user).filter(pk=delegation.pk).exists()


def deadline_pages_changeable_by(user) -> QuerySet[Delegation]:
    """Delegations on whose deadline page the user may change some date: an office its own,
    the national administrator every delegation (for the bureau's dates of its edition)."""
    if is_national_admin(user):
        return delegations_visible_to(user)
    return delegations_managed_by(user)


def deadlines_changeable_by(user, delegation: Delegation) -> QuerySet[Deadline]:
    """The dates shown on a delegation's page that the user may remove."""
    scopes = deadline_scopes_for(user, delegation)
    q = Q(pk__in=[])
    if "edition" in scopes:
        q |= Q(edition=delegation.edition_id, delegation__isnull=True)
    if "delegation" in scopes:
        q |= Q(delegation=delegation)
    return Deadline.objects.filter(q)
