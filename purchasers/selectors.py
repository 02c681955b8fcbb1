"""Reads and counts of registrations."""

from django.db.models import Count, Q, QuerySet

from delegations.models import LeadAgency

from .models import Registration
from .permissions import registrations_visible_to

Status = Registration.Status

# A purchaser counts towards a target while its registration is alive.
COUNTED = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.LEAD_APPROVED, Status.REPORTED]


def lead_agency_progress(lead_agencies: QuerySet[LeadAgency]) -> list[LeadAgency]:
    """Each lead agency with its counts by status and its shortfall against target.

    One query for the counts, one for the units, whatever the number of agencies.
    """
    agencies = (
        lead_agencies.select_related("sub_delegation__delegation__edition")
        .prefetch_related("units")
        .annotate(
            **{
                f"n_{status}": Count("registrations", filter=Q(registrations__status=status))
                for status in Status.values
            }
        )
        .order_by("sub_delegation__delegation", "sub_delegation__sort_order", "sort_order")
    )
    result = []
    for agency in agencies:
        agency.counted = sum(getattr(agency, f"n_{s}") for s in COUNTED)
        agency.shortfall = max(agency.target - agency.counted, 0)
        agency.percent = min(100, round(100 * agency.counted / agency.target))
        result.append(agency)
    return result


def status_counts(registrations: QuerySet[Registration]) -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for row in registrations.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def registration_list(
    *, user, edition=None, status: str = "", sub_delegation: str = "", q: str = ""
) -> QuerySet[Registration]:
    """The registrations a user sees, filtered as on the list page."""
    qs = registrations_visible_to(user)
    if edition is not None:
        qs = qs.filter(edition=edition)
    if status in Status.values:
        qs = qs.filter(status=status)
    if sub_delegation.isdigit():
        qs = qs.filter(sub_delegation=int(sub_delegation))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(purchaser__credit_code__icontains=q))
    return qs


def registration_page_rows(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """A list page's rows with their attendee counts, newest change first: one query."""
    return registrations.annotate(n_attendees=Count("attendees", distinct=True)).order_by(
        "-updated_at", "-pk"
    )
