"""The official status file for 7,000 attendees read back: the whole import
(read, match by credit code and ID number, write every badge and its history entry, and
the foreign-key checks its commit makes) and its preview, against the import core only
reading the same file.

Best of ``BADGE_BENCH_ROUNDS`` rounds, each timing the import and the bare read one after
the other, so that a neighbour's load on the shared machine weighs on both alike. The read
runs with the cycle collector paused as the import does: the same conditions, and the
stricter baseline (a collection during the read would only make it slower).

The season is built in a database of its own (``<DATABASE_URL name>_badge_bench``, made
afresh each run) and committed, as an office's is weeks before the bureau's file comes
back, with the statistics autovacuum keeps. Each timed import runs in a transaction rolled
back afterwards, its foreign-key checks made as each statement ends (where a commit would
make them). Built inside one open transaction, as this benchmark was until 2026-12, every
row was the transaction's own: an update then re-checked the badge's attendee (PostgreSQL
skips that check only for rows of earlier transactions), 40 ms of the 7,000 badges'
second file that no office's import pays.
"""

import datetime
import gc
import io
import os
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import translation

SUFFIX = "_badge_bench"

PEOPLE = int(os.environ.get("BADGE_BENCH_PEOPLE", "7000"))
ROUNDS = int(os.environ.get("BADGE_BENCH_ROUNDS", "7"))
STATUSES = ["证件可领取", "寄递发放中", "审核中", "制证中", "注册信息已提交"]


class _Rollback(Exception):
    pass


def _world():
    from delegations.models import Delegation, Edition, LeadAgency, MemberUnit, SubDelegation, User

    edition, _created = Edition.objects.get_or_create(
        number=98,
        defaults={
            "year": 2115,
            "opens_on": datetime.date(2115, 11, 5),
            "closes_on": datetime.date(2115, 11, 10),
        },
    )
    office = MemberUnit.objects.create(name="证件基准测试商务厅")
    unit = MemberUnit.objects.create(name="证件基准测试成员单位")
    delegation = Delegation.objects.create(
        edition=edition, name="证件基准交易团", office_unit=office
    )
    delegation.member_units.add(unit)
    sub = SubDelegation.objects.create(delegation=delegation, name="证件基准分团")
    agency = LeadAgency.objects.create(sub_delegation=sub, target=100)
    agency.units.add(unit)
    registrant = User.objects.create(
        username="bench-badge-reg", role=User.Role.REGISTRANT, unit=unit
    )
    office_user = User.objects.create(
        username="bench-badge-office", role=User.Role.ORGANISER, unit=office
    )
    return agency, registrant, office_user


def _file(people, *, week: int = 0) -> bytes:
    """The official status file for ``people``; ``week`` 1 is the next one, every badge a
    step further on (in review → being made, being made → ready, ready → posted, ...)."""
    from purchasers.badges import season

    rows = []
    for i, person in enumerate(people):
        status = STATUSES[(i + week) % len(STATUSES)]
        tracking = f"SF{i:010d}" if status == "寄递发放中" else ""
        rows.append(season.row_for(person, status, tracking=tracking))
    return season.status_file(rows)


def _import(status_import, office, data) -> None:
    done = status_import(user=office, file=io.BytesIO(data), dry_run=False).done
    assert done == PEOPLE, done


def _timed(fn) -> float:
    gc.collect()  # what the last round left is not this one's to collect
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _paused(fn):
    def run():
        gc.disable()
        try:
            fn()
        finally:
            gc.enable()

    return run


def _undone(fn):
    """``fn`` in a transaction rolled back afterwards (each round writes afresh), its
    foreign keys checked as each statement ends: the checks a real upload's commit makes
    fall inside the import's time, where a rolled-back benchmark would never make them."""

    def run():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                fn()
                raise _Rollback
        except _Rollback:
            pass

    return run


@contextmanager
def _own_database():
    """A database of its own, made afresh and migrated, as the default connection; the one
    before it is the default again afterwards (the benchmarks after this one use theirs)."""
    from .deal_list import _bench_database

    before, name = connections[DEFAULT_DB_ALIAS], settings.DATABASES["default"]["NAME"]
    own = _bench_database(SUFFIX, fresh=True)
    try:
        yield
    finally:
        own.close()
        connections[DEFAULT_DB_ALIAS] = before
        settings.DATABASES["default"]["NAME"] = name


def _rounds(**timed) -> dict[str, float]:
    """Each function timed once a round, in turn, ``ROUNDS`` times; the best of each."""
    times: dict[str, list[float]] = {name: [] for name in timed}
    for _round in range(ROUNDS):
        for name, fn in timed.items():
            times[name].append(_timed(fn))
    return {name: min(values) for name, values in times.items()}


def _figures(data, next_week, office) -> dict[str, float]:
    from delegations import sheets
    from purchasers.badges.status_import import STATUS_SHEET, status_import

    def read():
        sheets.read_sheet(io.BytesIO(data), STATUS_SHEET)

    def write():
        _import(status_import, office, data)

    def preview():
        status_import(user=office, file=io.BytesIO(data), dry_run=True)

    def unchecked():
        # The checks left to a commit that the rollback never makes: printed apart, to see
        # their share.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        write()

    first = _rounds(
        read=_paused(read), write=_undone(write), unchecked=_undone(unchecked), preview=preview
    )
    write()  # committed: the same file again finds every badge as it says
    again = _rounds(
        read=_paused(read),
        again=_unchanged_again(status_import, office, data),
        next_week=_undone(lambda: _import(status_import, office, next_week)),
    )
    return {
        **first,
        "again": again["again"],
        "next_week": again["next_week"],
        "read": min(first["read"], again["read"]),
    }


def _unchanged_again(status_import, office, data):
    def run():
        assert status_import(user=office, file=io.BytesIO(data), dry_run=False).done == 0

    return _undone(run)


def run():
    from purchasers.badges import season

    if connection.vendor != "postgresql":
        return [("badge status import: skipped (set DATABASE_URL to PostgreSQL)", 0.0, "")]
    translation.activate("zh-hans")
    with _own_database():
        with transaction.atomic():
            agency, registrant, office = _world()
            people = season.build_season(
                agencies=[agency], by=registrant, people=PEOPLE, start=500_000
            ).attendees
        data, next_week = _file(people), _file(people, week=1)
        del people  # a smaller heap for the collector, in both the read and the import
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        figures = _figures(data, next_week, office)
    read = figures["read"]
    checks = figures["write"] - figures["unchecked"]
    return [
        (
            f"badge status import, {PEOPLE} people ÷ reading the file",
            figures["write"] / read,
            f"import {figures['write']:.3f}s, read {read:.3f}s, best of {ROUNDS} (aim ≤ 3×)",
        ),
        (
            "  the same without its commit's foreign-key checks",
            figures["unchecked"] / read,
            f"import {figures['unchecked']:.3f}s (the checks: {checks * 1000:.0f} ms)",
        ),
        (
            f"badge status preview, {PEOPLE} people ÷ reading the file",
            figures["preview"] / read,
            f"preview {figures['preview']:.3f}s",
        ),
        (
            f"next week's status file, {PEOPLE} badges moved on ÷ reading the file",
            figures["next_week"] / read,
            f"import {figures['next_week']:.3f}s: every badge there already, each updated",
        ),
        (
            f"same status file again, {PEOPLE} people ÷ reading the file",
            figures["again"] / read,
            f"nothing to change {figures['again']:.3f}s",
        ),
    ]
