"""The registration sheet: its columns (headers in Chinese or English), the template to
fill, with dropdowns and instructions, and reading a filled one through the import core.

Layout: one row per attendee; the firm's columns are repeated on each of its attendees' rows
and rows are grouped into firms by credit code. A clerk with 300 firms can sort, filter and
paste attendee lists without counting column groups, a firm may send any number of people,
and a firm with no attendee yet is a row with the attendee columns left empty."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from delegations import sheets
from delegations.languages import language_codes

from ..models import Attendee, Ownership, Purchaser
from ..registration.fields import ATTENDEE_FIELDS, FIRM_FIELDS


@dataclass(frozen=True)
class RegistrationColumn:
    key: str
    header: str  # lazy, translated when the template is written or a sheet is read
    part: str  # "firm" or "attendee"
    field: str
    required: bool = False
    width: int = 16


# How the sheet lays out a field beside the declaration's name and label: a wider column,
# and a key of its own for the attendee's name, which stands beside the firm's.
WIDTHS = {
    "credit_code": 22,
    "name": 30,
    "kind": 24,
    "ownership": 24,
    "address": 30,
    "contact_email": 24,
    "id_type": 20,
    "id_number": 22,
    "email": 24,
}
ATTENDEE_KEYS = {"name": "attendee_name"}


def _columns() -> list[RegistrationColumn]:
    """The firm's entered fields, then the attendee's, in their declared order. Only the
    firm's required fields are marked: a firm without attendees yet leaves theirs empty."""
    firm = [
        RegistrationColumn(name, FIRM_FIELDS.label(name), "firm", name, FIRM_FIELDS[name].required)
        for name in FIRM_FIELDS.entered
    ]
    attendee = [
        RegistrationColumn(
            ATTENDEE_KEYS.get(name, name), ATTENDEE_FIELDS.label(name), "attendee", name
        )
        for name in ATTENDEE_FIELDS.entered
    ]
    return [replace(c, width=WIDTHS.get(c.key, c.width)) for c in firm + attendee]


COLUMNS = _columns()


FIRM_COLUMNS = [c for c in COLUMNS if c.part == "firm"]


FIRM_KEY = {c.field: c.key for c in FIRM_COLUMNS}


ATTENDEE_COLUMNS = [c for c in COLUMNS if c.part == "attendee"]


def _headers_in(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.header) for column in COLUMNS]


def _choice_labels(choices, language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(value, str(label)) for value, label in choices]


def _choice_lookup(choices) -> dict[str, str]:
    """Labels in either language, or the stored value, to the stored value."""
    lookup = {}
    for language in language_codes():
        for value, label in _choice_labels(choices, language):
            lookup[label.strip().lower()] = value
    for value, _label in choices:
        lookup[value] = value
    return lookup


def ownership_lookup() -> dict[str, str]:
    """An ownership's name in either language, or its code, to its code: every entry of
    the list (one no longer offered is still understood)."""
    lookup = {}
    for code, name, name_en in Ownership.objects.values_list("code", "name", "name_en"):
        for label in (name, name_en, code):
            if label:
                lookup[label.strip().lower()] = code
    return lookup


def ownership_labels(language: str) -> list[str]:
    """The ownerships offered, named in the sheet's language: the template's dropdown."""
    with translation.override(language):
        return [o.display_name for o in Ownership.objects.filter(offered=True)]


def data_sheet_title(language: str) -> str:
    with translation.override(language):
        return _("Registrations")


REGISTRATION_SHEET = sheets.SheetKind(
    name="registrations",
    columns=tuple(sheets.Column(c.key, c.header) for c in COLUMNS),
    sheet_titles=(gettext_lazy("Registrations"),),
)


def registration_rows(file) -> list[tuple[int, dict]]:
    """The sheet's non-empty rows as (row number, {column key: text}), read by the import
    core with its limits. Raises :class:`ImportFileError` for a file that cannot be used."""
    return [(row.number, row.values) for row in sheets.read_sheet(file, REGISTRATION_SHEET)]


def registration_template(*, language: str) -> bytes:
    """An empty sheet to fill, with headers, dropdowns and an instruction sheet."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = data_sheet_title(language)
        sheet.append([f"{c.header}*" if c.required else str(c.header) for c in COLUMNS])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
            # Codes and numbers as text, so that Excel keeps leading zeros and the final X.
            if column.key in {"credit_code", "id_number", "contact_phone", "phone"}:
                sheet.column_dimensions[get_column_letter(index)].number_format = "@"

        lists = workbook.create_sheet(_("Lists"))
        kinds = [label for _value, label in _choice_labels(Purchaser.Kind.choices, language)]
        id_types = [label for _value, label in _choice_labels(Attendee.IdType.choices, language)]
        ownerships = ownership_labels(language)
        for column, labels in enumerate((kinds, id_types, ownerships), start=1):
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=column, value=label)
        lists.sheet_state = "hidden"
        quoted = "'" + lists.title.replace("'", "''") + "'"
        dropdowns = (
            ("kind", "A", len(kinds)),
            ("id_type", "B", len(id_types)),
            ("ownership", "C", len(ownerships)),
        )
        for key, letter, count in dropdowns:
            if not count:
                continue
            index = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
            validation = DataValidation(
                type="list",
                formula1=f"{quoted}!${letter}$1:${letter}${count}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=str(_("Choose from the list")),
                error=str(_("Choose a value from the dropdown list.")),
            )
            column_letter = get_column_letter(index)
            validation.add(f"{column_letter}2:{column_letter}{sheets.MAX_ROWS + 1}")
            sheet.add_data_validation(validation)

        notes = workbook.create_sheet(_("Instructions"))
        notes.column_dimensions["A"].width = 110
        for line in _instructions():
            notes.append([line])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _instructions() -> list[str]:
    return [
        _("How to fill in this sheet"),
        _(
            "One row per attendee. Repeat the organisation's columns on every row of its "
            "attendees: rows with the same unified social credit code are one organisation."
        ),
        _(
            "Why this layout: a firm may send any number of people, lists can be sorted, "
            "filtered and pasted row by row, and nobody has to count column groups."
        ),
        _(
            "An organisation without attendees yet is one row with the attendee columns "
            "left empty. On later rows of the same organisation the organisation's columns may "
            "also be left empty; if they are filled they must be the same as on its first row."
        ),
        _(
            "Columns marked * are required. Choose the purchaser type, the ownership and the "
            "ID document from the lists."
        ),
        _(
            "Type codes, ID numbers and phone numbers as text (the columns are formatted so); "
            "do not use formulas: paste values only."
        ),
        _("At most %(rows)d rows and %(size)d MB per file. Headers may be in Chinese or English.")
        % {"rows": sheets.MAX_ROWS, "size": sheets.MAX_FILE_BYTES // (1024 * 1024)},
        _(
            "After uploading you will see every row's errors by row number and column; nothing "
            "is saved until the whole file is correct and you confirm the import. Imported "
            "registrations are drafts: check and submit them as usual."
        ),
    ]
