"""The records the press quotes, read straight from a delegation's deals (read-only).

The first order signed for the delegation and for each sub-delegation (with its date and
firm), the largest orders, and the firms above 100 million USD. Cancelled deals never
count, as in the roll-up. "First" is the earliest date; on the same date, the first one
recorded.
"""

from django.db.models import OuterRef, Subquery, Sum

from delegations.models import Delegation, SubDelegation

from ..models import Deal
from ..money import CENT
from ..rollups.figures import LARGE_PURCHASER_USD

LARGEST_LISTED = 10
FIRST = ("signed_on", "created_at", "pk")


def live_deals(delegation: Delegation):
    return Deal.objects.filter(registration__sub_delegation__delegation=delegation).exclude(
        status=Deal.Status.CANCELLED
    )


def _deal(deal: Deal | None, **extra) -> dict | None:
    if deal is None:
        return None
    return {
        "id": deal.pk,
        "firm": deal.registration.name,
        "sub_delegation": deal.registration.sub_delegation.name,
        "exhibitor": deal.exhibitor_name,
        "country": deal.exhibitor_country,
        "signed_on": deal.signed_on.isoformat(),
        "total_usd": str(deal.amount_usd),
        **extra,
    }


def first_orders(delegation: Delegation) -> tuple[dict | None, list[dict]]:
    """The delegation's first order, and each sub-delegation's: two queries and one fetch."""
    deals = live_deals(delegation).select_related("registration__sub_delegation")
    first = deals.order_by(*FIRST).first()
    subs = SubDelegation.objects.filter(delegation=delegation).annotate(
        first_deal=Subquery(
            live_deals(delegation)
            .filter(registration__sub_delegation=OuterRef("pk"))
            .order_by(*FIRST)
            .values("pk")[:1]
        )
    )
    subs = [sub for sub in subs.order_by("sort_order", "name") if sub.first_deal]
    by_id = deals.in_bulk([sub.first_deal for sub in subs])
    ordered = sorted((by_id[sub.first_deal] for sub in subs), key=lambda d: d.signed_on)
    return _deal(first), [_deal(deal) for deal in ordered]


def largest_orders(delegation: Delegation, limit: int = LARGEST_LISTED) -> list[dict]:
    deals = live_deals(delegation).select_related("registration__sub_delegation")
    return [_deal(deal) for deal in deals.order_by("-amount_usd", *FIRST)[:limit]]


def firms_over_100m(delegation: Delegation) -> list[dict]:
    """Purchasers whose deals add up to more than 100 million USD, largest first."""
    rows = (
        live_deals(delegation)
        .values("registration", "registration__name", "registration__sub_delegation__name")
        .annotate(total=Sum("amount_usd"))
        .filter(total__gt=LARGE_PURCHASER_USD)
        .order_by("-total", "registration")
    )
    return [
        {
            "firm": row["registration__name"],
            "sub_delegation": row["registration__sub_delegation__name"],
            "total_usd": str(row["total"].quantize(CENT)),
        }
        for row in rows
    ]


def records_figures(*, delegation: Delegation) -> dict:
    first, first_by_sub = first_orders(delegation)
    return {
        "first": first,
        "first_by_sub_delegation": first_by_sub,
        "largest": largest_orders(delegation),
        "over_100m": firms_over_100m(delegation),
    }
