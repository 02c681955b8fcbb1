"""The roll-up job: deal totals per edition, delegation, sub-delegation, zone and country.

Two paths keep the stored rows equal to the deals:

* the **full recompute** (nightly, on demand, ``manage.py rollup``) reads the deals once:
  they are totalled per purchaser, zone and exhibitor country (the *parts*), and every
  level is computed from those parts in one statement (``GROUPING SETS`` on PostgreSQL);
  the stored rows and parts are brought in line, writing only what differs, and the run
  records what it corrected, so the nightly run reports any drift;
* the **refresh per change**: a deal recorded, edited, cancelled or deleted marks its
  purchaser; the refresh recomputes that purchaser's parts from its own deals and adds
  the difference to each group it belongs to (deals, total, purchasers, those above 100
  million USD), then re-links the year-on-year line of each group touched. Its cost
  follows the purchasers changed, not the number of deals.

Cancelled deals never count. A purchaser is a registration: one per firm and edition.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ciie_delegations.queueing import enqueue_after_commit
from delegations.models import Delegation, Edition, SubDelegation

from ..models import Deal
from . import sql as rollup_sql
from .models import RollupDirty, RollupDirtyRegistration, RollupPart, RollupRow, RollupRun

Level = RollupRow.Level

# "超过1亿美元": strictly above.
LARGE_PURCHASER_USD = Decimal("100000000")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# level -> whether it groups by (delegation, sub-delegation, zone, country); every level is
# per edition. Countries are not rolled up per sub-delegation (hundreds of thousands of
# rows nationally): a lead's few sub-delegations are summed from their deals when asked.
LEVEL_GROUPS: dict[str, tuple[bool, bool, bool, bool]] = {
    Level.EDITION: (False, False, False, False),
    Level.EDITION_ZONE: (False, False, True, False),
    Level.EDITION_COUNTRY: (False, False, False, True),
    Level.DELEGATION: (True, False, False, False),
    Level.DELEGATION_ZONE: (True, False, True, False),
    Level.DELEGATION_COUNTRY: (True, False, False, True),
    Level.SUB_DELEGATION: (True, True, False, False),
    Level.SUB_DELEGATION_ZONE: (True, True, True, False),
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
KEY_COLUMNS = ("level", "edition_id", "delegation_id", "sub_delegation_id", "zone_id", "country")

Key = tuple  # (level, edition_id, delegation_id, sub_delegation_id, zone_id, country)

# Above this many purchasers changed at once (an import), a refresh recomputes their
# editions in one set-based run instead of purchaser by purchaser.
DELTA_MAX_PURCHASERS = 500
MAX_DIFFERENCES_KEPT = 200
LOCK_ID = 6060606


class Part(NamedTuple):
    """One purchaser's live deals in one zone and exhibitor country."""

    registration_id: int
    edition_id: int
    delegation_id: int
    sub_delegation_id: int
    zone_id: int
    country: str
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


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return parse_date(str(value))


