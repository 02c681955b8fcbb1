"""Spreadsheet import of exhibitors and of deals: download the template, upload it, see a
preview with every row's problems, then import all rows or none.

Cells are read as text and turned into ``Decimal`` and dates here. A number typed in Excel
arrives as a float; ``str()`` of a float gives its shortest exact decimal form ("1234.56"),
which is what was typed, and anything with more than two decimals is refused.
"""

import datetime
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from delegations import sheets
from delegations.audit.models import EventKind
from delegations.audit.services import entry, record_many
from delegations.capabilities import can
from delegations.models import Edition, User, Zone

from .. import countries
from ..directory.fields import EXHIBITOR_FIELDS
from ..directory.models import Exhibitor, ExhibitorEvent
from ..permissions import directory_delegations_of, registrations_for_deals
from ..records.fields import DEAL_FIELDS
from ..records.models import Deal
from ..records.services import deal_check, deal_record, find_duplicates

# The exhibitor sheet's columns are the exhibitor's entered fields but the edition, which
# the import page asks once for the whole sheet.
EXHIBITOR_COLUMNS = [
    (name, EXHIBITOR_FIELDS.label(name)) for name in EXHIBITOR_FIELDS.entered if name != "edition"
]
# The deal sheet's columns are the deal's entered fields, but for what it finds from other
# cells (the directory's exhibitor by name and country, a ceremony by its name); the
# purchaser is given by its credit code.
FOUND = {"exhibitor", "at_signing_ceremony"}
KEYS = {"registration": "credit_code"}
DEAL_COLUMNS = [
    (KEYS.get(name, name), DEAL_FIELDS.label(name))
    for name in DEAL_FIELDS.entered
    if name not in FOUND
]
EXAMPLES = {
    "exhibitors": {
        "name": "西门子医疗",
        "name_en": "Siemens Healthineers",
        "country": "德国",
        "zone": "医疗器械及医药保健",
        "products": "CT 磁共振",
        "booth": "1.1A",
    },
    "deals": {
        "credit_code": "91630100MA00000011",
        "exhibitor_name": "Siemens Healthineers",
        "exhibitor_country": "德国",
        "zone": "medical",
        "product": "CT",
        "amount": "1200000.00",
        "currency": "CNY",
        "signed_on": "2022-11-06",
    },
}


# The import core's: a file (or a confirmation) refused as a whole, and a preview.
ImportFailed = sheets.SheetError
Row = sheets.PreviewRow

EXHIBITOR_SHEET = sheets.SheetKind(
    name="exhibitors",
    columns=tuple(sheets.Column(key, label) for key, label in EXHIBITOR_COLUMNS),
)
DEAL_SHEET = sheets.SheetKind(
    name="deals",
    columns=tuple(sheets.Column(key, label) for key, label in DEAL_COLUMNS),
)
SHEETS = {"exhibitors": EXHIBITOR_SHEET, "deals": DEAL_SHEET}


class RowValues(dict):
    """A row's text by column key, knowing its row number in the sheet."""

    line: int = 0


