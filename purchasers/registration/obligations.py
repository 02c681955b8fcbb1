"""What a lead agency owes in purchasers: its target, and registrations waiting for review."""

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from delegations.models import Deadline, LeadAgency
from delegations.obligations import Owed, register

from ..models import Registration
from .selectors import lead_agency_progress


def target_not_met(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    progress = lead_agency_progress(LeadAgency.objects.filter(pk=agency.pk))[0]
    if progress.counted >= progress.target:
        return []
    return [
        Owed(
            "target_not_met",
            {
                "target": progress.target,
                "counted": progress.counted,
                "shortfall": progress.shortfall,
            },
        )
    ]


def awaiting_review(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    waiting = Registration.objects.filter(lead_agency=agency, status=Registration.Status.SUBMITTED)
    count = waiting.count()
    if not count:
        return []
    # A submitted registration is not changed until it is reviewed: its last change is the
    # moment it was submitted.
    since = waiting.aggregate(since=Min("updated_at"))["since"]
    oldest = waiting.filter(updated_at=since).select_related("purchaser").first()
    return [
        Owed(
            "awaiting_review",
            {
                "count": count,
                "oldest": oldest.name if oldest else "",
                "since": timezone.localtime(since).strftime("%Y-%m-%d") if since else "",
            },
        )
    ]


def register_registration_obligations() -> None:
    Kind = Deadline.Kind
    register(
        kinds=[Kind.REGISTRATION],
        code="target_not_met",
        wording=_(
            "Target not met: %(counted)s of %(target)s purchaser organisations registered "
            "(%(shortfall)s still to bring)."
        ),
        provider=target_not_met,
    )
    register(
        kinds=[Kind.REGISTRATION, Kind.REVIEW],
        code="awaiting_review",
        wording=ngettext_lazy(
            "%(count)s registration waiting for your review; the oldest, %(oldest)s, "
            "since %(since)s.",
            "%(count)s registrations waiting for your review; the oldest, %(oldest)s, "
            "since %(since)s.",
            "count",
        ),
        provider=awaiting_review,
    )
