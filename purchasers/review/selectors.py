"""Reads for tiered review: each role's queue, a registration's history and checks, progress."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from delegations.audit.models import EventKind
from delegations.models import Delegation, LeadAgency, Role, SubDelegation
from delegations.permissions import has_role, lead_agencies_of, lead_agencies_visible_to

from ..models import Attendee, CheckStatus, Notice, Registration, RegistrationEvent
from ..permissions import registrations_reviewable_by, registrations_visible_to
from ..registration.selectors import lead_agency_progress


def review_queue(
    *, user, q: str = "", sub_delegation: int | None = None, lead_agency: int | None = None
) -> QuerySet[Registration]:
    """What waits for the user, oldest first.

    A lead: submitted registrations of their own lead agency (or shared sub-delegation).
    The office: what leads approved. Checkers: what still waits for their check.
    """
    if has_role(user, Role.LEAD):
        qs = registrations_reviewable_by(user).filter(status=Registration.Status.SUBMITTED)
    elif has_role(user, Role.ORGANISER) or (user.is_active and user.is_superuser):
        qs = registrations_reviewable_by(user).filter(status=Registration.Status.LEAD_APPROVED)
    elif has_role(user, Role.CREDIT_CHECKER):
        qs = registrations_visible_to(user).filter(
            status__in=[Registration.Status.SUBMITTED, Registration.Status.LEAD_APPROVED],
            credit_check=CheckStatus.PENDING,
        )
    elif has_role(user, Role.BACKGROUND_CHECKER):
        qs = registrations_visible_to(user).filter(
            status__in=[Registration.Status.SUBMITTED, Registration.Status.LEAD_APPROVED],
            attendees__background_check=CheckStatus.PENDING,
        )
    else:
        return Registration.objects.none()
    return _listed(qs, q=q, sub_delegation=sub_delegation, lead_agency=lead_agency).order_by(
        "updated_at", "pk"
    )


def _listed(
    qs, *, q: str = "", sub_delegation: int | None = None, lead_agency: int | None = None
) -> QuerySet[Registration]:
    """A queue's rows under its filter, with what a row shows."""
    if q := q.strip():
        qs = qs.filter(
            Q(name__icontains=q) | Q(name_en__icontains=q) | Q(purchaser__credit_code__icontains=q)
        )
    if sub_delegation:
        qs = qs.filter(sub_delegation=sub_delegation)
    if lead_agency:
        qs = qs.filter(lead_agency=lead_agency)
    # A subquery, so that the ordering and locking queries need no DISTINCT of their own.
    return (
        Registration.objects.filter(pk__in=qs.values("pk"))
        .select_related(
            "purchaser", "sub_delegation__delegation", "lead_agency", "unit", "registered_by"
        )
        .prefetch_related("lead_agency__units")
    )


# The queue's tabs: what waits for the user, what they decided, all they review.
PENDING, DECIDED_BY_ME, ALL = "pending", "mine", "all"
QUEUE_TABS = (
    (PENDING, gettext_lazy("Waiting for me")),
    (DECIDED_BY_ME, gettext_lazy("Decided by me")),
    (ALL, gettext_lazy("All")),
)
# What a reviewer or checker decides (resubmission is the registrant's).
DECISIONS = (
    EventKind.LEAD_APPROVED,
    EventKind.REJECTED_BY_LEAD,
    EventKind.RETURNED_BY_LEAD,
    EventKind.SENT_BACK_BY_OFFICE,
    EventKind.REPORTED_BY_OFFICE,
    EventKind.CREDIT_CHECK,
    EventKind.BACKGROUND_CHECK,
)


def _reviewer_scope(user) -> QuerySet[Registration]:
    """Every registration sent for review that the user reviews or checks."""
    if has_role(user, Role.CREDIT_CHECKER, Role.BACKGROUND_CHECKER):
        return registrations_visible_to(user)
    return registrations_reviewable_by(user)


def review_tab(
    *, user, tab: str = PENDING, q: str = "", sub_delegation: int | None = None
) -> QuerySet[Registration]:
    """One tab of the queue under its filter: pending oldest first, the others latest first."""
    if tab == DECIDED_BY_ME:
        decided = RegistrationEvent.objects.filter(actor=user, kind__in=DECISIONS)
        qs = _reviewer_scope(user).filter(pk__in=decided.values("registration"))
    elif tab == ALL:
        qs = _reviewer_scope(user)
    else:
        return review_queue(user=user, q=q, sub_delegation=sub_delegation)
    return _listed(qs, q=q, sub_delegation=sub_delegation).order_by("-updated_at", "-pk")


