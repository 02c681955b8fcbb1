"""The breakdowns by the purchaser's ownership, its purchaser (organisation) type and the
exhibitor's continent, as each reader's scope sees them: read from the roll-up rows of the
level the scope reads (the edition's for the national figures, each delegation's for an
office, each sub-delegation's for a lead), never from the deals."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from purchasers.models import Purchaser

from ..countries.continents import continent_label
from .models import RollupRow

DIMENSIONS = ("ownership", "kind", "continent")

# dimension -> its levels (edition, delegation, sub-delegation)
LEVELS = {
    "ownership": (
        RollupRow.Level.EDITION_OWNERSHIP,
        RollupRow.Level.DELEGATION_OWNERSHIP,
        RollupRow.Level.SUB_DELEGATION_OWNERSHIP,
    ),
    "kind": (
        RollupRow.Level.EDITION_KIND,
        RollupRow.Level.DELEGATION_KIND,
        RollupRow.Level.SUB_DELEGATION_KIND,
    ),
    "continent": (
        RollupRow.Level.EDITION_CONTINENT,
        RollupRow.Level.DELEGATION_CONTINENT,
        RollupRow.Level.SUB_DELEGATION_CONTINENT,
    ),
}
DIMENSION_OF = {level: dimension for dimension, levels in LEVELS.items() for level in levels}

DIMENSION_TITLES = {
    "ownership": _("By ownership"),
    "kind": _("By purchaser type"),
    "continent": _("By continent"),
}
DIMENSION_HEADERS = {
    "ownership": _("Ownership"),
    "kind": _("Purchaser type"),
    "continent": _("Continent"),
}


@dataclass
class Breakdown:
    dimension: str
    title: str
    header: str
    rows: list[RollupRow]


def value_of(row: RollupRow, dimension: str):
    return {"ownership": row.ownership_id, "kind": row.kind, "continent": row.continent}[dimension]


def label(row: RollupRow, dimension: str | None = None) -> str:
    """The group's name in the reader's language ("not given" for a purchaser that gave
    no ownership or type, "other" for a country outside the list)."""
    dimension = dimension or DIMENSION_OF[row.level]
    if dimension == "ownership":
        return row.ownership.display_name if row.ownership_id else str(_("Not given"))
    if dimension == "kind":
        kinds = dict(Purchaser.Kind.choices)
        return str(kinds[row.kind]) if row.kind in kinds else str(_("Not given"))
    return continent_label(row.continent)


def level_for(scope, dimension: str) -> str:
    edition_level, delegation_level, sub_level = LEVELS[dimension]
    if scope.national and scope.delegation is None:
        return edition_level
    return delegation_level if scope.delegation_ids else sub_level


def _add(rows: list[RollupRow], level: str, edition) -> RollupRow:
    """Groups of distinct delegations or sub-delegations added up: a purchaser belongs to
    one sub-delegation, so the purchasers add up too."""
    first = rows[0]
    previous = [r.previous_total_usd for r in rows if r.previous_total_usd is not None]
    total = sum((r.total_usd for r in rows), Decimal("0.00"))
    previous_total = sum(previous, Decimal("0.00")) if previous else None
    signed = [r.first_signed_on for r in rows if r.first_signed_on]
    return RollupRow(
        level=level,
        edition=edition,
        ownership=first.ownership,
        kind=first.kind,
        continent=first.continent,
        deals=sum(r.deals for r in rows),
        purchasers=sum(r.purchasers for r in rows),
        total_usd=total,
        purchasers_over_100m=sum(r.purchasers_over_100m for r in rows),
        first_signed_on=min(signed) if signed else None,
        previous_total_usd=previous_total,
        change_usd=None if previous_total is None else total - previous_total,
        change_percent=(
            (100 * (total - previous_total) / previous_total).quantize(Decimal("0.01"))
            if previous_total
            else None
        ),
        accumulated_usd=sum((r.accumulated_usd for r in rows), Decimal("0.00")),
    )


def dimension_rows(scope, dimension: str) -> list[RollupRow]:
    """One row per ownership (type, continent) in the scope, largest first, each with its
    ``label``: the stored row where the scope is one group, else the groups added up."""
    level = level_for(scope, dimension)
    stored = list(
        scope.rows(level)
        .select_related("edition", "delegation", "sub_delegation", "zone", "ownership")
        .order_by("-total_usd", "pk")
    )
    by_value: dict = {}
    for row in stored:
        by_value.setdefault(value_of(row, dimension), []).append(row)
    rows = [
        group[0] if len(group) == 1 else _add(group, level, scope.edition)
        for group in by_value.values()
    ]
    rows.sort(key=lambda r: -r.total_usd)
    for row in rows:
        row.label = label(row, dimension)
    return rows


def breakdowns(scope) -> list[Breakdown]:
    return [
        Breakdown(
            dimension,
            str(DIMENSION_TITLES[dimension]),
            str(DIMENSION_HEADERS[dimension]),
            dimension_rows(scope, dimension),
        )
        for dimension in DIMENSIONS
    ]
