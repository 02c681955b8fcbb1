"""What a roll-up row holds and how it is added up: the levels, the purchasers' parts (their
live deals per zone and exhibitor country) and every group's figures from the parts.

Cancelled deals never count. A purchaser is a registration: one per firm and edition.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from ..countries.continents import continent_of
from ..models import Deal
from ..money import CENT
from .models import RollupPart, RollupRow, RollupRun

Level = RollupRow.Level

# "超过1亿美元": strictly above.
LARGE_PURCHASER_USD = Decimal("100000000")

# level -> whether it groups by (delegation, sub-delegation, zone, country), and by which of
# the purchaser's ownership, its type or the exhibitor's continent (None: none); every level
# is per edition. Countries are not rolled up per sub-delegation (hundreds of thousands of
# rows nationally): a lead's few sub-delegations are summed from their deals when asked.
# Ownerships, types and continents are few: they are, at every level.
LEVEL_GROUPS: dict[str, tuple[bool, bool, bool, bool, str | None]] = {
    Level.EDITION: (False, False, False, False, None),
    Level.EDITION_ZONE: (False, False, True, False, None),
    Level.EDITION_COUNTRY: (False, False, False, True, None),
    Level.EDITION_OWNERSHIP: (False, False, False, False, "ownership"),
    Level.EDITION_KIND: (False, False, False, False, "kind"),
    Level.EDITION_CONTINENT: (False, False, False, False, "continent"),
    Level.DELEGATION: (True, False, False, False, None),
    Level.DELEGATION_ZONE: (True, False, True, False, None),
    Level.DELEGATION_COUNTRY: (True, False, False, True, None),
    Level.DELEGATION_OWNERSHIP: (True, False, False, False, "ownership"),
    Level.DELEGATION_KIND: (True, False, False, False, "kind"),
    Level.DELEGATION_CONTINENT: (True, False, False, False, "continent"),
    Level.SUB_DELEGATION: (True, True, False, False, None),
    Level.SUB_DELEGATION_ZONE: (True, True, True, False, None),
    Level.SUB_DELEGATION_OWNERSHIP: (True, True, False, False, "ownership"),
    Level.SUB_DELEGATION_KIND: (True, True, False, False, "kind"),
    Level.SUB_DELEGATION_CONTINENT: (True, True, False, False, "continent"),
}

BASE_FIELDS = (
    "deals",
    "purchasers",
    "total_usd",
    "purchasers_over_100m",
    "first_signed_on",
    "first_recorded_at",
)
LINKED_FIELDS = ("previous_total_usd", "change_usd", "change_percent", "accumulated_usd")
FIELDS = BASE_FIELDS + LINKED_FIELDS
KEY_COLUMNS = (
    "level",
    "edition_id",
    "delegation_id",
    "sub_delegation_id",
    "zone_id",
    "country",
    "ownership_id",
    "kind",
    "continent",
)
KEY_WIDTH = len(KEY_COLUMNS)

# (level, edition_id, delegation_id, sub_delegation_id, zone_id, country, ownership_id, kind,
# continent)
Key = tuple

MAX_DIFFERENCES_KEPT = 200


class Part(NamedTuple):
    """One purchaser's live deals in one zone and exhibitor country, with the purchaser's
    ownership and type as its registration says them."""

    registration_id: int
    edition_id: int
    delegation_id: int
    sub_delegation_id: int
    zone_id: int
    country: str
    ownership_id: int | None
    kind: str
    deals: int
    total_usd: Decimal
    first_signed_on: datetime.date
    first_recorded_at: datetime.datetime


PART_FIELDS = Part._fields


@dataclass
class RollupReport:
    kind: str
    editions: list[int]
    created: int = 0
    updated: int = 0
    deleted: int = 0
    parts_corrected: int = 0
    marks_cleared: int = 0
    differences: list[dict] = field(default_factory=list)
    run: RollupRun | None = None

    @property
    def corrected(self) -> int:
        return self.created + self.updated + self.deleted + self.parts_corrected


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def group_key(level: str, part: Part) -> Key:
    by_delegation, by_sub, by_zone, by_country, dimension = LEVEL_GROUPS[level]
    return (
        level,
        part.edition_id,
        part.delegation_id if by_delegation else None,
        part.sub_delegation_id if by_sub else None,
        part.zone_id if by_zone else None,
        part.country if by_country else "",
        part.ownership_id if dimension == "ownership" else None,
        part.kind if dimension == "kind" else "",
        continent_of(part.country) if dimension == "continent" else "",
    )


def purchaser_shares(parts) -> dict[tuple[Key, int], list]:
    """(group, registration) -> [deals, total, first signed, first recorded]: each
    purchaser's share of each group it belongs to."""
    shares: dict[tuple[Key, int], list] = {}
    for part in parts:
        for level in LEVEL_GROUPS:
            index = (group_key(level, part), part.registration_id)
            share = shares.get(index)
            if share is None:
                shares[index] = [
                    part.deals,
                    part.total_usd,
                    part.first_signed_on,
                    part.first_recorded_at,
                ]
            else:
                share[0] += part.deals
                share[1] += part.total_usd
                share[2] = min(share[2], part.first_signed_on)
                share[3] = min(share[3], part.first_recorded_at)
    return shares


def levels_from_parts(parts) -> dict[Key, dict]:
    """Every group's base figures from the purchasers' parts (exact decimals)."""
    figures: dict[Key, dict] = {}
    for (key, _registration), (deals, total, signed, recorded) in purchaser_shares(parts).items():
        row = figures.get(key)
        if row is None:
            figures[key] = {
                "deals": deals,
                "purchasers": 1,
                "total_usd": total,
                "purchasers_over_100m": int(total > LARGE_PURCHASER_USD),
                "first_signed_on": signed,
                "first_recorded_at": recorded,
            }
        else:
            row["deals"] += deals
            row["purchasers"] += 1
            row["total_usd"] += total
            row["purchasers_over_100m"] += int(total > LARGE_PURCHASER_USD)
            row["first_signed_on"] = min(row["first_signed_on"], signed)
            row["first_recorded_at"] = min(row["first_recorded_at"], recorded)
    for row in figures.values():
        row["total_usd"] = money(row["total_usd"])
    return figures


def parts_from_deals(deals) -> list[Part]:
    """The parts of the given deals (a queryset), added up here with exact decimals."""
    rows = (
        deals.exclude(status=Deal.Status.CANCELLED)
        .order_by()
        .values_list(
            "registration_id",
            "registration__edition_id",
            "registration__sub_delegation__delegation_id",
            "registration__sub_delegation_id",
            "zone_id",
            "exhibitor_country",
            "registration__ownership_id",
            "registration__kind",
            "amount_usd",
            "signed_on",
            "created_at",
        )
    )
    totals: dict[tuple, list] = {}
    for *key, amount, signed, recorded in rows:
        key = tuple(key)
        found = totals.get(key)
        if found is None:
            totals[key] = [1, amount, signed, recorded]
        else:
            found[0] += 1
            found[1] += amount
            found[2] = min(found[2], signed)
            found[3] = min(found[3], recorded)
    return [
        Part(*key, deals, money(total), signed, recorded)
        for key, (deals, total, signed, recorded) in totals.items()
    ]


def stored_parts(**filters) -> list[Part]:
    return [
        Part(*values) for values in RollupPart.objects.filter(**filters).values_list(*PART_FIELDS)
    ]