def _datetime(value) -> datetime.datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = parse_datetime(str(value))
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _lock() -> None:
    """One roll-up writer at a time: two interleaving runs would count changes twice."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


# --- parts and levels -------------------------------------------------------------------


def group_key(level: str, part: Part) -> Key:
    by_delegation, by_sub, by_zone, by_country = LEVEL_GROUPS[level]
    return (
        level,
        part.edition_id,
        part.delegation_id if by_delegation else None,
        part.sub_delegation_id if by_sub else None,
        part.zone_id if by_zone else None,
        part.country if by_country else "",
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
        row["total_usd"] = _money(row["total_usd"])
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
        Part(*key, deals, _money(total), signed, recorded)
        for key, (deals, total, signed, recorded) in totals.items()
    ]


def stored_parts(**filters) -> list[Part]:
    return [
        Part(*values) for values in RollupPart.objects.filter(**filters).values_list(*PART_FIELDS)
    ]


def _fresh_python(edition_ids: list[int] | None) -> tuple[dict[Key, dict], int]:
    """The same on SQLite (the embedded default, small data): parts added up here."""
    deals = Deal.objects.all()
    stored = RollupPart.objects.all()
    if edition_ids is not None:
        deals = deals.filter(registration__edition__in=edition_ids)
        stored = stored.filter(edition_id__in=edition_ids)
    fresh = parts_from_deals(deals)
    existing = {Part(*values[1:]): values[0] for values in stored.values_list("pk", *PART_FIELDS)}
    wanted = set(fresh)
    stale = [pk for part, pk in existing.items() if part not in wanted]
    missing = [part for part in fresh if part not in existing]
    RollupPart.objects.filter(pk__in=stale).delete()
    RollupPart.objects.bulk_create([RollupPart(**part._asdict()) for part in missing])
    return levels_from_parts(fresh), len(stale) + len(missing)


def _recompute_postgresql(report: RollupReport, edition_ids: list[int] | None, *, started):
    """The full run in SQL (``deals.rollups.sql``); Python sees the differences only."""
    _delegation_identity, sub_identity = _identities()
    result = rollup_sql.recompute(
        edition_ids,
        key_columns=KEY_COLUMNS,
        fields=FIELDS,
        sub_identity=sub_identity,
        large=LARGE_PURCHASER_USD,
        started=started,
        max_differences=MAX_DIFFERENCES_KEPT,
    )
    report.parts_corrected = result["parts_corrected"]
    report.created, report.updated = result["created"], result["updated"]
    report.deleted = result["deleted"]
    for fresh, stored in result["differences"]:
        new = dict(zip(FIELDS, fresh[6:], strict=True)) if fresh else None
        old = dict(zip(FIELDS, stored[6:], strict=True)) if stored else None
        if new is None:
            changes = {name: (old[name], 0) for name in ("deals", "total_usd")}
        elif old is None:
            changes = {name: (None, new[name]) for name in ("deals", "total_usd")}
        else:
            changes = {name: (old[name], new[name]) for name in FIELDS if old[name] != new[name]}
        report.differences.append(_describe((fresh or stored)[:6], changes))


# --- year on year -------------------------------------------------------------------------


def _delegation_identity(region_id, name) -> tuple:
    return ("region", region_id) if region_id else ("name", name)


def _sub_delegation_identities(delegation_identity: dict) -> dict[int, tuple]:
    """Each sub-delegation's identity across editions: that of the first sub-delegation of
    its lineage (``SubDelegation.continues``), so a renamed one keeps its history; without a
    lineage, its delegation's identity and its name. Should a sub-delegation without a
    lineage take the name a lineage started with, in the same edition, the lineage wins."""
    rows = {
        pk: (delegation, name, continues, edition)
        for pk, delegation, name, continues, edition in SubDelegation.objects.values_list(
            "pk", "delegation_id", "name", "continues_id", "delegation__edition_id"
        )
    }
    identity: dict[int, tuple] = {}

    def root(pk: int) -> tuple:
        seen = []
        while pk not in identity and rows[pk][2] in rows and rows[pk][2] not in seen:
            seen.append(pk)
            pk = rows[pk][2]
        found = identity.get(pk) or (delegation_identity.get(rows[pk][0]), rows[pk][1])
        for step in [*seen, pk]:
            identity[step] = found
        return found

    for pk in rows:
        root(pk)
    claimed = defaultdict(list)
    for pk, (_delegation, _name, continues, edition) in rows.items():
        claimed[(identity[pk], edition)].append((continues is None, pk))
    for holders in claimed.values():
        if len(holders) > 1:
            for unlinked, pk in sorted(holders)[1:]:
                if unlinked:
                    identity[pk] = ("sub_delegation", pk)
    return identity


def _identities() -> tuple[dict, dict]:
    """Who is "the same" delegation or sub-delegation at another edition.

    Delegations and sub-delegations are made anew each edition: a delegation is the same
    one as last edition's when it is for the same region (or has the same name, for
    national ones); sub-delegations as ``_sub_delegation_identities`` says.
    """
    delegation_identity = {
        pk: _delegation_identity(region, name)
        for pk, region, name in Delegation.objects.values_list("pk", "region_id", "name")
    }
    return delegation_identity, _sub_delegation_identities(delegation_identity)


def _line(key: Key, delegation_identity: dict, sub_identity: dict) -> tuple:
    level, _edition, delegation, sub, zone, country = key
    return (
        level,
        delegation_identity.get(delegation) if delegation else None,
        sub_identity.get(sub) if sub else None,
        zone,
        country,
    )


def _link_editions(figures: dict[Key, dict], lines: dict[Key, tuple]) -> None:
    """Fill in the change on the previous edition and the accumulated total of each line
    (the same group over the editions)."""
    numbers = dict(Edition.objects.values_list("pk", "number"))
    ordered = sorted(numbers.values())
    previous_number = {n: (ordered[i - 1] if i else None) for i, n in enumerate(ordered)}
    groups: dict[tuple, dict[int, Key]] = defaultdict(dict)
    for key in figures:
        groups[lines[key]][numbers[key[1]]] = key
    for by_number in groups.values():
        accumulated = ZERO
        for number in sorted(by_number):
            row = figures[by_number[number]]
            accumulated += row["total_usd"]
            row["accumulated_usd"] = accumulated
            before = by_number.get(previous_number[number])
            previous = figures[before]["total_usd"] if before else None
            row["previous_total_usd"] = previous
            row["change_usd"] = None if previous is None else row["total_usd"] - previous
            row["change_percent"] = (
                (100 * (row["total_usd"] - previous) / previous).quantize(CENT, ROUND_HALF_UP)
                if previous
                else None
            )


def _describe(key: Key, changes: dict) -> dict:
    level, edition, delegation, sub, zone, country = key
    return {
        "level": level,
        "edition": edition,
        "delegation": delegation,
        "sub_delegation": sub,
        "zone": zone,
        "country": country,
        "changes": {name: [str(old), str(new)] for name, (old, new) in changes.items()},
    }


def _write(
    report: RollupReport,
    figures: dict[Key, dict],
    existing: dict[Key, tuple],
    vanished: list[Key],
    *,
    started,
) -> None:
    """Store ``figures`` where they differ from ``existing`` (key -> (pk, values)), delete
    the ``vanished`` rows, and note the differences on the report."""
    to_create, to_update = [], []
    keep = len(report.differences) < MAX_DIFFERENCES_KEPT
    for key, values in figures.items():
        found = existing.get(key)
        if found is None:
            to_create.append(
                RollupRow(
                    level=key[0],
                    edition_id=key[1],
                    delegation_id=key[2],
                    sub_delegation_id=key[3],
                    zone_id=key[4],
                    country=key[5],
                    refreshed_at=started,
                    **values,
                )
            )
            if keep and len(report.differences) < MAX_DIFFERENCES_KEPT:
                report.differences.append(
                    _describe(key, {name: (None, values[name]) for name in ("deals", "total_usd")})
                )
            continue
        pk, stored = found
        changes = {
            name: (stored[name], values[name]) for name in FIELDS if stored[name] != values[name]
        }
        if changes:
            to_update.append((pk, values))
            if keep and len(report.differences) < MAX_DIFFERENCES_KEPT:
                report.differences.append(_describe(key, changes))
    for key in vanished:
        stored = existing[key][1]
        if keep and len(report.differences) < MAX_DIFFERENCES_KEPT:
            report.differences.append(
                _describe(
                    key, {"deals": (stored["deals"], 0), "total_usd": (stored["total_usd"], 0)}
                )
            )
    RollupRow.objects.bulk_create(to_create, batch_size=5000)
    if connection.vendor == "postgresql":
        rollup_sql.update_rows(to_update, FIELDS, started)
    else:
        RollupRow.objects.bulk_update(
            [RollupRow(pk=pk, refreshed_at=started, **values) for pk, values in to_update],
            [*FIELDS, "refreshed_at"],
            batch_size=1000,
        )
    pks = [existing[key][0] for key in vanished]
    for start in range(0, len(pks), 5000):
        RollupRow.objects.filter(pk__in=pks[start : start + 5000]).delete()
    report.created += len(to_create)
    report.updated += len(to_update)
    report.deleted += len(vanished)


def _record(report: RollupReport, *, started) -> RollupReport:
    report.run = RollupRun.objects.create(
        kind=report.kind,
        editions=report.editions,
        started_at=started,
        finished_at=timezone.now(),
        rows_created=report.created,
        rows_updated=report.updated,
        rows_deleted=report.deleted,
        parts_corrected=report.parts_corrected,
        differences=report.differences,
    )
    return report


# --- the full recompute -------------------------------------------------------------------


def _clear_marks(edition_ids: list[int] | None) -> int:
    """Take the pending-refresh marks of the editions about to be recomputed: the run reads
    the deals after taking them, so it covers every change they stand for."""
    from purchasers.models import Registration

    gates = RollupDirty.objects.all()
    marks = RollupDirtyRegistration.objects.all()
    if edition_ids is not None:
        gates = gates.filter(edition_id__in=edition_ids)
        marks = marks.filter(
            registration_id__in=Registration.objects.filter(edition__in=edition_ids).values("pk")
        )
    return gates.delete()[0] + marks.delete()[0]


@transaction.atomic
def rollup_recompute(
    *, edition_ids: list[int] | None = None, kind: str = RollupRun.Kind.FULL
) -> RollupReport:
    """Bring the roll-up rows and parts of the given editions (all when None) in line with
    the deals, and clear their pending-refresh marks.

    Returns what was corrected; the run is recorded as a ``RollupRun``.
    """
    started = timezone.now()
    _lock()
    report = RollupReport(
        kind=kind, editions=sorted(edition_ids or Edition.objects.values_list("pk", flat=True))
    )
    report.marks_cleared = _clear_marks(edition_ids)
    if connection.vendor == "postgresql":
        _recompute_postgresql(report, edition_ids, started=started)
        return _record(report, started=started)
    fresh, report.parts_corrected = _fresh_python(edition_ids)
    # Stored rows as plain tuples: tens of thousands of model instances would cost more
    # than the aggregation itself.
    existing: dict[Key, tuple] = {}
    for values in RollupRow.objects.order_by().values_list(*KEY_COLUMNS, "pk", *FIELDS):
        existing[values[:6]] = (values[6], dict(zip(FIELDS, values[7:], strict=True)))
    figures: dict[Key, dict] = {}
    for key, (_pk, stored) in existing.items():
        if edition_ids is None or key[1] not in edition_ids:
            figures[key] = {name: stored[name] for name in BASE_FIELDS}
    figures.update(fresh)
    delegation_identity, sub_identity = _identities()
    _link_editions(figures, {key: _line(key, delegation_identity, sub_identity) for key in figures})
    vanished = [key for key in existing if key not in figures]
    _write(report, figures, existing, vanished, started=started)
    return _record(report, started=started)


# --- the refresh per change ---------------------------------------------------------------


def _take_marks() -> tuple[list[int], list[int]]:
    """Delete and return the marks (editions, registrations). A change still committing
    holds its mark's row: the delete waits for it, so its deals are read below."""
    editions = list(RollupDirty.objects.values_list("edition_id", flat=True))
    RollupDirty.objects.filter(edition_id__in=editions).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM deals_rollupdirtyregistration RETURNING registration_id")
            registrations = [row[0] for row in cursor.fetchall()]
    else:
        registrations = list(
            RollupDirtyRegistration.objects.values_list("registration_id", flat=True)
        )
        RollupDirtyRegistration.objects.filter(registration_id__in=registrations).delete()
    return editions, registrations


