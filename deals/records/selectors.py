"""Reads about deals: lists with filters and keyset pages, the follow-up page and
execution rates."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import BooleanField, Count, Max, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from delegations.models import Edition

from ..money import ZERO
from .models import OPEN_STATUSES, Deal


def deal_list(
    deals: QuerySet[Deal],
    *,
    edition: str | None = None,
    status: str | None = None,
    q: str | None = None,
    country: str | None = None,
) -> QuerySet[Deal]:
    if country:
        deals = deals.filter(exhibitor_country=country)
    if edition and str(edition).isdigit():
        # The deal's own delegation's edition (its registration's): no join of the purchasers.
        deals = deals.filter(delegation__edition__number=int(edition))
    if status in Deal.Status.values:
        deals = deals.filter(status=status)
    if q:
        deals = deals.filter(
            Q(registration__name__icontains=q)
            | Q(exhibitor_name__icontains=q)
            | Q(product__icontains=q)
        )
    return deals


PER_PAGE = 25


# Totals over the whole filtered list are summed only up to this many deals, so that the
# page costs the same at a million deals; above it the dashboard's roll-up has the totals.
TOTALS_LIMIT = 1_000


@dataclass
class CurrencyTotal:
    currency: str
    amount: Decimal

    @property
    def label(self) -> str:
        return Deal.Currency(self.currency).label


@dataclass
class DealTotals:
    deals: int
    amount_usd: Decimal
    by_currency: list[CurrencyTotal]


@dataclass
class DealPage:
    """One page of the deal list, read by key (date, id) rather than by offset and count,
    so that every page costs the same however many deals the list holds."""

    deals: list[Deal]
    next_cursor: str | None
    previous_cursor: str | None
    page_totals: DealTotals
    totals: DealTotals | None  # None: more than ``more_than`` deals match
    more_than: int


def _cursor(deal: Deal) -> str:
    return f"{deal.signed_on:%Y-%m-%d}_{deal.pk}"


def _parse_cursor(text: str | None) -> tuple[datetime.date, int] | None:
    day, _sep, pk = (text or "").partition("_")
    try:
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _keyset(deals: QuerySet[Deal], cursor, *, before: bool) -> QuerySet[Deal]:
    # A row comparison, so that PostgreSQL walks the (signed_on, id) index from the cursor.
    table = Deal._meta.db_table
    condition = RawSQL(
        f'("{table}"."signed_on", "{table}"."id") {">" if before else "<"} (%s, %s)',
        cursor,
        output_field=BooleanField(),
    )
    return deals.filter(condition)


def deal_totals(deals) -> DealTotals:
    by_currency: dict[str, Decimal] = {}
    for deal in deals:
        by_currency[deal.currency] = by_currency.get(deal.currency, ZERO) + deal.amount
    return DealTotals(
        deals=len(deals),
        amount_usd=sum((deal.amount_usd for deal in deals), ZERO),
        by_currency=[CurrencyTotal(c, a) for c, a in sorted(by_currency.items())],
    )


def deal_filtered_totals(deals: QuerySet[Deal]) -> DealTotals | None:
    """Totals of a filtered list when it holds at most TOTALS_LIMIT deals."""
    ids = list(deals.order_by().values_list("pk", flat=True)[: TOTALS_LIMIT + 1])
    if len(ids) > TOTALS_LIMIT:
        return None
    rows = (
        Deal.objects.filter(pk__in=ids)
        .order_by()
        .values("currency")
        .annotate(amount=Sum("amount"), usd=Sum("amount_usd"))
    )
    rows = sorted(rows, key=lambda row: row["currency"])
    return DealTotals(
        deals=len(ids),
        amount_usd=sum((row["usd"] for row in rows), ZERO),
        by_currency=[CurrencyTotal(row["currency"], row["amount"]) for row in rows],
    )


def deal_page(
    deals: QuerySet[Deal],
    *,
    after: str | None = None,
    before: str | None = None,
    per_page: int = PER_PAGE,
    totals: bool = True,
) -> DealPage:
    """The deals after (or before) a cursor, newest first, with the page's totals and the
    whole list's when it is small enough to sum on the fly."""
    ordered = deals.order_by("-signed_on", "-pk")
    back = _parse_cursor(before)
    forward = None if back else _parse_cursor(after)
    if back:
        rows = list(_keyset(deals, back, before=True).order_by("signed_on", "pk")[: per_page + 1])
        has_more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_more_after = True
    else:
        query = _keyset(ordered, forward, before=False) if forward else ordered
        rows = list(query[: per_page + 1])
        has_more_after = len(rows) > per_page
        rows = rows[:per_page]
        has_more_before = forward is not None
    return DealPage(
        deals=rows,
        next_cursor=_cursor(rows[-1]) if rows and has_more_after else None,
        previous_cursor=_cursor(rows[0]) if rows and has_more_before else None,
        page_totals=deal_totals(rows),
        totals=deal_filtered_totals(deals) if totals else None,
        more_than=TOTALS_LIMIT,
    )


def deals_due_for_follow_up(
    deals: QuerySet[Deal], *, today: datetime.date, days: int | None = None
) -> QuerySet[Deal]:
    """Open deals of editions that have closed, with no follow-up note in the last ``days``
    days (``settings.DEAL_FOLLOW_UP_DAYS``), the longest-forgotten first."""
    days = settings.DEAL_FOLLOW_UP_DAYS if days is None else days
    since = today - datetime.timedelta(days=days)
    return (
        deals.filter(status__in=OPEN_STATUSES, registration__edition__closes_on__lt=today)
        .annotate(last_note=Max("notes__noted_on"))
        .filter(Q(last_note__isnull=True) | Q(last_note__lt=since))
        .order_by("registration__edition__number", "last_note", "signed_on", "pk")
    )


@dataclass
class ExecutionRate:
    edition: Edition
    intended: int
    completed: int
    intended_usd: Decimal
    completed_usd: Decimal

    @property
    def count_percent(self) -> Decimal | None:
        return _percent(self.completed, self.intended)

    @property
    def amount_percent(self) -> Decimal | None:
        return _percent(self.completed_usd, self.intended_usd)


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def execution_rates(deals: QuerySet[Deal]) -> list[ExecutionRate]:
    """Per edition: deals completed against all deals recorded as intended (cancelled ones
    included: they were intended and did not come to pass), by count and by USD amount."""
    completed = Q(status=Deal.Status.COMPLETED)
    rows = (
        deals.order_by()
        .values("registration__edition")
        .annotate(
            intended=Count("pk"),
            completed=Count("pk", filter=completed),
            intended_usd=Coalesce(Sum("amount_usd"), ZERO),
            completed_usd=Coalesce(Sum("amount_usd", filter=completed), ZERO),
        )
    )
    editions = Edition.objects.in_bulk([row["registration__edition"] for row in rows])
    result = [
        ExecutionRate(
            edition=editions[row["registration__edition"]],
            intended=row["intended"],
            completed=row["completed"],
            intended_usd=row["intended_usd"],
            completed_usd=row["completed_usd"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda rate: -rate.edition.number)
