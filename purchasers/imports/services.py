"""Spreadsheet import of purchaser registrations: the template, reading a filled sheet,
checking every row with the same validators as the registration page, and an all-or-nothing
import into draft registrations.

Layout: one row per attendee; the firm's columns are repeated on each of its attendees' rows
and rows are grouped into firms by credit code. A clerk with 300 firms can sort, filter and
paste attendee lists without counting column groups, a firm may send any number of people,
and a firm with no attendee yet is a row with the attendee columns left empty.

The HTML view, the API and the benchmark all call :func:`registration_import`; the rows
become registrations through ``services.registrations_create_drafts``, the bulk variant of
the registration page's service.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from delegations import sheets
from delegations.models import LeadAgency, SubDelegation
from delegations.validators import normalize_code

from ..models import Attendee, Purchaser, Registration
from ..permissions import registrations_visible_to
from ..registration.duplicates import (
    attendees_by_id,
    duplicate_attendee_message,
    duplicate_firm_message,
    registrations_by_credit_code,
)
from ..registration.forms import AttendeeForm, PurchaserForm
from ..registration.services import (
    Draft,
    RegistrationError,
    known_firm_differences,
    registrations_create_drafts,
)

MAX_FILE_BYTES = sheets.MAX_FILE_BYTES
MAX_ROWS = sheets.MAX_ROWS

IMPORT_ACTION = "imported"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # lazy, translated when the template is written or a sheet is read
    part: str  # "firm" or "attendee"
    field: str
    required: bool = False
    width: int = 16


COLUMNS = [
    Column(
        "credit_code",
        gettext_lazy("Unified social credit code"),
        "firm",
        "credit_code",
        True,
        22,
    ),
    Column("name", gettext_lazy("Organisation name"), "firm", "name", True, 30),
    Column("kind", gettext_lazy("Purchaser type"), "firm", "kind", True, 24),
    Column("industry", gettext_lazy("Industry"), "firm", "industry"),
    Column("address", gettext_lazy("Address"), "firm", "address", width=30),
    Column("contact_name", gettext_lazy("Contact person"), "firm", "contact_name", True),
    Column("contact_phone", gettext_lazy("Contact phone"), "firm", "contact_phone", True),
    Column("contact_email", gettext_lazy("Contact email"), "firm", "contact_email", width=24),
    Column("attendee_name", gettext_lazy("Attendee name"), "attendee", "name"),
    Column("id_type", gettext_lazy("ID document"), "attendee", "id_type", width=20),
    Column("id_number", gettext_lazy("ID number"), "attendee", "id_number", width=22),
    Column("phone", gettext_lazy("Attendee mobile"), "attendee", "phone"),
    Column("email", gettext_lazy("Attendee email"), "attendee", "email", width=24),
    Column("title", gettext_lazy("Attendee title"), "attendee", "title"),
]
FIRM_COLUMNS = [c for c in COLUMNS if c.part == "firm"]
FIRM_KEY = {c.field: c.key for c in FIRM_COLUMNS}
ATTENDEE_COLUMNS = [c for c in COLUMNS if c.part == "attendee"]
LANGUAGES = ("zh-hans", "en")


def _headers_in(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.header) for column in COLUMNS]


def _choice_labels(choices, language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(value, str(label)) for value, label in choices]


def _choice_lookup(choices) -> dict[str, str]:
    """Labels in either language, or the stored value, to the stored value."""
    lookup = {}
    for language in LANGUAGES:
        for value, label in _choice_labels(choices, language):
            lookup[label.strip().lower()] = value
    for value, _label in choices:
        lookup[value] = value
    return lookup


def data_sheet_title(language: str) -> str:
    with translation.override(language):
        return _("Registrations")


# -- the template ---------------------------------------------------------------------------


def import_template(*, language: str) -> bytes:
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
        for row, label in enumerate(kinds, start=1):
            lists.cell(row=row, column=1, value=label)
        for row, label in enumerate(id_types, start=1):
            lists.cell(row=row, column=2, value=label)
        lists.sheet_state = "hidden"
        quoted = "'" + lists.title.replace("'", "''") + "'"
        for key, letter, count in (("kind", "A", len(kinds)), ("id_type", "B", len(id_types))):
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
            validation.add(f"{column_letter}2:{column_letter}{MAX_ROWS + 1}")
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
            "Columns marked * are required. Choose the purchaser type and ID document "
            "from the lists."
        ),
        _(
            "Type codes, ID numbers and phone numbers as text (the columns are formatted so); "
            "do not use formulas: paste values only."
        ),
        _("At most %(rows)d rows and %(size)d MB per file. Headers may be in Chinese or English.")
        % {"rows": MAX_ROWS, "size": MAX_FILE_BYTES // (1024 * 1024)},
        _(
            "After uploading you will see every row's errors by row number and column; nothing "
            "is saved until the whole file is correct and you confirm the import. Imported "
            "registrations are drafts: check and submit them as usual."
        ),
    ]


# -- reading and checking -------------------------------------------------------------------


# The import core's: a file refused as a whole, and one row's error.
ImportFileError = sheets.SheetError
RowError = sheets.RowError


@dataclass
class _Firm:
    row: int
    data: dict
    cleaned: dict | None = None
    attendees: list = field(default_factory=list)


@dataclass
class KnownFirm:
    """A firm of the sheet known from elsewhere, with ``differences`` as field: [known, sheet]."""

    row: int
    credit_code: str
    differences: dict

    def as_dict(self) -> dict:
        return {"row": self.row, "credit_code": self.credit_code, "differences": self.differences}


@dataclass
class ImportResult:
    rows: int = 0
    firms: int = 0
    attendees: int = 0
    errors: list[RowError] = field(default_factory=list)
    known: list[KnownFirm] = field(default_factory=list)
    created: list[Registration] = field(default_factory=list)
    imported: bool = False
    seconds: float = 0.0
    # What was read, for the preview's list and the sheet of errors to download.
    sheet: list[tuple[int, dict]] = field(default_factory=list, repr=False)
    drafts: list[_Firm] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


REGISTRATION_SHEET = sheets.SheetKind(
    name="registrations",
    columns=tuple(sheets.Column(c.key, c.header) for c in COLUMNS),
    sheet_titles=(gettext_lazy("Registrations"),),
)


def read_rows(file) -> list[tuple[int, dict]]:
    """The sheet's non-empty rows as (row number, {column key: text}), read by the import
    core with its limits. Raises :class:`ImportFileError` for a file that cannot be used."""
    return [(row.number, row.values) for row in sheets.read_sheet(file, REGISTRATION_SHEET)]


class _Checker:
    """One bound form per kind, re-bound for each row: the page's validators, at sheet speed."""

    def __init__(self, form_class):
        self.form = form_class(data={})

    def check(self, data: dict) -> tuple[dict | None, dict[str, list[str]]]:
        form = self.form
        form.data = data
        form._errors = None
        if hasattr(form, "cleaned_data"):
            del form.cleaned_data
        form.instance = form._meta.model()
        if form.is_valid():
            return form.cleaned_data, {}
        return None, {name: list(messages) for name, messages in form.errors.items()}


