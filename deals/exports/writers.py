"""Sheets written as .xlsx or streamed as CSV: a sheet is its columns and a row generator.

Amounts go out as numbers with thousands separators, in USD and in 万美元 / 亿美元. Every text
cell that a spreadsheet could take for a formula is neutralised.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter

from delegations.sheets import neutralise

TEXT, INT, USD, WAN, YI, PERCENT, DATE = "text", "int", "usd", "wan", "yi", "percent", "date"


@dataclass
class ExportColumn:
    header: str
    kind: str = TEXT
    width: int = 14


@dataclass
class Sheet:
    title: str
    columns: list[ExportColumn]
    rows: Iterable[tuple]


_NUMBER_FORMATS = {
    INT: "#,##0",
    USD: "#,##0.00",
    WAN: "#,##0.00",
    YI: "#,##0.0000",
    PERCENT: "#,##0.00",
    DATE: "yyyy-mm-dd",
}

_SCALE = {USD: 1, WAN: 10_000, YI: 100_000_000}


def write_xlsx(
    target,
    sheets: list[Sheet],
    *,
    progress: Callable[[int], None] | None = None,
    tmpdir: str | None = None,
) -> int:
    """Write the sheets with xlsxwriter in constant-memory mode; returns the rows written.

    ``progress`` is called with the running count of rows every 2,000 rows;
    xlsxwriter's temporary files go to ``tmpdir`` (the system's folder by default).
    """
    options = {"constant_memory": True, "in_memory": False}
    if tmpdir:
        options["tmpdir"] = tmpdir
    workbook = xlsxwriter.Workbook(target, options)
    header_format = workbook.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    formats = {kind: workbook.add_format({"num_format": f}) for kind, f in _NUMBER_FORMATS.items()}
    written = 0
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet.title[:31])
        for col, column in enumerate(sheet.columns):
            ws.set_column(col, col, column.width)
            ws.write_string(0, col, column.header, header_format)
        ws.freeze_panes(1, 0)
        writers = [_cell_writer(ws, column.kind, formats) for column in sheet.columns]
        r = 0
        for r, row in enumerate(sheet.rows, start=1):  # noqa: B007
            for c, value in enumerate(row):
                if value is not None:
                    writers[c](r, c, value)
            written += 1
            if progress and written % 2000 == 0:
                progress(written)
    workbook.close()
    if progress:
        progress(written)
    return written


def _cell_writer(ws, kind: str, formats: dict) -> Callable:
    if kind == TEXT:
        write_string = ws.write_string
        return lambda r, c, v: write_string(r, c, neutralise(str(v)))
    fmt = formats[kind]
    if kind == DATE:
        write_datetime = ws.write_datetime
        return lambda r, c, v: write_datetime(r, c, v, fmt)
    write_number = ws.write_number
    scale = _SCALE.get(kind)
    if scale and scale != 1:
        return lambda r, c, v: write_number(r, c, float(v) / scale, fmt)
    return lambda r, c, v: write_number(r, c, float(v), fmt)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[ExportColumn], rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text line by line (with a BOM so spreadsheet programs read it as UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    kinds = [c.kind for c in columns]
    for row in rows:
        yield writer.writerow(
            [
                "" if v is None
                else neutralise(str(v)) if kind == TEXT
                else (f"{Decimal(v) / _SCALE[kind]:.2f}" if kind == WAN else str(v))
                for kind, v in zip(kinds, row, strict=True)
            ]
        )  # fmt: skip
