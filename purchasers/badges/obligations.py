"""What a lead agency owes for badges: people not applied for, badges stuck in review."""

from django.utils.translation import ngettext_lazy

from delegations.models import Deadline, LeadAgency
from delegations.obligations import Owed, register

from ..models import Attendee
from .models import APPLIED
from .selectors import NEEDS_BADGES, REVIEW_DAYS_FOREIGN, REVIEW_DAYS_HOME, stuck_in_review


def _people(agency: LeadAgency, deadline: Deadline):
    return Attendee.objects.filter(
        registration__lead_agency=agency,
        registration__edition=deadline.edition_id,
        registration__status__in=NEEDS_BADGES,
    )


def badges_not_applied(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    count = _people(agency, deadline).exclude(badge__status__in=APPLIED).count()
    return [Owed("badges_not_applied", {"count": count})] if count else []


def badges_stuck_in_review(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    count = stuck_in_review(_people(agency, deadline)).count()
    if not count:
        return []
    return [
        Owed(
            "badges_stuck_in_review",
            {"count": count, "home": REVIEW_DAYS_HOME, "foreign": REVIEW_DAYS_FOREIGN},
        )
    ]


def register_badge_obligations() -> None:
    Kind = Deadline.Kind
    register(
        kinds=[Kind.REGISTRATION, Kind.REVIEW],
        code="badges_not_applied",
        wording=ngettext_lazy(
            "%(count)s attendee has no badge applied for yet.",
            "%(count)s attendees have no badge applied for yet.",
            "count",
        ),
        provider=badges_not_applied,
    )
    register(
        kinds=[Kind.REVIEW],
        code="badges_stuck_in_review",
        wording=ngettext_lazy(
            "%(count)s badge has been in the official review longer than the official time "
            "(%(home)s days in China, %(foreign)s for foreigners).",
            "%(count)s badges have been in the official review longer than the official time "
            "(%(home)s days in China, %(foreign)s for foreigners).",
            "count",
        ),
        provider=badges_stuck_in_review,
    )