def check_rows(*, rows: list[tuple[int, dict]], edition, user) -> tuple[dict, list[RowError]]:
    """Every row checked; returns the firms by credit code and the errors in row order."""
    headers = dict(
        zip([c.key for c in COLUMNS], _headers_in(translation.get_language()), strict=True)
    )
    firm_header = {c.field: headers[c.key] for c in FIRM_COLUMNS}
    attendee_header = {c.field: headers[c.key] for c in ATTENDEE_COLUMNS}
    kinds = _choice_lookup(Purchaser.Kind.choices)
    id_types = _choice_lookup(Attendee.IdType.choices)
    purchaser_check = _Checker(PurchaserForm)
    attendee_check = _Checker(AttendeeForm)

    errors: list[RowError] = []
    firms: dict[str, _Firm] = {}
    seen_people: dict[tuple[str, str], int] = {}
    attendee_rows: list[tuple[int, dict, _Firm]] = []

    def add(row, header, messages, value="", subject=""):
        for message in messages:
            errors.append(
                RowError(row=row, column=header, message=str(message), value=value, subject=subject)
            )

    def mapped(value, lookup):
        return lookup.get(value.strip().lower(), value) if value else value

    for number, values in rows:
        firm_data = {c.field: values.get(c.key, "") for c in FIRM_COLUMNS}
        firm_data["kind"] = mapped(firm_data["kind"], kinds)
        code = firm_data["credit_code"]
        key = normalize_code(code)
        firm = firms.get(key) if key else None
        subject = firm_data["name"] or (firm.data["name"] if firm else "")
        if firm is None:
            cleaned, field_errors = purchaser_check.check(firm_data)
            firm = _Firm(row=number, data=firm_data, cleaned=cleaned)
            for name, messages in field_errors.items():
                add(
                    number,
                    firm_header.get(name, ""),
                    messages,
                    values.get(FIRM_KEY.get(name, ""), ""),
                    subject,
                )
            if key:
                firms[key] = firm
            else:
                firm = None
        else:
            for name, value in firm_data.items():
                if value and value != firm.data[name] and name != "credit_code":
                    add(
                        number,
                        firm_header[name],
                        [
                            _(
                                "Differs from row %(row)d of the same organisation: leave it "
                                "empty or make it the same."
                            )
                            % {"row": firm.row}
                        ],
                        values.get(FIRM_KEY.get(name, ""), ""),
                        subject,
                    )

        attendee_data = {c.field: values.get(c.key, "") for c in ATTENDEE_COLUMNS}
        if not any(attendee_data.values()):
            continue
        if not attendee_data["id_type"]:
            attendee_data["id_type"] = Attendee.IdType.RESIDENT_ID
        attendee_data["id_type"] = mapped(attendee_data["id_type"], id_types)
        cleaned, field_errors = attendee_check.check(attendee_data)
        raw = {c.field: values.get(c.key, "") for c in ATTENDEE_COLUMNS}
        for name, messages in field_errors.items():
            add(number, attendee_header.get(name, ""), messages, raw.get(name, ""), subject)
        if cleaned is None:
            continue
        person = (cleaned["id_type"], cleaned["id_number"])
        if person in seen_people:
            add(
                number,
                attendee_header["id_number"],
                [
                    _("The same person is already on row %(row)d of this sheet.")
                    % {"row": seen_people[person]}
                ],
                raw["id_number"],
                subject,
            )
            continue
        seen_people[person] = number
        if firm is not None:
            firm.attendees.append(dict(cleaned))
            attendee_rows.append((number, person, firm))

    # Against the database, one query per kind.
    registered = registrations_by_credit_code(
        edition=edition,
        credit_codes=[f.cleaned["credit_code"] for f in firms.values() if f.cleaned],
    )
    known_people = attendees_by_id(edition=edition, ids=[person for _, person, _ in attendee_rows])
    found = {r.pk for r in registered.values()} | {a.registration_id for a in known_people.values()}
    visible = (
        set(registrations_visible_to(user).filter(pk__in=found).values_list("pk", flat=True))
        if found
        else set()
    )
    firm_messages: dict[int, str] = {}
    for firm in firms.values():
        registration = registered.get(firm.cleaned["credit_code"]) if firm.cleaned else None
        if registration is None:
            continue
        if registration.pk not in firm_messages:
            firm_messages[registration.pk] = duplicate_firm_message(
                registration=registration, user=user, visible=registration.pk in visible
            )
        add(
            firm.row,
            firm_header["credit_code"],
            [firm_messages[registration.pk]],
            firm.data["credit_code"],
            firm.data["name"],
        )
    person_messages: dict[int, str] = {}
    for number, person, firm in attendee_rows:
        attendee = known_people.get(person)
        if attendee is None:
            continue
        pk = attendee.registration_id
        if pk not in person_messages:
            person_messages[pk] = duplicate_attendee_message(
                attendee=attendee, user=user, visible=pk in visible
            )
        add(
            number,
            attendee_header["id_number"],
            [person_messages[pk]],
            person[1],
            firm.data["name"],
        )

    errors.sort(key=lambda e: e.row)
    return firms, errors


