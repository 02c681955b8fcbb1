"""Writing roll-up rows: only those that differ from what is stored, with a note of each
difference on the run's report, and the run itself."""

from django.db import connection
from django.utils import timezone

from . import sql
from .figures import FIELDS, MAX_DIFFERENCES_KEPT, Key, RollupReport
from .models import RollupRow, RollupRun


def describe_difference(key: Key, changes: dict) -> dict:
    level, edition, delegation, sub, zone, country, ownership, kind, continent = key
    return {
        "level": level,
        "edition": edition,
        "delegation": delegation,
        "sub_delegation": sub,
        "zone": zone,
        "country": country,
        "ownership": ownership,
        "kind": kind,
        "continent": continent,
        "changes": {name: [str(old), str(new)] for name, (old, new) in changes.items()},
    }


def _note(report: RollupReport, key: Key, changes: dict) -> None:
    if len(report.differences) < MAX_DIFFERENCES_KEPT:
        report.differences.append(describe_difference(key, changes))


def _new_row(key: Key, values: dict, started) -> RollupRow:
    level, edition, delegation, sub, zone, country, ownership, kind, continent = key
    return RollupRow(
        level=level,
        edition_id=edition,
        delegation_id=delegation,
        sub_delegation_id=sub,
        zone_id=zone,
        country=country,
        ownership_id=ownership,
        kind=kind,
        continent=continent,
        refreshed_at=started,
        **values,
    )


def write(
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
    for key, values in figures.items():
        found = existing.get(key)
        if found is None:
            to_create.append(_new_row(key, values, started))
            _note(report, key, {name: (None, values[name]) for name in ("deals", "total_usd")})
            continue
        pk, stored = found
        changes = {
            name: (stored[name], values[name]) for name in FIELDS if stored[name] != values[name]
        }
        if changes:
            to_update.append((pk, values))
            _note(report, key, changes)
    for key in vanished:
        stored = existing[key][1]
        _note(report, key, {"deals": (stored["deals"], 0), "total_usd": (stored["total_usd"], 0)})
    RollupRow.objects.bulk_create(to_create, batch_size=5000)
    if connection.vendor == "postgresql":
        sql.update_rows(to_update, FIELDS, started)
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


def record_run(report: RollupReport, *, started) -> RollupReport:
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