def _line_rows(
    lines: set[tuple], delegation_identity: dict, sub_identity: dict
) -> tuple[dict[Key, tuple], dict[Key, tuple]]:
    """The stored rows of the given lines at every edition, and each row's line.

    The same delegations and sub-delegations at every edition are found first, so that the
    rows are read through their indexes (a few hundred at most), then kept by line.
    """
    wanted_delegations = {line[1] for line in lines if line[1]}
    wanted_subs = {line[2] for line in lines if line[2]}
    delegations = [pk for pk, i in delegation_identity.items() if i in wanted_delegations]
    subs = [pk for pk, i in sub_identity.items() if i in wanted_subs]
    levels = {line[0] for line in lines}
    by_level = defaultdict(set)
    for level in levels:
        by_delegation, by_sub, _by_zone, _by_country = LEVEL_GROUPS[level]
        by_level[(by_delegation, by_sub)].add(level)
    condition = Q()
    for (by_delegation, by_sub), group in by_level.items():
        if by_sub:
            condition |= Q(level__in=group, sub_delegation_id__in=subs)
        elif by_delegation:
            condition |= Q(level__in=group, delegation_id__in=delegations)
        else:
            condition |= Q(
                level__in=group,
                delegation__isnull=True,
                edition_id__in=Edition.objects.values("pk"),
            )
    zones = {line[3] for line in lines if line[3] is not None}
    countries = {line[4] for line in lines}
    rows: dict[Key, tuple] = {}
    line_of: dict[Key, tuple] = {}
    found = (
        RollupRow.objects.filter(condition)
        .filter(Q(zone_id__in=zones) | Q(zone__isnull=True), country__in=countries)
        .values_list(*KEY_COLUMNS, "pk", *FIELDS)
    )
    for row in found:
        key = row[:6]
        line = _line(key, delegation_identity, sub_identity)
        if line in lines:
            rows[key] = (row[6], dict(zip(FIELDS, row[7:], strict=True)))
            line_of[key] = line
    return rows, line_of