# -- importing ------------------------------------------------------------------------------


def choose_lead_agency(
    *, sub_delegation: SubDelegation, lead_agency_id: int | str | None, user=None
) -> LeadAgency:
    """The lead agency whose target the imported firms count towards: the one chosen, the
    only one, or the one the user's own unit leads."""
    agencies = list(sub_delegation.lead_agencies.prefetch_related("units"))
    if lead_agency_id not in (None, ""):
        for agency in agencies:
            if str(agency.pk) == str(lead_agency_id):
                return agency
        raise ImportFileError(_("Choose one of this sub-delegation's lead agencies."))
    if len(agencies) == 1:
        return agencies[0]
    own = [a for a in agencies if user and any(u.pk == user.unit_id for u in a.units.all())]
    if len(own) == 1:
        return own[0]
    if not agencies:
        raise ImportFileError(_("This sub-delegation has no lead agency yet."))
    raise ImportFileError(
        _("This sub-delegation is co-led: choose the lead agency the firms count towards.")
    )


def registration_import(
    *,
    user,
    sub_delegation: SubDelegation,
    lead_agency: LeadAgency,
    file,
    dry_run: bool,
) -> ImportResult:
    """Check a filled template and, unless ``dry_run`` or any row has an error, create a
    draft registration per firm with its attendees, all or nothing.

    ``sub_delegation`` must come from ``sub_delegations_visible_to(user)``. Raises
    :class:`ImportFileError` when the file itself cannot be used.
    """
    started = time.perf_counter()
    edition = sub_delegation.delegation.edition
    rows = read_rows(file)
    firms, errors = check_rows(rows=rows, edition=edition, user=user)
    result = ImportResult(
        rows=len(rows),
        firms=len(firms),
        attendees=sum(len(f.attendees) for f in firms.values()),
        errors=errors,
        sheet=rows,
        drafts=[f for f in firms.values() if f.cleaned],
    )
    if errors:
        result.seconds = time.perf_counter() - started
        return result
    result.known = known_firms(firms=list(firms.values()))
    if dry_run:
        result.seconds = time.perf_counter() - started
        return result
    try:
        result.created = _write(
            user=user,
            sub_delegation=sub_delegation,
            lead_agency=lead_agency,
            firms=list(firms.values()),
        )
    except RegistrationError as error:
        # Checked above row by row; this is a firm or person registered meanwhile.
        raise ImportFileError(
            _(
                "Some of these firms or people were registered by someone else while you were "
                "importing. Nothing was saved: upload the file again to see which."
            )
            + " "
            + str(error)
        ) from None
    except IntegrityError:
        raise ImportFileError(
            _(
                "Some of these firms or people were registered by someone else while you were "
                "importing. Nothing was saved: upload the file again to see which."
            )
        ) from None
    result.imported = True
    result.seconds = time.perf_counter() - started
    return result


