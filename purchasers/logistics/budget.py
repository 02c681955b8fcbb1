"""The budget sheet for finance: the figures of ``selectors.figures`` in the delegation's
layout (days, hotels, sub-delegations, tickets, the total)."""

import io

import xlsxwriter
from django.utils.translation import gettext as _


def budget_xlsx(figures: dict) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    half = book.add_format({"num_format": "0.0"})

    def sheet(title, headers, rows, formats):
        ws = book.add_worksheet(title[:31])
        for c, header in enumerate(headers):
            ws.write_string(0, c, header, bold)
            ws.set_column(c, c, 18)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, float(value), formats[c])
        ws.freeze_panes(1, 0)

    total = figures["total"]
    sheet(
        _("Budget"),
        [_("Item"), _("Quantity"), _("Cost (CNY)")],
        [
            (_("People planned"), total["people"], 0),
            (_("Room-nights"), total["room_nights"], total["room_cost"]),
            (_("Tickets booked"), total["tickets"], total["ticket_cost"]),
            (_("Total"), 0, total["room_cost"] + total["ticket_cost"]),
        ],
        [None, half, money],
    )
    sheet(
        _("People per day"),
        [_("Day"), _("People in Shanghai")],
        [(d.isoformat(), n) for d, n in figures["days"]],
        [None, half],
    )
    for title, key in ((_("By hotel"), "hotels"), (_("By sub-delegation"), "sub_delegations")):
        sheet(
            title,
            [_("Name"), _("Room-nights"), _("Cost (CNY)")],
            [(str(name), r["room_nights"], r["cost"]) for name, r in figures[key]],
            [None, half, money],
        )
    sheet(
        _("Tickets"),
        [_("Sub-delegation"), _("Tickets booked"), _("Cost (CNY)")],
        [(str(name), r["tickets"], r["cost"]) for name, r in figures["tickets"].items()],
        [None, half, money],
    )
    book.close()
    return buffer.getvalue()