def _min_from_parts(key: Key) -> tuple:
    level, edition, delegation, sub, zone, country = key
    filters = {"edition_id": edition}
    by_delegation, by_sub, by_zone, by_country = LEVEL_GROUPS[level]
    if by_delegation:
        filters["delegation_id"] = delegation
    if by_sub:
        filters["sub_delegation_id"] = sub
    if by_zone:
        filters["zone_id"] = zone
    if by_country:
        filters["country"] = country
    found = RollupPart.objects.filter(**filters).aggregate(
        signed=Min("first_signed_on"), recorded=Min("first_recorded_at")
    )
    return found["signed"], found["recorded"]


def _apply_changes(report: RollupReport, registration_ids: list[int], *, started) -> None:
    """Recompute the purchasers' parts and add the difference to every group they touch."""
    old_parts = stored_parts(registration_id__in=registration_ids)
    new_parts = parts_from_deals(Deal.objects.filter(registration_id__in=registration_ids))
    if set(old_parts) == set(new_parts):
        return
    RollupPart.objects.filter(registration_id__in=registration_ids).delete()
    RollupPart.objects.bulk_create([RollupPart(**part._asdict()) for part in new_parts])
    report.editions = sorted({p.edition_id for p in old_parts + new_parts})
    old, new = purchaser_shares(old_parts), purchaser_shares(new_parts)
    keys = {key for key, _registration in old} | {key for key, _registration in new}
    # Each touched group's line over the editions (the group itself among them): this
    # edition's change and accumulated total, and those of later editions, build on it.
    delegation_identity, sub_identity = _identities()
    lines_of_keys = {key: _line(key, delegation_identity, sub_identity) for key in keys}
    existing, line_of = _line_rows(set(lines_of_keys.values()), delegation_identity, sub_identity)
    figures: dict[Key, dict] = {}
    for key in keys:
        stored = existing.get(key)
        figures[key] = (
            {name: stored[1][name] for name in FIELDS}
            if stored
            else {
                "deals": 0,
                "purchasers": 0,
                "total_usd": ZERO,
                "purchasers_over_100m": 0,
                "first_signed_on": None,
                "first_recorded_at": None,
            }
        )
    recount_first: set[Key] = set()
    for index in old.keys() | new.keys():
        key = index[0]
        row = figures[key]
        before, after = old.get(index), new.get(index)
        for share, sign in ((before, -1), (after, 1)):
            if share is None:
                continue
            row["deals"] += sign * share[0]
            row["total_usd"] += sign * share[1]
            row["purchasers"] += sign
            row["purchasers_over_100m"] += sign * int(share[1] > LARGE_PURCHASER_USD)
        for position, name in ((2, "first_signed_on"), (3, "first_recorded_at")):
            if (
                before is not None
                and row[name] == before[position]
                and (after is None or after[position] > before[position])
            ):
                # The group's first deal may have left it: ask the parts again.
                recount_first.add(key)
            if after is not None and (row[name] is None or after[position] < row[name]):
                row[name] = after[position]
    for key in recount_first:
        if figures[key]["deals"] > 0:
            figures[key]["first_signed_on"], figures[key]["first_recorded_at"] = _min_from_parts(
                key
            )
    vanished = [key for key in keys if figures[key]["deals"] <= 0 and key in existing]
    live = {key: values for key, values in figures.items() if values["deals"] > 0}
    for values in live.values():
        values["total_usd"] = _money(values["total_usd"])

    linked: dict[Key, dict] = {
        key: {name: stored[name] for name in FIELDS}
        for key, (_pk, stored) in existing.items()
        if key not in keys
    }
    linked.update(live)
    line_of.update({key: lines_of_keys[key] for key in live})
    _link_editions(linked, line_of)
    _write(report, linked, existing, vanished, started=started)


