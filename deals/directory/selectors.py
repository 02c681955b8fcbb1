"""Reads of the exhibitor directory."""

from django.db.models import Q, QuerySet

from .. import countries
from .models import Exhibitor


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
        listed = countries.canonical(country)
        exhibitors = exhibitors.filter(
            Q(country=listed) if listed else Q(country__icontains=country)
        )
    if zone:
        exhibitors = exhibitors.filter(zone__code=zone)
    if edition and str(edition).isdigit():
        exhibitors = exhibitors.filter(edition__number=int(edition))
    return exhibitors
