"""The roll-up job: deal totals per edition, delegation, sub-delegation, zone and country.

One code path serves the full recompute (nightly, on demand) and the refresh after changes:
the chosen editions are aggregated in SQL straight from the deals, the figures that link
editions (change on the previous edition, accumulated totals) are derived over every
edition, and the stored rows are brought in line with the result, writing only what
differs. The run records what it corrected, so the nightly recompute reports any drift.

Cancelled deals never count. A purchaser is a registration: one per firm and edition.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from delegations.models import Delegation, Edition, SubDelegation

from .models import Deal
from .rollup_models import RollupDirty, RollupRow, RollupRun

Level = RollupRow.Level

# "超过1亿美元": strictly above.
LARGE_PURCHASER_USD = Decimal("100000000")
CENT = Decimal("0.01")

# level -> the grouping columns, in the order (edition, delegation, sub-delegation, zone,
# country); None where the level does not group by that column.
_LEVEL_COLUMNS: dict[str, tuple] = {
    Level.EDITION: ("r.edition_id", None, None, None, None),
    Level.EDITION_ZONE: ("r.edition_id", None, None, "d.zone_id", None),
    Level.EDITION_COUNTRY: ("r.edition_id", None, None, None, "d.exhibitor_country"),
    Level.DELEGATION: ("r.edition_id", "s.delegation_id", None, None, None),
    Level.DELEGATION_ZONE: ("r.edition_id", "s.delegation_id", None, "d.zone_id", None),
    Level.DELEGATION_COUNTRY: (
        "r.edition_id",
        "s.delegation_id",
        None,
        None,
        "d.exhibitor_country",
    ),
    Level.SUB_DELEGATION: ("r.edition_id", "s.delegation_id", "r.sub_delegation_id", None, None),
    Level.SUB_DELEGATION_ZONE: (
        "r.edition_id",
        "s.delegation_id",
        "r.sub_delegation_id",
        "d.zone_id",
        None,
    ),
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

Key = tuple  # (level, edition_id, delegation_id, sub_delegation_id, zone_id, country)


@dataclass
class RollupReport:
    kind: str
    editions: list[int]
    created: int = 0
    updated: int = 0
    deleted: int = 0
    differences: list[dict] = field(default_factory=list)
    run: RollupRun | None = None

    @property
    def corrected(self) -> int:
        return self.created + self.updated + self.deleted


def level_sql(level: str, *, edition_ids: list[int] | None = None) -> tuple[str, list]:
    """The SQL that aggregates one level straight from the deals.

    The inner query totals each purchaser within the group (for the count of purchasers
    and of those above 100 million USD); the outer query totals the group. The benchmark
    times this same SQL as the baseline of the roll-up.
    """
    columns = [c for c in _LEVEL_COLUMNS[level] if c]
    inner_keys = ", ".join(columns)
    outer_keys = ", ".join(f"k{i}" for i in range(len(columns)))
    aliased = ", ".join(f"{c} AS k{i}" for i, c in enumerate(columns))
    if connection.vendor == "postgresql":
        amount = "d.amount_usd"
    else:
        # SQLite keeps decimals as floats: add up whole cents so totals stay exact.
        amount = "CAST(ROUND(d.amount_usd * 100) AS INTEGER)"
    limit = LARGE_PURCHASER_USD if connection.vendor == "postgresql" else LARGE_PURCHASER_USD * 100
    where = "d.status <> %s"
    params: list = [Deal.Status.CANCELLED]
    if edition_ids is not None:
        where += f" AND r.edition_id IN ({', '.join(['%s'] * len(edition_ids))})"
        params += list(edition_ids)
    sql = f"""
        SELECT {outer_keys}, SUM(n), COUNT(*), SUM(amount),
               SUM(CASE WHEN amount > {limit} THEN 1 ELSE 0 END), MIN(first_signed), MIN(first_at)
        FROM (
            SELECT {aliased}, d.registration_id, COUNT(*) AS n, SUM({amount}) AS amount,
                   MIN(d.signed_on) AS first_signed, MIN(d.created_at) AS first_at
            FROM deals_deal d
            JOIN purchasers_registration r ON r.id = d.registration_id
            JOIN delegations_subdelegation s ON s.id = r.sub_delegation_id
            WHERE {where}
            GROUP BY {inner_keys}, d.registration_id
        ) t
        GROUP BY {outer_keys}
    """
    return sql, params


def _money(value) -> Decimal:
    if connection.vendor == "postgresql":
        return Decimal(value).quantize(CENT)
    return (Decimal(int(value)) / 100).quantize(CENT)


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


def aggregate_from_deals(*, edition_ids: list[int] | None = None) -> dict[Key, dict]:
    """The base figures of every group, straight from the deals."""
    result: dict[Key, dict] = {}
    with connection.cursor() as cursor:
        for level, columns in _LEVEL_COLUMNS.items():
            sql, params = level_sql(level, edition_ids=edition_ids)
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                keys = iter(row)
                key = (level, *((next(keys) if c else None) for c in columns))
                if key[5] is None:
                    key = key[:5] + ("",)
                values = row[-6:]
                result[key] = {
                    "deals": int(values[0]),
                    "purchasers": int(values[1]),
                    "total_usd": _money(values[2]),
                    "purchasers_over_100m": int(values[3]),
                    "first_signed_on": _date(values[4]),
                    "first_recorded_at": _datetime(values[5]),
                }
    return result


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


def _link_editions(figures: dict[Key, dict]) -> None:
    """Fill in the change on the previous edition and the accumulated total.

    Delegations and sub-delegations are made anew each edition: a delegation is the same
    one as last edition's when it is for the same region (or has the same name, for
    national ones); a sub-delegation is the one it continues (its lineage, whatever the
    names), or else the one of the same name in the same delegation.
    """
    numbers = dict(Edition.objects.values_list("pk", "number"))
    ordered = sorted(numbers.values())
    previous_number = {n: (ordered[i - 1] if i else None) for i, n in enumerate(ordered)}
    delegation_identity = {
        pk: (("region", region) if region else ("name", name))
        for pk, region, name in Delegation.objects.values_list("pk", "region_id", "name")
    }
    sub_identity = _sub_delegation_identities(delegation_identity)
    groups: dict[tuple, dict[int, Key]] = defaultdict(dict)
    for key in figures:
        level, edition, delegation, sub, zone, country = key
        identity = (
            level,
            delegation_identity.get(delegation) if delegation else None,
            sub_identity.get(sub) if sub else None,
            zone,
            country,
        )
        groups[identity][numbers[edition]] = key
    for by_number in groups.values():
        accumulated = Decimal("0.00")
        for number in sorted(by_number):
            row = figures[by_number[number]]
            accumulated += row["total_usd"]
            row["accumulated_usd"] = accumulated
            before = by_number.get(previous_number[number])
            previous = figures[before]["total_usd"] if before else None
            row["previous_total_usd"] = previous
            row["change_usd"] = None if previous is None else row["total_usd"] - previous
            row["change_percent"] = (
                (100 * (row["total_usd"] - previous) / previous).quantize(CENT)
                if previous
                else None
            )


KEY_COLUMNS = ("level", "edition_id", "delegation_id", "sub_delegation_id", "zone_id", "country")


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


MAX_DIFFERENCES_KEPT = 200


@transaction.atomic
def rollup_recompute(
    *, edition_ids: list[int] | None = None, kind: str = RollupRun.Kind.FULL
) -> RollupReport:
    """Bring the roll-up rows of the given editions (all when None) in line with the deals.

    Returns what was corrected; the run is recorded as a ``RollupRun``.
    """
    started = timezone.now()
    # One roll-up at a time: two runs interleaving their writes would double rows.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(6060606)")
    fresh = aggregate_from_deals(edition_ids=edition_ids)
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
    _link_editions(figures)

    report = RollupReport(
        kind=kind, editions=sorted(edition_ids or Edition.objects.values_list("pk", flat=True))
    )
    to_create, to_update = [], []
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
            if len(report.differences) < MAX_DIFFERENCES_KEPT:
                report.differences.append(
                    _describe(key, {name: (None, values[name]) for name in ("deals", "total_usd")})
                )
            continue
        pk, stored = found
        changes = {
            name: (stored[name], values[name]) for name in FIELDS if stored[name] != values[name]
        }
        if changes:
            to_update.append(RollupRow(pk=pk, refreshed_at=started, **values))
            if len(report.differences) < MAX_DIFFERENCES_KEPT:
                report.differences.append(_describe(key, changes))
    vanished = [pk for key, (pk, _stored) in existing.items() if key not in figures]
    for key, (_pk, stored) in existing.items():
        if key not in figures and len(report.differences) < MAX_DIFFERENCES_KEPT:
            report.differences.append(
                _describe(
                    key, {"deals": (stored["deals"], 0), "total_usd": (stored["total_usd"], 0)}
                )
            )
    RollupRow.objects.bulk_create(to_create, batch_size=5000)
    RollupRow.objects.bulk_update(to_update, [*FIELDS, "refreshed_at"], batch_size=1000)
    for start in range(0, len(vanished), 5000):
        RollupRow.objects.filter(pk__in=vanished[start : start + 5000]).delete()
    report.created, report.updated, report.deleted = len(to_create), len(to_update), len(vanished)
    report.run = RollupRun.objects.create(
        kind=kind,
        editions=report.editions,
        started_at=started,
        finished_at=timezone.now(),
        rows_created=report.created,
        rows_updated=report.updated,
        rows_deleted=report.deleted,
        differences=report.differences,
    )
    return report


def rollup_refresh_dirty() -> RollupReport | None:
    """Refresh the editions marked as changed, all in one run; None when nothing is marked.

    The marks are taken before the work starts: a change committed meanwhile marks its
    edition again and queues another refresh, so nothing is missed.
    """
    with transaction.atomic():
        edition_ids = list(
            RollupDirty.objects.select_for_update().values_list("edition_id", flat=True)
        )
        RollupDirty.objects.filter(edition_id__in=edition_ids).delete()
    if not edition_ids:
        return None
    try:
        return rollup_recompute(edition_ids=edition_ids, kind=RollupRun.Kind.REFRESH)
    except Exception:
        for edition_id in edition_ids:
            RollupDirty.objects.get_or_create(edition_id=edition_id)
        raise


def queue_rollup_refresh(edition_id: int) -> bool:
    """Mark an edition's roll-ups as out of date and queue one refresh, after commit.

    Call it wherever deals change (the deal services do, and so do the ``Deal`` signals).
    Only the change that creates the mark queues the task; changes that find the mark
    already there ride along with the refresh already waiting. True when a task was queued.
    """
    _mark, created = RollupDirty.objects.get_or_create(edition_id=edition_id)
    if created:
        from ciie_delegations.queueing import enqueue_after_commit

        from .tasks import refresh_rollups_task

        enqueue_after_commit(refresh_rollups_task, countdown=settings.ROLLUP_REFRESH_DELAY_SECONDS)
    return created


def last_refreshed_at() -> datetime.datetime | None:
    run = RollupRun.objects.only("finished_at").order_by("-finished_at").first()
    return run.finished_at if run else None
