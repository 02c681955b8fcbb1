"""Filled import templates for the import tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from purchasers.imports.sheet import COLUMNS, registration_template

from ..factories import valid_credit_code, valid_resident_id

CODE_A = valid_credit_code(900001)
CODE_B = valid_credit_code(900002)


# The order the rows below give their cells in; each is written under its own column, so
# that a column added to the sheet is simply left empty.
ROW_KEYS = [
    "credit_code",
    "name",
    "kind",
    "industry",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "attendee_name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "title",
    "ownership",
]


def firm_row(
    code=CODE_A, name="青海昆仑商贸有限公司", kind="批发零售企业", ownership="", **attendee
) -> list:
    row = [code, name, kind, "批发零售", "西宁市城西区", "王经理", "0971-6321489", ""]
    if attendee:
        row += [
            attendee.get("person", "参会人"),
            attendee.get("id_type", "居民身份证"),
            attendee["id_number"],
            attendee.get("phone", "13900000000"),
            attendee.get("email", ""),
            attendee.get("title", ""),
        ]
    if ownership:
        row += [""] * (len(ROW_KEYS) - 1 - len(row)) + [ownership]
    return row


def good_rows() -> list[list]:
    return [
        firm_row(CODE_A, id_number=valid_resident_id(11), person="张三"),
        firm_row(CODE_A, id_number=valid_resident_id(12), person="李四"),
        firm_row(CODE_B, name="青海高原医药有限公司", kind="hospital or medical institution")
        + ["Anna Li", "护照", "E12345678", "13800000000", "anna@example.org", ""],
    ]


def sheet(rows, *, language="zh-hans", template: bytes | None = None) -> bytes:
    """The downloaded template (or a fresh one) with these rows under its headers."""
    workbook = load_workbook(io.BytesIO(template or registration_template(language=language)))
    write_rows(workbook.worksheets[0], rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="sheet.xlsx"):

    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def write_rows(data, rows) -> None:
    """The rows written into a template's data sheet, each cell under its own column."""
    position = {c.key: index for index, c in enumerate(COLUMNS, start=1)}
    for number, row in enumerate(rows, start=2):
        for key, value in zip(ROW_KEYS, row, strict=False):
            data.cell(row=number, column=position[key], value=value)
