"""Totals reports, one row generator per sheet: the roll-up's summaries and the deal list.

Headers follow the active language (Chinese unless English is asked for). Attendees, and so
their ID numbers, are never part of a totals report.
"""

from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from delegations.capabilities import check
from delegations.models import Delegation, Edition
from purchasers.models import Purchaser

from .. import countries
from ..bulletins.records import records_figures
from ..bulletins.reports import records_sheet
from ..countries.continents import CONTINENTS, continent_label, continent_of
from ..permissions import deals_visible_to
from ..records.models import Deal
from ..rollups.dimensions import breakdowns
from ..rollups.models import RollupRow
from ..rollups.selectors import TotalsScope, totals_scope
from .writers import DATE, INT, PERCENT, USD, WAN, YI, ExportColumn, Sheet


def _figure_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Deals"), INT, 10),
        ExportColumn(_("Purchasers with deals"), INT, 12),
        ExportColumn(_("Purchasers above 100 million USD"), INT, 14),
        ExportColumn(_("Total (USD)"), USD, 20),
        ExportColumn(_("Total (10,000 USD)"), WAN, 16),
        ExportColumn(_("Total (100 million USD)"), YI, 14),
        ExportColumn(_("Previous edition (USD)"), USD, 20),
        ExportColumn(_("Change on the previous edition (USD)"), USD, 20),
        ExportColumn(_("Change on the previous edition (%)"), PERCENT, 12),
        ExportColumn(_("Accumulated over editions (USD)"), USD, 20),
        ExportColumn(_("First deal signed on"), DATE, 12),
    ]


def _figures(row: RollupRow) -> tuple:
    total = row.total_usd
    return (
        row.deals,
        row.purchasers,
        row.purchasers_over_100m,
        total,
        total,
        total,
        row.previous_total_usd,
        row.change_usd,
        row.change_percent,
        row.accumulated_usd,
        row.first_signed_on,
    )


def _display_name(obj) -> str:
    return obj.display_name if obj is not None else ""


def _rollup_sheet(title: str, label_columns: list[ExportColumn], rows, label: Callable) -> Sheet:
    qs = (
        rows.select_related("edition", "delegation", "sub_delegation", "zone").order_by(
            "-total_usd", "pk"
        )
        if isinstance(rows, QuerySet)
        else rows  # already in order
    )
    return Sheet(
        title, label_columns + _figure_columns(), (label(row) + _figures(row) for row in qs)
    )


def country_sheet(scope: TotalsScope) -> Sheet:
    """The countries of each delegation grouped by continent, the largest first in each."""
    rows = scope.country_rows()
    if isinstance(rows, QuerySet):
        rows = list(rows.select_related("edition", "delegation").order_by("-total_usd", "pk"))
    order = {code: i for i, (code, _label) in enumerate(CONTINENTS)}
    rows.sort(
        key=lambda row: (
            _display_name(row.delegation),
            order.get(continent_of(row.country), len(order)),
        )
    )
    return _rollup_sheet(
        _("By country"),
        [
            ExportColumn(_("Delegation"), width=20),
            ExportColumn(_("Continent"), width=14),
            ExportColumn(_("Country or region"), width=20),
        ],
        rows,
        lambda row: (
            _display_name(row.delegation) or _("All delegations"),
            continent_label(continent_of(row.country)),
            countries.display(row.country),
        ),
    )


def dimension_sheets(scope: TotalsScope) -> list[Sheet]:
    """By the purchaser's ownership and type and the exhibitor's continent."""
    return [
        _rollup_sheet(
            breakdown.title,
            [ExportColumn(breakdown.header, width=24)],
            breakdown.rows,
            lambda row: (row.label,),
        )
        for breakdown in breakdowns(scope)
    ]


def summary_sheets(scope: TotalsScope) -> list[Sheet]:
    def group(row: RollupRow) -> tuple:
        if row.level == RollupRow.Level.EDITION:
            return (str(row.edition), _("All delegations"))
        if row.level == RollupRow.Level.DELEGATION:
            return (str(row.edition), _display_name(row.delegation))
        return (str(row.edition), _display_name(row.sub_delegation))

    zone_key = lambda row: (  # noqa: E731
        _display_name(row.delegation) or _("All delegations"),
        _display_name(row.zone),
    )
    return [
        _rollup_sheet(
            _("Summary"),
            [ExportColumn(_("Edition"), width=18), ExportColumn(_("Group"), width=24)],
            scope.summary_rows(),
            group,
        ),
        _rollup_sheet(
            _("By sub-delegation"),
            [ExportColumn(_("Delegation"), width=20), ExportColumn(_("Sub-delegation"), width=24)],
            scope.sub_delegation_rows(),
            lambda row: (_display_name(row.delegation), _display_name(row.sub_delegation)),
        ),
        _rollup_sheet(
            _("By zone"),
            [
                ExportColumn(
                    _("Delegation") if scope.whole_delegations else _("Sub-delegation"), width=20
                ),
                ExportColumn(_("Zone"), width=20),
            ],
            scope.zone_rows(),
            zone_key
            if scope.whole_delegations
            else (lambda row: (_display_name(row.sub_delegation), _display_name(row.zone))),
        ),
        country_sheet(scope),
        *dimension_sheets(scope),
    ]


