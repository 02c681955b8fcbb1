"""Spreadsheet import of exhibitors and of deals: download the template, upload it, see a
preview with every row's problems, then import all rows or none.

Cells are read as text and turned into ``Decimal`` and dates here. A number typed in Excel
arrives as a float; ``str()`` of a float gives its shortest exact decimal form ("1234.56"),
which is what was typed, and anything with more than two decimals is refused.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from delegations.models import Edition, User, Zone

from .models import Deal, Exhibitor, ExhibitorEvent
from .permissions import directory_delegations_of, owns_directory, registrations_for_deals
from .services import deal_check, deal_record, find_duplicates

MAX_ROWS = 5000

EXHIBITOR_COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("name_en", gettext_lazy("Name (English)")),
    ("country", gettext_lazy("Country or region")),
    ("zone", gettext_lazy("Zone")),
    ("products", gettext_lazy("Products")),
    ("booth", gettext_lazy("Booth")),
]
DEAL_COLUMNS = [
    ("credit_code", gettext_lazy("Purchaser credit code")),
    ("exhibitor_name", gettext_lazy("Exhibitor name")),
    ("exhibitor_country", gettext_lazy("Exhibitor country or region")),
    ("zone", gettext_lazy("Zone")),
    ("product", gettext_lazy("Product or service")),
    ("amount", gettext_lazy("Amount")),
    ("currency", gettext_lazy("Currency")),
    ("signed_on", gettext_lazy("Date")),
    ("ceremony", gettext_lazy("Signing ceremony (empty if none)")),
]
EXAMPLES = {
    "exhibitors": [
        "西门子医疗",
        "Siemens Healthineers",
        "德国",
        "医疗器械及医药保健",
        "CT 磁共振",
        "1.1A",
    ],
    "deals": [
        "91630100MA00000011",
        "Siemens Healthineers",
        "德国",
        "medical",
        "CT",
        "1200000.00",
        "CNY",
        "2022-11-06",
        "",
    ],
}


class ImportFailed(Exception):
    pass


@dataclass
class Row:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def template(kind: str) -> bytes:
    columns = EXHIBITOR_COLUMNS if kind == "exhibitors" else DEAL_COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.append([str(label) for _key, label in columns])
    sheet.append(EXAMPLES[kind])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(upload, kind: str) -> list[dict]:
    """The sheet's rows as text by column key; the first row holds the column labels."""
    columns = EXHIBITOR_COLUMNS if kind == "exhibitors" else DEAL_COLUMNS
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise ImportFailed(_("This is not an .xlsx spreadsheet.")) from error
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise ImportFailed(_("The spreadsheet is empty."))
    labels = [_text(cell) for cell in rows[0]]
    # The template's headings are in the language of whoever downloaded it: accept any.
    by_label = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            by_label.update({str(label): key for key, label in columns})
    by_label.update({key: key for key, _label in columns})
    keys = [by_label.get(label) for label in labels]
    missing = [str(label) for key, label in columns if key not in keys]
    if missing:
        raise ImportFailed(
            _("Columns missing: %(columns)s. Use the template.") % {"columns": "、".join(missing)}
        )
    result = []
    for cells in rows[1 : MAX_ROWS + 2]:
        values = {key: _text(cell) for key, cell in zip(keys, cells, strict=False) if key}
        if any(values.values()):
            result.append(values)
    if len(result) > MAX_ROWS:
        raise ImportFailed(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS})
    return result


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


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


# --- exhibitors --------------------------------------------------------------------------


def preview_exhibitors(*, edition: Edition, rows: list[dict]) -> Preview:
    seen: set[tuple[str, str]] = set()
    existing = set(Exhibitor.objects.filter(edition=edition).values_list("name", "country"))
    result = []
    for line, values in enumerate(rows, start=2):
        row = Row(line=line, values=values)
        for key in ("name", "country"):
            if not values.get(key):
                row.errors.append(
                    _("%(column)s is required.") % {"column": dict(EXHIBITOR_COLUMNS)[key]}
                )
        if not find_zone(values.get("zone", "")):
            row.errors.append(_("Unknown zone “%(zone)s”.") % {"zone": values.get("zone", "")})
        key = (values.get("name", ""), values.get("country", ""))
        if key in existing:
            row.errors.append(_("This exhibitor is already in the directory for this edition."))
        elif key in seen:
            row.errors.append(_("This exhibitor appears twice in the spreadsheet."))
        seen.add(key)
        result.append(row)
    return Preview(result)


@transaction.atomic
def import_exhibitors(*, by: User, edition: Edition, rows: list[dict]) -> list[Exhibitor]:
    """All rows or none."""
    preview = preview_exhibitors(edition=edition, rows=rows)
    if not preview.ok:
        raise ImportFailed(_("The spreadsheet has errors: nothing was imported."))
    # The bureau's list, or the entries an office adds for its own delegation's deals.
    delegation = None
    if not owns_directory(by):
        delegation = directory_delegations_of(by).filter(edition=edition).first()
        if delegation is None:
            raise ImportFailed(_("Your delegation takes no part in this edition."))
    created = Exhibitor.objects.bulk_create(
        Exhibitor(
            edition=edition,
            delegation=delegation,
            name=values["name"],
            name_en=values.get("name_en", ""),
            country=values["country"],
            zone=find_zone(values["zone"]),
            products=values.get("products", ""),
            booth=values.get("booth", ""),
        )
        for values in rows
    )
    ExhibitorEvent.objects.bulk_create(
        ExhibitorEvent(exhibitor=x, actor=by, action="imported", changes={}) for x in created
    )
    return created


# --- deals -------------------------------------------------------------------------------


def _deal_data(*, by: User, edition: Edition, values: dict, row: Row) -> dict:
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
    signed_on = _date(values.get("signed_on", ""))
    if signed_on is None:
        row.errors.append(_("The date is not a date (YYYY-MM-DD)."))
    exhibitor = None
    if values.get("exhibitor_name"):
        exhibitor = Exhibitor.objects.filter(
            edition=edition,
            name=values["exhibitor_name"],
            country=values.get("exhibitor_country", ""),
        ).first()
    return {
        "registration": registration,
        "exhibitor": exhibitor,
        "exhibitor_name": values.get("exhibitor_name", ""),
        "exhibitor_country": values.get("exhibitor_country", ""),
        "zone": zone,
        "product": values.get("product", ""),
        "amount": amount,
        "currency": (values.get("currency") or "").upper(),
        "signed_on": signed_on,
        "at_signing_ceremony": bool(values.get("ceremony")),
        "ceremony": values.get("ceremony", ""),
    }


def preview_deals(*, by: User, edition: Edition, rows: list[dict]) -> tuple[Preview, list]:
    """Each row checked as the deal form checks it; duplicates are warnings, errors block."""
    result, checked, seen = [], [], set()
    for line, values in enumerate(rows, start=2):
        row = Row(line=line, values=values)
        data = _deal_data(by=by, edition=edition, values=values, row=row)
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
    return Preview(result), checked


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
