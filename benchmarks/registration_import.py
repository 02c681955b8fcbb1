"""Spreadsheet import of 10,000 rows: the whole import (read, check every row with the
page's validators, look up duplicates, write) against openpyxl alone reading the same file.

Runs against whatever database ``DATABASE_URL`` names, inside a transaction that is rolled
back: the benchmark's delegation, users and registrations never stay behind.
"""

import datetime
import io
import os
import time

from django.db import transaction
from django.utils import translation
from openpyxl import Workbook, load_workbook

from delegations.validators import credit_code_check_char, resident_id_check_char

ROWS = int(os.environ.get("IMPORT_BENCH_ROWS", "10000"))


def credit_code(seq: int) -> str:
    first17 = f"91630100MB{seq:07d}"
    return first17 + credit_code_check_char(first17)


def resident_id(seq: int) -> str:
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=seq // 1000)
    first17 = f"630102{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def build_sheet(*, rows: int = ROWS, language: str = "zh-hans", bad_row: int | None = None):
    """A filled template: one firm per two rows (two attendees each); ``bad_row`` (a data
    row number, 1-based) gets a wrong credit-code check character."""
    from purchasers.imports.sheet import COLUMNS, data_sheet_title

    with translation.override(language):
        from purchasers.models import Attendee, Purchaser

        kind = str(Purchaser.Kind.WHOLESALE_RETAIL.label)
        id_type = str(Attendee.IdType.RESIDENT_ID.label)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(data_sheet_title(language))
        sheet.append([str(c.header) for c in COLUMNS])
    for i in range(rows):
        firm = i // 2
        code = credit_code(firm)
        if bad_row is not None and i + 1 == bad_row:
            code = code[:-1] + ("0" if code[-1] != "0" else "1")
        cells = {
            "credit_code": code,
            "name": f"基准测试采购商{firm}有限公司",
            "kind": kind,
            "ownership": "民营",
            "industry": "批发零售",
            "address": "西宁市城西区",
            "contact_name": "王经理",
            "contact_phone": "0971-6321489",
            "attendee_name": f"参会人{i}",
            "id_type": id_type,
            "id_number": resident_id(i),
            "phone": f"139{i:08d}",
            "title": "采购经理",
        }
        # By column key: a column added to the sheet is left empty.
        sheet.append([cells.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _openpyxl_read(data: bytes) -> float:
    started = time.perf_counter()
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - started


class _Rollback(Exception):
    pass


def _world():
    from delegations.models import Delegation, Edition, LeadAgency, MemberUnit, SubDelegation, User

    edition, _created = Edition.objects.get_or_create(
        number=99,
        defaults={
            "year": 2116,
            "opens_on": datetime.date(2116, 11, 5),
            "closes_on": datetime.date(2116, 11, 10),
        },
    )
    office = MemberUnit.objects.create(name="基准测试商务厅")
    unit = MemberUnit.objects.create(name="基准测试成员单位")
    delegation = Delegation.objects.create(
        edition=edition, name="基准测试交易团", office_unit=office
    )
    delegation.member_units.add(unit)
    sub = SubDelegation.objects.create(delegation=delegation, name="基准测试分团")
    agency = LeadAgency.objects.create(sub_delegation=sub, target=100)
    agency.units.add(unit)
    user = User.objects.create(username="bench-registrant", role=User.Role.REGISTRANT, unit=unit)
    return sub, agency, user


def run():
    from purchasers.imports.services import registration_import
    from purchasers.models import Registration

    translation.activate("zh-hans")
    data = build_sheet()
    baseline = min(_openpyxl_read(data) for _ in range(3))
    timings = []
    created = 0
    for _attempt in range(3):
        try:
            with transaction.atomic():
                sub, agency, user = _world()
                started = time.perf_counter()
                result = registration_import(
                    user=user,
                    sub_delegation=sub,
                    lead_agency=agency,
                    file=io.BytesIO(data),
                    dry_run=False,
                )
                timings.append(time.perf_counter() - started)
                assert result.imported and not result.errors, result.errors[:3]
                created = Registration.objects.filter(sub_delegation=sub).count()
                raise _Rollback
        except _Rollback:
            pass
    elapsed = min(timings)
    return [
        (
            f"registration import, {ROWS:,} rows ÷ openpyxl read",
            elapsed / baseline,
            f"import {elapsed:.2f}s, openpyxl {baseline:.2f}s, "
            f"{created:,} registrations (rolled back)",
        )
    ]
