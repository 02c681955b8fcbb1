"""A season of reported registrations with attendees, and the official status file that
comes back for them: built in bulk for the season test and the benchmark."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook

from delegations.validators import credit_code_check_char, resident_id_check_char

from ..models import Attendee, Purchaser, Registration

HEADERS = ["统一社会信用代码", "证件号码", "姓名", "审核结果", "证件状态", "快递单号", "领取地点"]


def credit_code(seq: int) -> str:
    first17 = f"91630100MC{seq:07d}"
    return first17 + credit_code_check_char(first17)


def resident_id(seq: int) -> str:
    first17 = f"630102{1960 + seq // 1000 % 40:04d}0101{seq % 1000:03d}"
    return first17 + resident_id_check_char(first17)


@dataclass
class Season:
    registrations: list[Registration]
    attendees: list[Attendee]


def build_season(*, agencies: list, by, people: int, per_firm: int = 5, start: int = 0) -> Season:
    """``people`` attendees of reported registrations, ``per_firm`` a firm, spread over the
    lead agencies (each agency's first unit registers them)."""
    firms = (people + per_firm - 1) // per_firm
    units = [agency.units.first() for agency in agencies]
    purchasers = Purchaser.objects.bulk_create(
        [
            Purchaser(
                credit_code=credit_code(start + i),
                name=f"证件测试采购商{start + i}有限公司",
                kind="import_trader",
            )
            for i in range(firms)
        ]
    )
    registrations = []
    for i, purchaser in enumerate(purchasers):
        agency = agencies[i % len(agencies)]
        registrations.append(
            Registration(
                purchaser=purchaser,
                name=purchaser.name,
                kind=purchaser.kind,
                edition_id=agency.sub_delegation.delegation.edition_id,
                sub_delegation=agency.sub_delegation,
                lead_agency=agency,
                unit=units[i % len(agencies)],
                registered_by=by,
                status=Registration.Status.REPORTED,
                registered_capital=5_000_000 + i,
            )
        )
    registrations = Registration.objects.bulk_create(registrations)
    attendees = []
    for n in range(people):
        registration = registrations[n // per_firm]
        attendees.append(
            Attendee(
                registration=registration,
                edition_id=registration.edition_id,
                name=f"参会人{start + n}",
                id_number=resident_id(start + n),
                phone="13900000000",
            )
        )
    return Season(registrations, Attendee.objects.bulk_create(attendees, batch_size=2000))


def status_file(rows: list[list]) -> bytes:
    """An official status export with the given rows under the official headers."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row_for(attendee: Attendee, status: str, *, tracking: str = "", review: str = "通过") -> list:
    return [
        attendee.registration.purchaser.credit_code,
        attendee.id_number,
        attendee.name,
        review,
        status,
        tracking,
        "国家会展中心南广场" if status == "证件可领取" else "",
    ]
