"""Reads for badges: scoped attendees, distribution per unit, completeness per lead agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from delegations.models import Delegation, Edition, LeadAgency, MemberUnit, SubDelegation
from delegations.permissions import sub_delegations_visible_to

from ..models import Attendee, Registration
from ..permissions import registrations_visible_to
from .models import APPLIED, BadgeStatus, OfficialExport

S = BadgeStatus
# The official review takes about 7 days for people in China, about 15 for foreigners.
REVIEW_DAYS_HOME, REVIEW_DAYS_FOREIGN = 7, 15
FOREIGN_ID_TYPES = (Attendee.IdType.PASSPORT,)
# Registrations whose people need badges: sent for review and not turned down.
NEEDS_BADGES = (
    Registration.Status.SUBMITTED,
    Registration.Status.LEAD_APPROVED,
    Registration.Status.REPORTED,
)


def attendees_visible_to(user) -> QuerySet[Attendee]:
    return Attendee.objects.filter(registration__in=registrations_visible_to(user).values("pk"))


def _no_badge_or(*statuses) -> Q:
    q = Q(badge__status__in=statuses)
    return q | Q(badge__isnull=True) if S.NOT_APPLIED in statuses else q


def _counts(prefix: str = "") -> dict:
    def n(*statuses):
        return Count("pk", filter=_no_badge_or(*statuses), distinct=True)

    return {
        "people": Count("pk", distinct=True),
        "not_applied": n(S.NOT_APPLIED),
        "in_progress": n(S.SUBMITTED, S.IN_REVIEW, S.IN_PRODUCTION),
        "rejected": n(S.REJECTED, S.LOST),
        "ready": n(S.READY),
        "posted": n(S.POSTED),
        "handed_over": n(S.HANDED_OVER),
    }


@dataclass
class UnitBadges:
    unit: MemberUnit
    people: int
    not_applied: int
    in_progress: int
    rejected: int
    ready: int
    posted: int
    handed_over: int


def distribution(*, delegation: Delegation) -> list[UnitBadges]:
    """Per registering unit: how many badges are ready, posted, handed over."""
    rows = (
        Attendee.objects.filter(
            registration__sub_delegation__delegation=delegation,
            registration__status__in=NEEDS_BADGES,
        )
        .values("registration__unit")
        .annotate(**_counts())
        .order_by()
    )
    units = MemberUnit.objects.in_bulk([r["registration__unit"] for r in rows])
    result = [UnitBadges(unit=units[r.pop("registration__unit")], **r) for r in rows]
    return sorted(result, key=lambda u: u.unit.name)


def hand_over_list(*, delegation: Delegation, unit: MemberUnit) -> list[Attendee]:
    """The unit's people with their badges, firm by firm, for the printed hand-over list."""
    return list(
        Attendee.objects.filter(
            registration__sub_delegation__delegation=delegation,
            registration__unit=unit,
            registration__status__in=NEEDS_BADGES,
        )
        .select_related("registration", "badge")
        .order_by("registration__name", "name", "pk")
    )


def badge_of(attendee: Attendee):
    """The attendee's badge, or None when not applied for yet."""
    try:
        return attendee.badge
    except Attendee.badge.RelatedObjectDoesNotExist:
        return None


def stuck_in_review(queryset: QuerySet[Attendee], *, now=None) -> QuerySet[Attendee]:
    """People whose badge has been in review longer than the official time."""
    now = now or timezone.now()
    home = Q(badge__status_since__lt=now - timedelta(days=REVIEW_DAYS_HOME)) & ~Q(
        id_type__in=FOREIGN_ID_TYPES
    )
    foreign = Q(badge__status_since__lt=now - timedelta(days=REVIEW_DAYS_FOREIGN)) & Q(
        id_type__in=FOREIGN_ID_TYPES
    )
    return queryset.filter(badge__status=S.IN_REVIEW).filter(home | foreign)


