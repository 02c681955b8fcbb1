"""Reads of the roll-up rows for the dashboard and the totals exports, scoped by role.

Organisers and the national viewer see whole delegations (the viewer also the national
figures); a sub-delegation lead sees their own sub-delegations only. Other roles have no
totals to read. Nothing here reads deals: page cost does not grow with their number.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet, Sum

from delegations.capabilities import can
from delegations.models import Delegation, Edition, Role, SubDelegation
from delegations.permissions import (
    delegations_visible_to,
    has_role,
    sees_everything,
    sub_delegations_visible_to,
)

from ..records.models import Deal
from . import dimensions
from .figures import LARGE_PURCHASER_USD, Level
from .models import RollupDirty, RollupRow, RollupRun


@dataclass
class TotalsScope:
    """What one user may read of one edition's figures (optionally one delegation)."""

    edition: Edition
    national: bool = False
    delegation_ids: list[int] = field(default_factory=list)
    sub_delegation_ids: list[int] = field(default_factory=list)
    delegation: Delegation | None = None

    @property
    def whole_delegations(self) -> bool:
        return self.national or bool(self.delegation_ids)

    def rows(self, *levels: str) -> QuerySet[RollupRow]:
        qs = RollupRow.objects.filter(edition=self.edition, level__in=levels)
        if self.national and self.delegation is None:
            return qs
        if self.delegation_ids:
            return qs.filter(delegation__in=self.delegation_ids)
        return qs.filter(sub_delegation__in=self.sub_delegation_ids)

    def summary_rows(self) -> QuerySet[RollupRow]:
        if self.national and self.delegation is None:
            return self.rows(Level.EDITION, Level.DELEGATION)
        if self.delegation_ids:
            return self.rows(Level.DELEGATION)
        return self.rows(Level.SUB_DELEGATION)

    def sub_delegation_rows(self) -> QuerySet[RollupRow]:
        return self.rows(Level.SUB_DELEGATION)

    def zone_rows(self) -> QuerySet[RollupRow]:
        if self.national and self.delegation is None:
            return self.rows(Level.EDITION_ZONE)
        if self.delegation_ids:
            return self.rows(Level.DELEGATION_ZONE)
        return self.rows(Level.SUB_DELEGATION_ZONE)

    def country_rows(self) -> QuerySet[RollupRow] | list[RollupRow]:
        if self.national and self.delegation is None:
            return self.rows(Level.EDITION_COUNTRY)
        if self.delegation_ids:
            return self.rows(Level.DELEGATION_COUNTRY)
        return sub_delegation_country_rows(
            edition=self.edition, sub_delegation_ids=self.sub_delegation_ids
        )


def sub_delegation_country_rows(*, edition: Edition, sub_delegation_ids) -> list[RollupRow]:
    """Countries of a lead's sub-delegations, summed from their deals (unsaved rows).

    Countries are rolled up per delegation, not per sub-delegation (that level would add
    hundreds of thousands of rows nationally); a lead's few sub-delegations are summed here,
    with the same rules as the roll-up: cancelled deals never count, a purchaser is above
    100 million USD on the sum of its deals in the group.
    """
    deals = Deal.objects.filter(
        registration__edition=edition,
        registration__sub_delegation__in=list(sub_delegation_ids),
    ).exclude(status=Deal.Status.CANCELLED)
    per_purchaser = (
        deals.values(
            "registration__sub_delegation__delegation", "exhibitor_country", "registration"
        )
        .annotate(total=Sum("amount_usd"))
        .order_by()
    )
    over = {}
    for row in per_purchaser:
        key = (row["registration__sub_delegation__delegation"], row["exhibitor_country"])
        over[key] = over.get(key, 0) + (row["total"] > LARGE_PURCHASER_USD)
    groups = (
        deals.values("registration__sub_delegation__delegation", "exhibitor_country")
        .annotate(
            n=Count("pk"),
            purchasers=Count("registration", distinct=True),
            total=Sum("amount_usd"),
            first=Min("signed_on"),
        )
        .order_by("-total")
    )
    delegations = Delegation.objects.in_bulk(
        {g["registration__sub_delegation__delegation"] for g in groups}
    )
    return [
        RollupRow(
            level=Level.DELEGATION_COUNTRY,
            edition=edition,
            delegation=delegations[g["registration__sub_delegation__delegation"]],
            country=g["exhibitor_country"],
            deals=g["n"],
            purchasers=g["purchasers"],
            total_usd=g["total"],
            purchasers_over_100m=over[
                (g["registration__sub_delegation__delegation"], g["exhibitor_country"])
            ],
            first_signed_on=g["first"],
        )
        for g in groups
    ]


