"""Reads about deals: lists with filters, the follow-up page, execution rates and the
matchmaking of procurement needs with exhibitors."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from delegations.models import Edition

from .models import OPEN_STATUSES, Deal, Exhibitor, ProcurementNeed

ZERO = Decimal("0.00")


def deal_list(
    deals: QuerySet[Deal],
    *,
    edition: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Deal]:
    if edition and str(edition).isdigit():
        deals = deals.filter(registration__edition__number=int(edition))
    if status in Deal.Status.values:
        deals = deals.filter(status=status)
    if q:
        deals = deals.filter(
            Q(registration__name__icontains=q)
            | Q(exhibitor_name__icontains=q)
            | Q(product__icontains=q)
        )
    return deals


def exhibitor_search(
    exhibitors: QuerySet[Exhibitor],
    *,
    q: str | None = None,
    country: str | None = None,
    zone: str | None = None,
    edition: str | None = None,
) -> QuerySet[Exhibitor]:
    """Search the directory by name (Chinese or English), country or region, and zone."""
    if q:
        exhibitors = exhibitors.filter(Q(name__icontains=q) | Q(name_en__icontains=q))
    if country:
        exhibitors = exhibitors.filter(country__icontains=country)
    if zone:
        exhibitors = exhibitors.filter(zone__code=zone)
    if edition and str(edition).isdigit():
        exhibitors = exhibitors.filter(edition__number=int(edition))
    return exhibitors


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


# Words are split at spaces and punctuation, Chinese included; one-letter words are noise.
_SPLIT = re.compile(r"[\s,，、;；/|()（）·.。:：]+")


def keywords(text: str) -> set[str]:
    return {word for word in _SPLIT.split((text or "").casefold()) if len(word) >= 2}


def matching_exhibitors(need: ProcurementNeed) -> list[tuple[Exhibitor, list[str]]]:
    """Exhibitors of the need's edition and zone whose products match the need, with the
    words that matched.

    Deliberately simple: a word of the need matches when it occurs, ignoring case, in the
    exhibitor's products (so "CT" finds "CT scanners" and "医疗器械" finds "进口医疗器械"),
    or a word of the exhibitor's products occurs in the need. No stemming, no synonyms.
    """
    wanted = keywords(need.product)
    result = []
    exhibitors = Exhibitor.objects.filter(
        edition=need.registration.edition_id, zone=need.zone_id
    ).select_related("zone")
    for exhibitor in exhibitors:
        products = (exhibitor.products or "").casefold()
        offered = keywords(exhibitor.products)
        need_text = need.product.casefold()
        matched = sorted(
            {w for w in wanted if w in products} | {w for w in offered if w in need_text}
        )
        if matched:
            result.append((exhibitor, matched))
    return sorted(result, key=lambda pair: (-len(pair[1]), pair[0].name))