def sheet_template(kind: str) -> bytes:
    columns = EXHIBITOR_COLUMNS if kind == "exhibitors" else DEAL_COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.append([str(label) for _key, label in columns])
    sheet.append([EXAMPLES[kind].get(key, "") for key, _label in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_rows(upload, kind: str) -> list[RowValues]:
    """The sheet's rows as text by column key, read by the import core with its limits."""
    rows = []
    for row in sheets.read_sheet(upload, SHEETS[kind]):
        values = RowValues(row.values)
        values.line = row.number
        rows.append(values)
    return rows


def _row_line(values, index: int) -> int:
    return getattr(values, "line", 0) or index


def find_zone(text: str) -> Zone | None:
    text = (text or "").strip()
    if not text:
        return None
    return Zone.objects.filter(
        Q(code__iexact=text) | Q(name=text) | Q(name_en__iexact=text)
    ).first()


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except (InvalidOperation, AttributeError):
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        return None
    return value


def _cell_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


# --- exhibitors --------------------------------------------------------------------------


def preview_exhibitors(*, edition: Edition, rows: list[dict]) -> sheets.Preview:
    seen: set[tuple[str, str]] = set()
    existing = set(Exhibitor.objects.filter(edition=edition).values_list("name", "country"))
    result = []
    for index, values in enumerate(rows, start=2):
        row = Row(line=_row_line(values, index), values=values)
        for key in EXHIBITOR_FIELDS.required:
            if not values.get(key):
                row.errors.append(
                    _("%(column)s is required.") % {"column": dict(EXHIBITOR_COLUMNS)[key]}
                )
        if values.get("country"):
            listed = countries.canonical(values["country"])
            if listed is None:
                row.errors.append(
                    _("Unknown country or region “%(country)s”: write its Chinese or English name.")
                    % {"country": values["country"]}
                )
            else:
                values["country"] = listed
        if not find_zone(values.get("zone", "")):
            row.errors.append(_("Unknown zone “%(zone)s”.") % {"zone": values.get("zone", "")})
        key = (values.get("name", ""), values.get("country", ""))
        if key in existing:
            row.errors.append(_("This exhibitor is already in the directory for this edition."))
        elif key in seen:
            row.errors.append(_("This exhibitor appears twice in the spreadsheet."))
        seen.add(key)
        result.append(row)
    return sheets.Preview(result)


@transaction.atomic
def import_exhibitors(*, by: User, edition: Edition, rows: list[dict]) -> list[Exhibitor]:
    """All rows or none."""
    preview = preview_exhibitors(edition=edition, rows=rows)
    if not preview.ok:
        raise ImportFailed(_("The spreadsheet has errors: nothing was imported."))
    # The bureau's list, or the entries an office adds for its own delegation's deals.
    delegation = None
    if not can(by, "directory.decide_proposal"):
        delegation = directory_delegations_of(by).filter(edition=edition).first()
        if delegation is None:
            raise ImportFailed(_("Your delegation takes no part in this edition."))
    created = Exhibitor.objects.bulk_create(
        Exhibitor(
            edition=edition,
            delegation=delegation,
            **{key: values.get(key, "") for key, _label in EXHIBITOR_COLUMNS if key != "zone"},
            zone=find_zone(values["zone"]),
        )
        for values in rows
    )
    record_many(
        entry(ExhibitorEvent, exhibitor=x, by=by, kind=EventKind.IMPORTED, changes={})
        for x in created
    )
    return created


# --- deals -------------------------------------------------------------------------------


def _row_deal_data(*, by: User, edition: Edition, values: dict, row: Row) -> dict:
    registrations = registrations_for_deals(by).filter(edition=edition)
    registration = registrations.filter(
        purchaser__credit_code=values.get("credit_code", "")
    ).first()
    if registration is None:
        row.errors.append(
            _("No approved purchaser of your scope has the credit code “%(code)s” at this edition.")
            % {"code": values.get("credit_code", "")}
        )
    zone = find_zone(values.get("zone", ""))
    amount = _decimal(values.get("amount", ""))
    if amount is None:
        row.errors.append(_("The amount is not a number with at most two decimals."))
    signed_on = _cell_date(values.get("signed_on", ""))
    if signed_on is None:
        row.errors.append(_("The date is not a date (YYYY-MM-DD)."))
    exhibitor = None
    if values.get("exhibitor_name"):
        exhibitor = Exhibitor.objects.filter(
            edition=edition,
            name=values["exhibitor_name"],
            country=values.get("exhibitor_country", ""),
        ).first()
    text = {name: values.get(KEYS.get(name, name), "") for name in DEAL_FIELDS.entered}
    return {
        **text,
        "registration": registration,
        "exhibitor": exhibitor,
        "zone": zone,
        "amount": amount,
        "currency": (values.get("currency") or "").upper(),
        "signed_on": signed_on,
        "at_signing_ceremony": bool(values.get("ceremony")),
    }


def preview_deals(*, by: User, edition: Edition, rows: list[dict]) -> tuple[sheets.Preview, list]:
    """Each row checked as the deal form checks it; duplicates are warnings, errors block."""
    result, checked, seen = [], [], set()
    for index, values in enumerate(rows, start=2):
        row = Row(line=_row_line(values, index), values=values)
        data = _row_deal_data(by=by, edition=edition, values=values, row=row)
        cleaned = None
        if not row.errors:
            try:
                cleaned = deal_check(by=by, data=data)
            except ValidationError as error:
                for messages in error.message_dict.values():
                    row.errors.extend(messages)
        if cleaned:
            key = (
                cleaned["registration"].pk,
                cleaned["exhibitor_name"].casefold(),
                cleaned["product"].casefold(),
                cleaned["amount"],
                cleaned["currency"],
                cleaned["signed_on"],
            )
            if find_duplicates(cleaned=cleaned):
                row.warnings.append(_("The same deal is already recorded."))
            if key in seen:
                row.warnings.append(_("The same deal appears twice in the spreadsheet."))
            seen.add(key)
            row.values["amount_usd"] = f"{cleaned['amount_usd']:,}"
        result.append(row)
        checked.append(data)
    return sheets.Preview(result), checked


@transaction.atomic
def import_deals(
    *, by: User, edition: Edition, rows: list[dict], confirm_duplicates: bool = False
) -> list[Deal]:
    """All rows or none. Rows flagged as duplicates need ``confirm_duplicates``."""
    preview, data = preview_deals(by=by, edition=edition, rows=rows)
    if not preview.ok:
        raise ImportFailed(_("The spreadsheet has errors: nothing was imported."))
    if any(row.warnings for row in preview.rows) and not confirm_duplicates:
        raise ImportFailed(
            _("Some rows look like deals already recorded: confirm to import them anyway.")
        )
    return [deal_record(by=by, data=item, confirm_duplicate=True) for item in data]
