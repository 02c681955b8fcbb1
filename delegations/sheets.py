"""The one import core for every spreadsheet the product reads: registrations, deals,
exhibitors, check results.

A kind of sheet declares only its columns (:class:`SheetKind`) and, in its own module, its
row rule. Everything else is here, said once: the limits on the file (type, size, unpacked
size, formulas, row count, empty sheet), the header matching in Chinese or English, the row
errors of a preview (:class:`RowError`), keeping the uploaded file on the server between
the preview and the confirmation (Django's default storage, never the session), and the
cleaning up of uploads nobody confirmed.

Sheets are read with calamine (Rust): about twenty times faster than openpyxl. Formulas are
refused before reading, from the worksheet XML, because calamine reads a formula's cached
value and a value computed by Excel is not what the clerk typed.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import secrets
import zipfile
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from python_calamine import CalamineWorkbook

from .languages import language_codes

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000
STORED_FOR_SECONDS = 24 * 60 * 60
UPLOAD_FOLDER = "sheet-uploads"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet would run as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A leading quote keeps ``=cmd|...``, ``+1``, ``@SUM`` and the like from running."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SheetError(Exception):
    """The file as a whole cannot be used: nothing in it is checked or saved."""


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # a lazy translation: matched in every language, shown in the user's
    optional: bool = False  # the sheet may leave the whole column out


@dataclass(frozen=True)
class SheetKind:
    """What a kind of sheet declares: a name for its stored uploads, its columns, and the
    titles its data sheet may have (otherwise the first sheet is read)."""

    name: str
    columns: tuple[Column, ...]
    sheet_titles: tuple = ()

    def headers(self, language: str | None = None) -> dict[str, str]:
        with translation.override(language or translation.get_language()):
            return {c.key: str(c.header) for c in self.columns}


@dataclass
class SheetRow:
    number: int  # as Excel numbers it
    values: dict[str, str]


@dataclass
class RowError:
    row: int
    column: str
    message: str
    value: str = ""  # what the cell holds, so that the clerk finds it
    subject: str = ""  # whose row it is (a firm's name), where the kind knows

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "value": self.value,
            "subject": self.subject,
        }


# The column an error sheet adds before the kind's own; ignored when the sheet is read back.
ERRORS_HEADER = gettext_lazy("Errors")


def error_sheet(
    *,
    kind: SheetKind,
    rows: list[SheetRow],
    errors: list[RowError],
    language: str,
    only_errors: bool = False,
) -> bytes:
    """The sheet as read, under the kind's headers, with each row's errors in a first
    column and the rows with errors marked: corrected, it is uploaded again as it is.
    ``only_errors`` keeps just the rows with errors."""

    by_row: dict[int, list[str]] = {}
    for error in errors:
        text = f"{error.column}: {error.message}" if error.column else error.message
        by_row.setdefault(error.row, []).append(text)
    headers = kind.headers(language)
    with translation.override(language):
        first = [str(ERRORS_HEADER), *headers.values()]
        title = str(kind.sheet_titles[0]) if kind.sheet_titles else "Sheet1"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(first)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 60
    marked, red = PatternFill("solid", fgColor="FEE2E2"), Font(color="B42318")
    for row in rows:
        found = by_row.get(row.number)
        if only_errors and not found:
            continue
        sheet.append(["\n".join(found or []), *(row.values.get(key, "") for key in headers)])
        if found:
            for cell in sheet[sheet.max_row]:
                cell.fill = marked
            sheet.cell(row=sheet.max_row, column=1).font = red
    for column in sheet.iter_cols(min_col=2, max_col=sheet.max_column):
        for cell in column:
            cell.number_format = "@"  # codes and numbers stay text
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class PreviewRow:
    """One row of a preview: what was read, what blocks it, what only needs a second look."""

    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[PreviewRow]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def has_warnings(self) -> bool:
        return any(row.warnings for row in self.rows)


# -- the limits -------------------------------------------------------------------------


def _too_large() -> SheetError:
    return SheetError(
        _("The file is larger than %(size)d MB: split it into several files.")
        % {"size": MAX_FILE_BYTES // (1024 * 1024)}
    )


def _not_xlsx() -> SheetError:
    return SheetError(
        _("This is not an .xlsx file: save it from Excel or WPS as an .xlsx workbook.")
    )


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"')


def _formula_cell(xml: bytes) -> str | None:
    """The reference of the first cell holding a formula in a worksheet's XML, if any."""
    found = _FORMULA.search(xml)
    if found is None:
        return None
    cells = list(_CELL.finditer(xml, max(0, found.start() - 4096), found.start()))
    return cells[-1].group(1).decode() if cells else "?"