# The deal list of a totals report: its own layout (the columns of the report the bureau
# reads), read as tuples for speed.
DEAL_LIST_VALUES = (
    "pk",
    "registration__sub_delegation__delegation__name",
    "registration__sub_delegation__name",
    "registration__name",
    "registration__purchaser__credit_code",
    "exhibitor_name",
    "exhibitor_country",
    "zone__name",
    "zone__name_en",
    "product",
    "amount",
    "currency",
    "amount_usd",
    "signed_on",
    "at_signing_ceremony",
    "status",
    "registration__sub_delegation__delegation__name_en",
    "registration__sub_delegation__name_en",
    "registration__name_en",
    "registration__kind",
    "registration__ownership__name",
    "registration__ownership__name_en",
)


def deal_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("No."), INT, 10),
        ExportColumn(_("Delegation"), width=18),
        ExportColumn(_("Sub-delegation"), width=18),
        ExportColumn(_("Purchaser"), width=30),
        ExportColumn(_("Unified social credit code"), width=22),
        ExportColumn(_("Exhibitor"), width=30),
        ExportColumn(_("Country or region"), width=14),
        ExportColumn(_("Zone"), width=16),
        ExportColumn(_("Product or service"), width=24),
        ExportColumn(_("Amount"), USD, 18),
        ExportColumn(_("Currency"), width=8),
        ExportColumn(_("Amount (USD)"), USD, 18),
        ExportColumn(_("Amount (10,000 USD)"), WAN, 16),
        ExportColumn(_("Date"), DATE, 12),
        ExportColumn(_("Signed at a signing ceremony"), width=10),
        ExportColumn(_("Follow-up status"), width=12),
        ExportColumn(_("Purchaser type"), width=18),
        ExportColumn(_("Ownership"), width=16),
    ]


def deals_in_scope(*, user, edition: Edition, delegation: Delegation | None = None):
    """The deal sheet of an export: refused (403) to whoever may not export totals."""
    check(user, "totals.export")
    deals = deals_visible_to(user).filter(registration__edition=edition)
    if delegation is not None:
        deals = deals.filter(registration__sub_delegation__delegation=delegation)
    return deals.order_by("pk")


def _country(value: str) -> str:
    return countries.display(value)


def deal_rows(deals) -> Iterator[tuple]:
    """The deal list, one tuple per deal, read in chunks so memory stays flat."""
    english = (translation.get_language() or "").startswith("en")
    statuses = dict(Deal.Status.choices)
    statuses = {key: str(label) for key, label in statuses.items()}
    currencies = {key: str(label) for key, label in Deal.Currency.choices}
    kinds = {key: str(label) for key, label in Purchaser.Kind.choices}
    country_names: dict[str, str] = {}
    yes, no = _("yes"), _("no")
    for row in deals.values_list(*DEAL_LIST_VALUES).iterator(chunk_size=5000):
        (pk, delegation, sub, purchaser, code, exhibitor, country, zone, zone_en, product,
         amount, currency, usd, signed_on, ceremony, status,
         delegation_en, sub_en, purchaser_en, kind, ownership, ownership_en) = row  # fmt: skip
        if english:
            # In English where the English name exists, as typed otherwise.
            delegation, sub = delegation_en or delegation, sub_en or sub
            purchaser, zone = purchaser_en or purchaser, zone_en or zone
        yield (
            pk, delegation, sub, purchaser, code, exhibitor,
            country_names.get(country) or country_names.setdefault(country, _country(country)),
            zone,
            product, amount, currencies.get(currency, currency), usd, usd, signed_on,
            yes if ceremony else no, statuses.get(status, status),
            kinds.get(kind, kind), (ownership_en or ownership) if english else ownership,
        )  # fmt: skip


def deal_sheet(deals) -> Sheet:
    return Sheet(_("Deal list"), deal_columns(), deal_rows(deals))


def totals_sheets(*, user, edition: Edition, delegation: Delegation | None = None) -> list[Sheet]:
    check(user, "totals.export")
    scope = totals_scope(user=user, edition=edition, delegation=delegation)
    sheets = summary_sheets(scope) if scope else []
    sheets += [deal_sheet(deals_in_scope(user=user, edition=edition, delegation=delegation))]
    return sheets + records_sheets(scope)


def records_sheets(scope: TotalsScope | None) -> list[Sheet]:
    """The records the press quotes, for a report of one whole delegation."""

    ids = ([scope.delegation.pk] if scope.delegation else scope.delegation_ids) if scope else []
    if len(ids) != 1 or not scope.whole_delegations:
        return []
    delegation = Delegation.objects.get(pk=ids[0])
    return [records_sheet({"records": records_figures(delegation=delegation)})]