def rollup_refresh_dirty() -> RollupReport | None:
    """Apply the changes marked since the last run; None when nothing is marked.

    Small changes go purchaser by purchaser (their parts and the groups they touch); a
    large batch (an import) recomputes its editions in one set-based run.
    """
    from purchasers.models import Registration

    started = timezone.now()
    with transaction.atomic():
        _lock()
        if not RollupPart.objects.exists() and RollupRow.objects.exists():
            # Rows computed before parts were kept: the first run builds them all.
            return rollup_recompute(kind=RollupRun.Kind.REFRESH)
        editions, registration_ids = _take_marks()
        if not editions and not registration_ids:
            return None
        report = RollupReport(kind=RollupRun.Kind.REFRESH, editions=sorted(editions))
        if len(registration_ids) > DELTA_MAX_PURCHASERS:
            edition_ids = set(
                Registration.objects.filter(pk__in=registration_ids).values_list(
                    "edition_id", flat=True
                )
            ) | set(
                RollupPart.objects.filter(registration_id__in=registration_ids).values_list(
                    "edition_id", flat=True
                )
            )
            return rollup_recompute(edition_ids=sorted(edition_ids), kind=RollupRun.Kind.REFRESH)
        if registration_ids:
            _apply_changes(report, registration_ids, started=started)
        return _record(report, started=started)