def check_file(file) -> bytes:
    """Refuse a file that is not a small, plain .xlsx workbook; return its bytes."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise SheetError(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise _too_large()
    content = file.read()
    file.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if "xl/workbook.xml" not in {info.filename for info in infos}:
                raise _not_xlsx()
            # A zip bomb says how large it unpacks; refuse it before anything unpacks it.
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
                raise _too_large()
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    cell = _formula_cell(archive.read(info))
                    if cell:
                        raise SheetError(
                            _(
                                "Cell %(cell)s holds a formula. Paste values only "
                                "(Paste special → Values) and upload again."
                            )
                            % {"cell": cell}
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise _not_xlsx() from None
    return content


# -- reading ----------------------------------------------------------------------------


def normalise_header(value) -> str:
    return str(value or "").strip().rstrip("*＊").strip().lower()


def _header_keys(kind: SheetKind, header: list) -> list[str | None]:
    """Column position to column key; refuses headers that are not the template's."""
    known: dict[str, str] = {}
    for language in language_codes():
        for key, text in kind.headers(language).items():
            known[normalise_header(text)] = key
    for column in kind.columns:
        known.setdefault(column.key, column.key)
    keys: list[str | None] = []
    unknown = []
    ignored = {normalise_header(_in(language, ERRORS_HEADER)) for language in language_codes()}
    for value in header:
        text = normalise_header(_cell_text(value))
        if not text or text in ignored:
            keys.append(None)
            continue
        key = known.get(text)
        if key is None or key in keys:
            unknown.append(_cell_text(value))
        keys.append(key)
    labels = kind.headers()
    missing = [labels[c.key] for c in kind.columns if not c.optional and c.key not in keys]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("missing columns: %(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            parts.append(
                _("columns not in the template: %(columns)s") % {"columns": "、".join(unknown)}
            )
        raise SheetError(
            _(
                "The headers are not those of the template (%(details)s). Download the template "
                "and paste your data under its headers."
            )
            % {"details": "; ".join(parts)}
        )
    return keys


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _data_sheet(workbook, kind: SheetKind):
    names = workbook.sheet_names
    titles = set()
    for language in language_codes():
        with translation.override(language):
            titles |= {str(title) for title in kind.sheet_titles}
    for name in names:
        if name in titles:
            return workbook.get_sheet_by_name(name)
    return workbook.get_sheet_by_index(0)


def read_sheet(file, kind: SheetKind) -> list[SheetRow]:
    """The sheet's non-empty rows as text by column key, numbered as in Excel.

    Raises :class:`SheetError`, with the same words for every kind, for a file that cannot
    be used: not an .xlsx workbook, too large packed or unpacked, a formula, wrong headers,
    too many rows, no rows.
    """

    content = check_file(file)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not workbook.sheet_names:
            raise SheetError(_("The sheet is empty: fill in the template's rows."))
        grid = _data_sheet(workbook, kind).to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception:  # calamine raises several kinds for a damaged or foreign workbook
        raise _not_xlsx() from None
    if not grid or not any(_cell_text(cell) for cell in grid[0]):
        raise SheetError(_("The sheet is empty: fill in the template's rows."))
    keys = _header_keys(kind, grid[0])
    columns = [(position, key) for position, key in enumerate(keys) if key is not None]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        values = {}
        for position, key in columns:
            if position < len(cells):
                text = _cell_text(cells[position])
                if text:
                    values[key] = text
        if not values:
            continue
        rows.append(SheetRow(number=number, values=values))
        if len(rows) > MAX_ROWS:
            raise SheetError(
                _("The sheet has more than %(rows)d rows: split it into several files.")
                % {"rows": MAX_ROWS}
            )
    if not rows:
        raise SheetError(_("The sheet has headers but no rows: fill in at least one row."))
    return rows


