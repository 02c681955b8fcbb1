"""Reads and counts of registrations."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from delegations.models import LeadAgency

from ..models import Registration, RegistrationEvent
from ..permissions import registrations_visible_to

# A purchaser counts towards a target while its registration is alive.
# Towards the target: what was submitted and not sent back or refused. Drafts, returned and
# rejected registrations are shown apart, never counted.
COUNTED = [
    Registration.Status.SUBMITTED,
    Registration.Status.LEAD_APPROVED,
    Registration.Status.REPORTED,
]


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
                for status in Registration.Status.values
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
    counts = dict.fromkeys(Registration.Status.values, 0)
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
    if status in Registration.Status.values:
        qs = qs.filter(status=status)
    if sub_delegation.isdigit():
        qs = qs.filter(sub_delegation=int(sub_delegation))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(purchaser__credit_code__icontains=q))
    return qs


def registration_page_rows(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """A list page's rows with their attendee counts, newest change first: one query (and
    one for the lead agencies' units, named on each row)."""
    return (
        registrations.annotate(n_attendees=Count("attendees", distinct=True))
        .prefetch_related("lead_agency__units")
        .order_by("-updated_at", "-pk")
    )


def _last_return():
    return RegistrationEvent.objects.filter(
        registration=OuterRef("pk"), to_status=Registration.Status.RETURNED
    ).order_by("-at", "-pk")


def returned_registrations(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations sent back for correction, each with the reviewer's latest reason and
    who gave it, most recently returned first: one query."""
    last = _last_return()
    return (
        registrations.filter(status=Registration.Status.RETURNED)
        .annotate(
            return_reason=Subquery(last.values("reason")[:1]),
            returned_at=Subquery(last.values("at")[:1]),
        )
        .order_by("-returned_at", "-pk")
    )


def last_return(registration: Registration, events) -> RegistrationEvent | None:
    """The return a registration still has to answer: none once it was submitted again."""
    if registration.status != Registration.Status.RETURNED:
        return None
    returns = [e for e in events if e.to_status == Registration.Status.RETURNED]
    return returns[-1] if returns else None