def queue_rollup_refresh(edition_id: int, registration_ids=()) -> bool:
    """Mark the purchasers' roll-ups as out of date and queue one refresh, after commit.

    Called wherever deals change (the ``Deal`` signals do, so every path is covered). Only
    the change that creates the edition's mark queues the task; changes that find it there
    ride along with the refresh already waiting. A broker that cannot be reached fails
    nothing: the marks stay and the sweep (``rollup_sweep``) runs the refresh. True when a
    task was queued.
    """
    now = timezone.now()
    if registration_ids:
        RollupDirtyRegistration.objects.bulk_create(
            [RollupDirtyRegistration(registration_id=pk, marked_at=now) for pk in registration_ids],
            update_conflicts=True,
            unique_fields=["registration_id"],
            update_fields=["marked_at"],
        )
    _mark, created = RollupDirty.objects.get_or_create(edition_id=edition_id)
    if created:
        from ..tasks import refresh_rollups_task

        enqueue_after_commit(refresh_rollups_task, countdown=settings.ROLLUP_REFRESH_DELAY_SECONDS)
    return created


def rollup_sweep() -> RollupReport | None:
    """Run the refresh for marks left longer than the refresh delay: after a broker outage,
    or a change committed while a refresh was reading."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.ROLLUP_REFRESH_DELAY_SECONDS)
    if (
        RollupDirty.objects.filter(marked_at__lte=cutoff).exists()
        or RollupDirtyRegistration.objects.filter(marked_at__lte=cutoff).exists()
    ):
        return rollup_refresh_dirty()
    return None


def last_refreshed_at() -> datetime.datetime | None:
    run = RollupRun.objects.only("finished_at").order_by("-finished_at").first()
    return run.finished_at if run else None


def pending_since(edition: Edition) -> datetime.datetime | None:
    """When the edition's figures started waiting for a refresh; None when they are not."""
    mark = RollupDirty.objects.filter(edition=edition).only("marked_at").first()
    return mark.marked_at if mark else None
