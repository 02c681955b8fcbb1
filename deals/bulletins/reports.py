"""The report up to the bureau: produced in one click, archived as produced, written out
as an .xlsx (the same sheet writer as the totals reports) or read as a printable page."""

import datetime
import io
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from delegations.capabilities import check
from delegations.models import Delegation
from purchasers.models import CheckStatus, Registration

from ..exports.writers import DATE, INT, PERCENT, TEXT, USD, WAN, ExportColumn, Sheet, write_xlsx
from ..rollups.dimensions import DIMENSION_HEADERS, DIMENSION_TITLES
from .models import ProgressReport
from .selectors import report_figures


@transaction.atomic
def report_up_create(*, delegation: Delegation, by) -> ProgressReport:
    check(by, "reports.report_up", delegation)
    return ProgressReport.objects.create(
        delegation=delegation,
        produced_by=by,
        figures=report_figures(user=by, delegation=delegation),
    )


def _deal_sheet(title: str, label: str, rows: list[dict]) -> Sheet:
    return Sheet(
        title,
        [
            ExportColumn(label, TEXT, 24),
            ExportColumn(_("Deals"), INT, 10),
            ExportColumn(_("Purchasers with deals"), INT, 12),
            ExportColumn(_("Purchasers above 100 million USD"), INT, 14),
            ExportColumn(_("Total (USD)"), USD, 20),
            ExportColumn(_("Total (10,000 USD)"), WAN, 16),
        ],
        [
            (
                r["label"],
                r["deals"],
                r["purchasers"],
                r["over_100m"],
                Decimal(r["total_usd"]),
                Decimal(r["total_usd"]),
            )
            for r in rows
        ],  # fmt: skip
    )


def _ownership_label(row: dict) -> str:
    """An ownership as the report archived it, in the language it is read in."""
    if not row["key"]:
        return _("Not given")
    english = (translation.get_language() or "").startswith("en")
    return (row.get("label_en") or row["label"]) if english else row["label"]


def _registration_sheet(figures: dict) -> Sheet:
    regs = figures["registrations"]
    statuses = dict(Registration.Status.choices)
    checks = dict(CheckStatus.choices)
    rows = [(_("Registrations by status"), "", None)]
    rows += [("", str(statuses[k]), n) for k, n in regs["by_status"].items()]
    rows += [(_("Counted towards targets"), "", regs["counted"])]
    rows += [(_("By purchaser type"), "", None)]
    rows += [("", row["label"], row["n"]) for row in regs["by_kind"]]
    # Reports archived before the ownership was asked have none.
    rows += [(_("By ownership"), "", None)]
    rows += [("", _ownership_label(row), row["n"]) for row in regs.get("by_ownership", [])]
    rows += [(_("Attendees"), "", regs["attendees"])]
    rows += [("", str(checks.get(k, k)), n) for k, n in regs["attendees_by_check"].items()]
    return Sheet(
        _("Registrations"),
        [
            ExportColumn(_("Figure"), TEXT, 26),
            ExportColumn(_("Group"), TEXT, 26),
            ExportColumn(pgettext("count", "Number"), INT),
        ],
        rows,
    )


def _agency_sheet(figures: dict) -> Sheet:
    return Sheet(
        _("By lead agency"),
        [
            ExportColumn(_("Sub-delegation"), TEXT, 18),
            ExportColumn(_("Lead agency"), TEXT, 24),
            ExportColumn(_("Target"), INT, 10),
            ExportColumn(_("Registered"), INT, 10),
            ExportColumn(_("Approved"), INT, 10),
            ExportColumn(_("Reported"), INT, 10),
            ExportColumn(_("Progress (%)"), PERCENT, 10),
        ],
        [
            (
                a["sub_delegation"],
                a["units"],
                a["target"],
                a["registered"],
                a["approved"],
                a["reported"],
                a["percent"],
            )
            for a in figures["agencies"]
        ],  # fmt: skip
    )


def records_sheet(figures: dict) -> Sheet:

    records = figures["records"]
    rows = []
    firsts = [(_("First order of the delegation"), records["first"])] + [
        (_("First order of the sub-delegation"), d) for d in records["first_by_sub_delegation"]
    ]
    largest = [(_("Largest orders"), d) for d in records["largest"]]
    for what, deal in firsts + largest:
        if deal:
            rows.append(
                (what, deal["sub_delegation"], deal["firm"], deal["exhibitor"],
                 datetime.date.fromisoformat(deal["signed_on"]), Decimal(deal["total_usd"]))
            )  # fmt: skip
    for firm in records["over_100m"]:
        rows.append(
            (_("Firms above 100 million USD"), firm["sub_delegation"], firm["firm"], "", None,
             Decimal(firm["total_usd"]))
        )  # fmt: skip
    return Sheet(
        _("Records"),
        [
            ExportColumn(_("Record"), TEXT, 24),
            ExportColumn(_("Sub-delegation"), TEXT, 18),
            ExportColumn(_("Purchaser"), TEXT, 28),
            ExportColumn(_("Exhibitor"), TEXT, 28),
            ExportColumn(_("Date"), DATE, 12),
            ExportColumn(_("Amount (USD)"), USD, 20),
        ],
        rows,
    )


def report_sheets(report: ProgressReport) -> list[Sheet]:
    figures = report.figures
    deals = figures["deals"]
    return [
        _registration_sheet(figures),
        _agency_sheet(figures),
        _deal_sheet(_("Deals"), _("Delegation"), [deals["total"]] if deals["total"] else []),
        _deal_sheet(_("By sub-delegation"), _("Sub-delegation"), deals["sub_delegations"]),
        _deal_sheet(_("By zone"), _("Zone"), deals["zones"]),
        _deal_sheet(_("By country"), _("Country or region"), deals["countries"]),
        # Reports archived before these breakdowns have none.
        *(
            _deal_sheet(str(DIMENSION_TITLES[dimension]), str(DIMENSION_HEADERS[dimension]), rows)
            for dimension, rows in deals.get("by", {}).items()
        ),
        records_sheet(figures),
    ]


def report_xlsx(report: ProgressReport, language: str = "zh-hans") -> bytes:
    buffer = io.BytesIO()
    with translation.override(language):
        write_xlsx(buffer, report_sheets(report))
    return buffer.getvalue()