def _write(*, user, sub_delegation, lead_agency, firms: list[_Firm]) -> list:
    """The registrations of the checked sheet, through the registration service's bulk
    variant: the page's fields, duplicate rules and history entry, one per firm."""
    return registrations_create_drafts(
        by=user,
        sub_delegation=sub_delegation,
        lead_agency=lead_agency,
        drafts=[
            Draft(purchaser=dict(firm.cleaned), attendees=firm.attendees, row=firm.row)
            for firm in firms
        ],
        action=IMPORT_ACTION,
    )


def known_firms(*, firms: list[_Firm]) -> list[KnownFirm]:
    """The sheet's firms already known from another edition or delegation whose details in
    the sheet differ from the latest known ones: the preview shows them before anything is
    saved, and each new registration's history keeps the differences. The known firm's own
    registrations are not changed."""
    codes = [f.cleaned["credit_code"] for f in firms if f.cleaned]
    if not codes:
        return []
    purchasers = Purchaser.objects.select_related("region").in_bulk(codes, field_name="credit_code")
    found = []
    for firm in firms:
        purchaser = purchasers.get(firm.cleaned["credit_code"]) if firm.cleaned else None
        if purchaser is None:
            continue
        differences = known_firm_differences(purchaser=purchaser, data=firm.cleaned)
        if differences:
            found.append(
                KnownFirm(
                    row=firm.row,
                    credit_code=purchaser.credit_code,
                    differences=differences,
                )
            )
    return found


# -- keeping an upload between preview and confirmation: the import core's storage ------


def upload_store(*, user, file, meta: dict) -> str:
    return sheets.upload_store(kind=REGISTRATION_SHEET, user=user, file=file, meta=meta)


def upload_load(*, user, token: str) -> tuple[io.BytesIO, dict]:
    return sheets.upload_load(kind=REGISTRATION_SHEET, user=user, token=token)


def upload_discard(*, user, token: str) -> None:
    sheets.upload_discard(kind=REGISTRATION_SHEET, user=user, token=token)