# -- keeping an upload between preview and confirmation ------------------------------------


def _stored_name(*, kind: SheetKind, user, token: str, suffix: str) -> str:
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        raise FileNotFoundError(token)
    return f"{UPLOAD_FOLDER}/{kind.name}/u{user.pk}-{token}{suffix}"


def upload_store(*, kind: SheetKind, user, file, meta: dict | None = None) -> str:
    """Keep the uploaded file in the default storage for the user's confirmation; return
    the token that names it. Only this user can load it again."""
    storage = storages["default"]
    uploads_clean_up(kind=kind)
    token = secrets.token_urlsafe(24)
    file.seek(0)
    storage.save(_stored_name(kind=kind, user=user, token=token, suffix=".xlsx"), file)
    storage.save(
        _stored_name(kind=kind, user=user, token=token, suffix=".json"),
        ContentFile(json.dumps(meta or {}).encode()),
    )
    return token


def upload_checked_and_store(*, kind: SheetKind, user, file, meta: dict | None = None) -> str:
    """Read the whole upload first (a file that cannot be read is refused with
    ``SheetError`` and never kept), then keep it as ``upload_store`` does."""
    read_sheet(file, kind)
    return upload_store(kind=kind, user=user, file=file, meta={"name": file.name, **(meta or {})})


def upload_load(*, kind: SheetKind, user, token: str) -> tuple[io.BytesIO, dict]:
    """The user's own stored upload; raises FileNotFoundError for any other token."""
    storage = storages["default"]
    name = _stored_name(kind=kind, user=user, token=token, suffix=".xlsx")
    if not storage.exists(name):
        raise FileNotFoundError(token)
    if (timezone.now() - storage.get_modified_time(name)).total_seconds() > STORED_FOR_SECONDS:
        upload_discard(kind=kind, user=user, token=token)
        raise FileNotFoundError(token)
    with storage.open(name, "rb") as stored:
        content = io.BytesIO(stored.read())
    with storage.open(
        _stored_name(kind=kind, user=user, token=token, suffix=".json"), "rb"
    ) as stored:
        meta = json.loads(stored.read() or b"{}")
    return content, meta


def upload_discard(*, kind: SheetKind, user, token: str) -> None:
    storage = storages["default"]
    try:
        names = [
            _stored_name(kind=kind, user=user, token=token, suffix=s) for s in (".xlsx", ".json")
        ]
    except FileNotFoundError:
        return
    for name in names:
        storage.delete(name)


def uploads_clean_up(*, kind: SheetKind | None = None, now=None) -> int:
    """Delete uploads older than a day that nobody confirmed; return how many files."""
    storage = storages["default"]
    now = now or timezone.now()
    folders = [f"{UPLOAD_FOLDER}/{kind.name}"] if kind else None
    if folders is None:
        if not storage.exists(UPLOAD_FOLDER):
            return 0
        folders = [f"{UPLOAD_FOLDER}/{name}" for name in storage.listdir(UPLOAD_FOLDER)[0]]
    removed = 0
    for folder in folders:
        if not storage.exists(folder):
            continue
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            try:
                age = (now - storage.get_modified_time(path)).total_seconds()
            except FileNotFoundError:
                continue
            if age > STORED_FOR_SECONDS:
                storage.delete(path)
                removed += 1
    return removed
