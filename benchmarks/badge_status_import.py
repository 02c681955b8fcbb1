"""The official status file for 7,000 attendees read back: the whole import
(read, match by credit code and ID number, write every badge and its history entry) and
its preview, against the import core only reading the same file.

Runs inside a transaction that is rolled back: nothing stays behind.
"""

import datetime
import io
import os
import time

from django.db import transaction
from django.utils import translation

PEOPLE = int(os.environ.get("BADGE_BENCH_PEOPLE", "7000"))
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


def _file(people) -> bytes:
    from purchasers.badges import season

    rows = []
    for i, person in enumerate(people):
        status = STATUSES[i % len(STATUSES)]
        rows.append(season.row_for(person, status, tracking=f"SF{i:010d}" if i % 5 == 1 else ""))
    return season.status_file(rows)


def _import(status_import, office, data) -> None:
    done = status_import(user=office, file=io.BytesIO(data), dry_run=False).done
    assert done == PEOPLE, done


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run():
    from delegations import sheets
    from purchasers.badges import season
    from purchasers.badges.status_import import STATUS_SHEET, status_import

    translation.activate("zh-hans")
    figures = {}
    try:
        with transaction.atomic():
            agency, registrant, office = _world()
            people = season.build_season(
                agencies=[agency], by=registrant, people=PEOPLE, start=500_000
            ).attendees
            data = _file(people)
            read = min(
                _timed(lambda: sheets.read_sheet(io.BytesIO(data), STATUS_SHEET)) for _ in range(3)
            )
            preview = min(
                _timed(lambda: status_import(user=office, file=io.BytesIO(data), dry_run=True))
                for _ in range(3)
            )
            writes = []
            for _attempt in range(3):
                try:
                    with transaction.atomic():  # a savepoint: each attempt starts afresh
                        writes.append(_timed(lambda: _import(status_import, office, data)))
                        raise _Rollback
                except _Rollback:
                    pass
            write = min(writes)
            _import(status_import, office, data)
            again = min(
                _timed(lambda: status_import(user=office, file=io.BytesIO(data), dry_run=False))
                for _ in range(3)
            )
            figures = {"read": read, "preview": preview, "write": write, "again": again}
            raise _Rollback
    except _Rollback:
        pass
    read = figures["read"]
    return [
        (
            f"badge status import, {PEOPLE} people ÷ reading the file",
            figures["write"] / read,
            f"import {figures['write']:.2f}s, read {read:.2f}s (aim ≤ 3×)",
        ),
        (
            f"badge status preview, {PEOPLE} people ÷ reading the file",
            figures["preview"] / read,
            f"preview {figures['preview']:.2f}s",
        ),
        (
            f"same status file again, {PEOPLE} people ÷ reading the file",
            figures["again"] / read,
            f"nothing to change {figures['again']:.2f}s",
        ),
    ]