def totals_scope(
    *, user, edition: Edition, delegation: Delegation | None = None
) -> TotalsScope | None:
    """The user's scope for the edition, or None when they may read no totals."""
    if not can(user, "totals.view"):
        return None
    if sees_everything(user):
        return TotalsScope(
            edition=edition,
            national=True,
            delegation=delegation,
            delegation_ids=[delegation.pk] if delegation else [],
        )
    if has_role(user, Role.ORGANISER):
        delegations = delegations_visible_to(user).filter(edition=edition)
        if delegation is not None:
            delegations = delegations.filter(pk=delegation.pk)
        return TotalsScope(
            edition=edition,
            delegation=delegation,
            delegation_ids=list(delegations.values_list("pk", flat=True)),
        )
    subs = sub_delegations_visible_to(user).filter(delegation__edition=edition)
    if delegation is not None:
        subs = subs.filter(delegation=delegation)
    return TotalsScope(
        edition=edition,
        delegation=delegation,
        sub_delegation_ids=list(subs.values_list("pk", flat=True)),
    )


def editions_with_totals() -> QuerySet[Edition]:
    return Edition.objects.order_by("-number")


def delegation_history(*, delegation: Delegation) -> list[RollupRow]:
    """The delegation's totals at every edition (same region, or same name if national)."""
    same = (
        {"delegation__region": delegation.region_id}
        if delegation.region_id
        else {"delegation__name": delegation.name, "delegation__region__isnull": True}
    )
    return list(
        RollupRow.objects.filter(level=Level.DELEGATION, **same)
        .select_related("edition")
        .order_by("edition__number")
    )


def sub_delegation_names(ids) -> dict[int, SubDelegation]:
    return {
        sub.pk: sub for sub in SubDelegation.objects.filter(pk__in=ids).select_related("delegation")
    }


TOTALS_BY = (
    "edition",
    "delegation",
    "sub_delegation",
    "zone",
    "country",
    "ownership",
    "kind",
    "continent",
)


def totals_rows(
    *, scope: TotalsScope, by: str, sub_delegation: SubDelegation | None = None
) -> QuerySet[RollupRow] | list[RollupRow]:
    """The groups of one kind that the scope may read, largest first, as on the dashboard:
    the national viewer reads the national figures and every delegation; an organiser
    their delegations; a lead their own sub-delegations only. ``sub_delegation`` (already
    checked to be visible) narrows to one sub-delegation's rows."""
    national = scope.national and scope.delegation is None
    none = RollupRow.objects.none()
    if by in dimensions.DIMENSIONS:
        if sub_delegation is not None:
            one = TotalsScope(edition=scope.edition, sub_delegation_ids=[sub_delegation.pk])
            return dimensions.dimension_rows(one, by)
        return dimensions.dimension_rows(scope, by)
    if sub_delegation is not None:
        if by == "sub_delegation":
            rows = RollupRow.objects.filter(
                level=Level.SUB_DELEGATION, sub_delegation=sub_delegation
            )
        elif by == "zone":
            rows = RollupRow.objects.filter(
                level=Level.SUB_DELEGATION_ZONE, sub_delegation=sub_delegation
            )
        elif by == "country":
            return sub_delegation_country_rows(
                edition=scope.edition, sub_delegation_ids=[sub_delegation.pk]
            )
        else:
            rows = none
        return (
            rows.filter(edition=scope.edition)
            .select_related("edition", "delegation", "sub_delegation", "zone")
            .order_by("-total_usd", "pk")
        )
    if by == "edition":
        rows = scope.rows(Level.EDITION) if national else none
    elif by == "delegation":
        rows = scope.rows(Level.DELEGATION) if scope.whole_delegations else none
    elif by == "sub_delegation":
        rows = scope.sub_delegation_rows()
    elif by == "zone":
        rows = scope.zone_rows()
    else:
        rows = scope.country_rows()
        if isinstance(rows, list):
            return rows
    return rows.select_related("edition", "delegation", "sub_delegation", "zone").order_by(
        "-total_usd", "pk"
    )


def last_refreshed_at() -> datetime.datetime | None:
    run = RollupRun.objects.only("finished_at").order_by("-finished_at").first()
    return run.finished_at if run else None


def pending_since(edition: Edition) -> datetime.datetime | None:
    """When the edition's figures started waiting for a refresh; None when they are not."""
    mark = RollupDirty.objects.filter(edition=edition).only("marked_at").first()
    return mark.marked_at if mark else None