def completeness(agencies: QuerySet[LeadAgency], *, now=None) -> dict[int, dict]:
    """Per lead agency: people needing badges, applied, ready or beyond, stuck in review."""
    people = Attendee.objects.filter(
        registration__lead_agency__in=agencies, registration__status__in=NEEDS_BADGES
    )
    counts = {
        row["registration__lead_agency"]: row
        for row in people.values("registration__lead_agency")
        .annotate(
            people=Count("pk", distinct=True),
            applied=Count("pk", filter=Q(badge__status__in=APPLIED), distinct=True),
            issued=Count(
                "pk", filter=Q(badge__status__in=(S.READY, S.POSTED, S.HANDED_OVER)), distinct=True
            ),
        )
        .order_by()
    }
    stuck = dict(
        stuck_in_review(people, now=now)
        .values_list("registration__lead_agency")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = {}
    for agency_id, row in counts.items():
        applied = row["applied"]
        result[agency_id] = {
            "people": row["people"],
            "applied": applied,
            "not_applied": row["people"] - applied,
            "issued": row["issued"],
            "stuck": stuck.get(agency_id, 0),
            "percent": round(100 * applied / row["people"]) if row["people"] else 0,
        }
    return result


@dataclass
class SubDelegationBadges:
    """A sub-delegation's badge completeness, with each of its lead agencies'."""

    sub_delegation: SubDelegation
    agencies: list[tuple[LeadAgency, dict | None]]  # None: nobody registered yet
    people: int = 0
    applied: int = 0
    not_applied: int = 0
    issued: int = 0
    stuck: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.applied / self.people) if self.people else 0


def completeness_by_sub_delegation(*, user, edition: Edition) -> list[SubDelegationBadges]:
    """Badge completeness per sub-delegation of the edition the user may see (the office its
    delegation's, a lead its own, the bureau all), each with its lead agencies: for the
    dashboard, as the progress page has it per lead agency."""
    subs = list(
        sub_delegations_visible_to(user)
        .filter(delegation__edition=edition)
        .order_by("delegation__name", "delegation_id", "sort_order", "name")
    )
    agencies = (
        LeadAgency.objects.filter(sub_delegation__in=[s.pk for s in subs])
        .prefetch_related("units")
        .order_by("sort_order", "pk")
    )
    figures = completeness(LeadAgency.objects.filter(sub_delegation__in=[s.pk for s in subs]))
    rows = {sub.pk: SubDelegationBadges(sub_delegation=sub, agencies=[]) for sub in subs}
    for agency in agencies:
        row, f = rows[agency.sub_delegation_id], figures.get(agency.pk)
        row.agencies.append((agency, f))
        for key in ("people", "applied", "not_applied", "issued", "stuck"):
            setattr(row, key, getattr(row, key) + (f[key] if f else 0))
    return list(rows.values())


def exports_of(*, delegation: Delegation) -> QuerySet[OfficialExport]:
    return OfficialExport.objects.filter(delegation=delegation).select_related(
        "by", "sub_delegation"
    )


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def array_literal(values) -> str:
    """A PostgreSQL array literal (``{1,2,NULL}``, ``{"a",NULL}``) for one parameter: the
    server reads it in one pass, where psycopg2 turns a Python list into ``ARRAY[...]``
    with an expression to parse and evaluate for every element."""
    values = list(values)
    kinds = {type(value) for value in values}
    if kinds <= {int}:
        return "{" + ",".join(map(str, values)) + "}"
    if kinds <= {str}:
        together = "".join(values)
        if "\\" not in together and '"' not in together:  # nothing to escape
            return '{"' + '","'.join(values) + '"}' if values else "{}"
    if kinds <= {str, type(None)}:
        return "{" + ",".join("NULL" if v is None else _quoted(v) for v in values) + "}"
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, int):
            items.append(str(value))
        else:
            items.append(_quoted(str(value)))
    return "{" + ",".join(items) + "}"


def any_of(values, sql_type: str = "bigint"):
    """The right side of an ``__in`` lookup for thousands of values: on PostgreSQL one
    array parameter (Django otherwise prepares every value of the list one by one)."""

    values = list(values)
    if connection.vendor != "postgresql":
        return values
    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [array_literal(values)])


def equals_any(model, field: str, values, sql_type: str = "text"):
    """A filter: ``field`` equals one of thousands of ``values``. On PostgreSQL one
    ``= ANY(array)`` whose values are hashed once, where ``__in`` a subquery first makes
    them distinct (for 7,000 ID numbers, half the query). For the model's own query, not
    one nested in another (its table is named as is)."""

    values = list(values)
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    column = f'"{model._meta.db_table}"."{model._meta.get_field(field).column}"'
    return RawSQL(
        f"{column} = ANY(%s::{sql_type}[])", [array_literal(values)], output_field=BooleanField()
    )
