"""The roll-up job: deal totals per edition, delegation, sub-delegation, zone and country.

Two paths keep the stored rows equal to the deals:

* the **full recompute** (nightly, on demand, ``manage.py rollup``) reads the deals once:
  they are totalled per purchaser, zone and exhibitor country (the *parts*), and every
  level is computed from those parts in one statement (``GROUPING SETS`` on PostgreSQL,
  ``sql``); the stored rows and parts are brought in line, writing only what differs, and
  the run records what it corrected, so the nightly run reports any drift;
* the **refresh per change** (``refresh``): a deal recorded, edited, cancelled or deleted
  marks its purchaser; the refresh adds the difference of that purchaser's parts to each
  group it belongs to. Its cost follows the purchasers changed, not the data.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ciie_delegations.queueing import enqueue_after_commit
from delegations.models import Edition
from purchasers.models import Registration

from .. import tasks
from ..models import Deal
from . import lines, refresh, sql, store
from .figures import (
    BASE_FIELDS,
    FIELDS,
    KEY_COLUMNS,
    KEY_WIDTH,
    LARGE_PURCHASER_USD,
    MAX_DIFFERENCES_KEPT,
    PART_FIELDS,
    Key,
    Part,
    RollupReport,
    levels_from_parts,
    parts_from_deals,
)
from .models import RollupDirty, RollupDirtyRegistration, RollupPart, RollupRow, RollupRun

# Above this many purchasers changed at once (an import), a refresh recomputes their
# editions in one set-based run instead of purchaser by purchaser.
DELTA_MAX_PURCHASERS = 500
LOCK_ID = 6060606


def _lock() -> None:
    """One roll-up writer at a time: two interleaving runs would count changes twice."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


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


def _recompute_python(report: RollupReport, edition_ids: list[int] | None, *, started) -> None:
    fresh, report.parts_corrected = _fresh_python(edition_ids)
    # Stored rows as plain tuples: tens of thousands of model instances would cost more
    # than the aggregation itself.
    existing: dict[Key, tuple] = {}
    for values in RollupRow.objects.order_by().values_list(*KEY_COLUMNS, "pk", *FIELDS):
        existing[values[:KEY_WIDTH]] = (
            values[KEY_WIDTH],
            dict(zip(FIELDS, values[KEY_WIDTH + 1 :], strict=True)),
        )
    figures: dict[Key, dict] = {}
    for key, (_pk, stored) in existing.items():
        if edition_ids is None or key[1] not in edition_ids:
            figures[key] = {name: stored[name] for name in BASE_FIELDS}
    figures.update(fresh)
    delegation_identity, sub_identity = lines.identities()
    lines.link_editions(
        figures, {key: lines.line(key, delegation_identity, sub_identity) for key in figures}
    )
    vanished = [key for key in existing if key not in figures]
    store.write(report, figures, existing, vanished, started=started)


def _recompute_postgresql(report: RollupReport, edition_ids: list[int] | None, *, started):
    """The full run in SQL (``sql``); Python sees the differences only."""
    _delegation_identity, sub_identity = lines.identities()
    result = sql.recompute(
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
        new = dict(zip(FIELDS, fresh[KEY_WIDTH:], strict=True)) if fresh else None
        old = dict(zip(FIELDS, stored[KEY_WIDTH:], strict=True)) if stored else None
        if new is None:
            changes = {name: (old[name], 0) for name in ("deals", "total_usd")}
        elif old is None:
            changes = {name: (None, new[name]) for name in ("deals", "total_usd")}
        else:
            changes = {name: (old[name], new[name]) for name in FIELDS if old[name] != new[name]}
        report.differences.append(store.describe_difference((fresh or stored)[:KEY_WIDTH], changes))


def _clear_marks(edition_ids: list[int] | None) -> int:
    """Take the pending-refresh marks of the editions about to be recomputed: the run reads
    the deals after taking them, so it covers every change they stand for."""
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
    else:
        _recompute_python(report, edition_ids, started=started)
    return store.record_run(report, started=started)


def _editions_of(registration_ids: list[int]) -> list[int]:
    found = Registration.objects.filter(pk__in=registration_ids).values_list("edition_id")
    counted = RollupPart.objects.filter(registration_id__in=registration_ids)
    return sorted({e for (e,) in found} | set(counted.values_list("edition_id", flat=True)))


def rollup_refresh_dirty() -> RollupReport | None:
    """Apply the changes marked since the last run; None when nothing is marked.

    Small changes go purchaser by purchaser (their parts and the groups they touch); a
    large batch (an import) recomputes its editions in one set-based run.
    """
    started = timezone.now()
    with transaction.atomic():
        _lock()
        if not RollupPart.objects.exists() and RollupRow.objects.exists():
            # Rows computed before parts were kept: the first run builds them all.
            return rollup_recompute(kind=RollupRun.Kind.REFRESH)
        editions, registration_ids = refresh.take_marks()
        if not editions and not registration_ids:
            return None
        report = RollupReport(kind=RollupRun.Kind.REFRESH, editions=sorted(editions))
        if len(registration_ids) > DELTA_MAX_PURCHASERS:
            return rollup_recompute(
                edition_ids=_editions_of(registration_ids), kind=RollupRun.Kind.REFRESH
            )
        if registration_ids:
            refresh.apply_changes(report, registration_ids, started=started)
        return store.record_run(report, started=started)


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
        enqueue_after_commit(
            tasks.refresh_rollups_task, countdown=settings.ROLLUP_REFRESH_DELAY_SECONDS
        )
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