def next_in_queue(
    *, user, after: Registration, q: str = "", sub_delegation: int | None = None
) -> Registration | None:
    """What opens once ``after`` is decided: the next registration waiting under the same
    filter (``after`` as it stood before the decision), else the first still waiting."""
    waiting = review_queue(user=user, q=q, sub_delegation=sub_delegation).exclude(pk=after.pk)
    later = waiting.filter(
        Q(updated_at__gt=after.updated_at) | Q(updated_at=after.updated_at, pk__gt=after.pk)
    )
    return later.first() or waiting.first()


def review_queue_filters(*, user) -> QuerySet[SubDelegation]:
    """The sub-delegations a user can filter their queue by (checkers: those they check)."""
    if has_role(user, Role.CREDIT_CHECKER, Role.BACKGROUND_CHECKER):
        in_queue = registrations_visible_to(user)
    else:
        in_queue = registrations_reviewable_by(user)
    return SubDelegation.objects.filter(pk__in=in_queue.values("sub_delegation")).order_by(
        "delegation", "sort_order", "name"
    )


def registration_for_review(*, user, pk: int) -> Registration:
    """One registration the user can see, with attendees and history; 404 outside scope."""

    visible = registrations_visible_to(user).filter(pk=pk).values("pk")
    return get_object_or_404(
        Registration.objects.select_related(
            "purchaser",
            "region",
            "sub_delegation__delegation__edition",
            "lead_agency",
            "unit",
            "registered_by",
            "credit_check_by",
        ).prefetch_related(
            "lead_agency__units",
            Prefetch(
                "attendees",
                queryset=Attendee.objects.select_related("background_check_by").order_by("pk"),
            ),
            Prefetch(
                "events", queryset=RegistrationEvent.objects.select_related("actor").order_by("at")
            ),
        ),
        pk__in=visible,
    )


def user_can_review(*, user, registration: Registration) -> bool:
    return registrations_reviewable_by(user).filter(pk=registration.pk).exists()


def notices_for(*, user) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user).select_related("registration__purchaser", "actor")


@dataclass
class ProgressTotals:
    target: int
    counted: int
    shortfall: int
    percent: int


def progress_for(
    *, user, delegation: Delegation | None = None, sub_delegation: SubDelegation | None = None
) -> tuple[list[LeadAgency], ProgressTotals]:
    """Each lead agency's progress against target, with totals over the rows shown.

    The office (and national viewers) see every lead agency in scope; a lead sees their own.
    """
    agencies = (
        lead_agencies_of(user) if has_role(user, Role.LEAD) else lead_agencies_visible_to(user)
    )
    if delegation is not None:
        agencies = agencies.filter(sub_delegation__delegation=delegation)
    if sub_delegation is not None:
        agencies = agencies.filter(sub_delegation=sub_delegation)
    rows = lead_agency_progress(agencies)
    target = sum(a.target for a in rows)
    counted = sum(a.counted for a in rows)
    totals = ProgressTotals(
        target=target,
        counted=counted,
        shortfall=sum(a.shortfall for a in rows),
        percent=min(100, round(100 * counted / target)) if target else 0,
    )
    return rows, totals


@dataclass
class CheckQueueRow:
    sub_delegation: SubDelegation
    submitted: int  # still with the lead
    lead_approved: int  # with the office, which cannot report it before the check

    @property
    def total(self) -> int:
        return self.submitted + self.lead_approved


def check_queue_by_sub_delegation(*, user) -> list[CheckQueueRow]:
    """A checker's queue counted by sub-delegation and by where the registration stands."""
    counts: dict[int, dict[str, int]] = {}
    for row in review_queue(user=user).order_by().values("sub_delegation", "status"):
        by_status = counts.setdefault(row["sub_delegation"], {})
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    subs = SubDelegation.objects.filter(pk__in=counts).select_related("delegation")
    return [
        CheckQueueRow(
            sub_delegation=sub,
            submitted=counts[sub.pk].get(Registration.Status.SUBMITTED, 0),
            lead_approved=counts[sub.pk].get(Registration.Status.LEAD_APPROVED, 0),
        )
        for sub in subs.order_by("delegation", "sort_order", "name")
    ]
