"""What a lead agency owes in deals: figures for its approved purchasers, and follow-ups.

Only fields that deals have now are used: a deal counts as followed up once its
status has moved on from "intended".
"""

from django.utils.translation import gettext_lazy as _

from delegations.models import Deadline, LeadAgency
from delegations.obligations import Owed, register
from purchasers.models import Registration
from purchasers.permissions import APPROVED_STATUSES

from .models import Deal


def deal_figures_missing(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    missing = (
        Registration.objects.filter(
            lead_agency=agency, edition=deadline.edition_id, status__in=APPROVED_STATUSES
        )
        .exclude(deals__isnull=False)
        .select_related("purchaser")
        .order_by("name")
    )
    names = [registration.name for registration in missing]
    if not names:
        return []
    shown = "、".join(names[:5]) + ("…" if len(names) > 5 else "")
    return [Owed("deal_figures_missing", {"count": len(names), "purchasers": shown})]


def deals_not_followed_up(*, agency: LeadAgency, deadline: Deadline) -> list[Owed]:
    count = Deal.objects.filter(
        registration__lead_agency=agency,
        registration__edition=deadline.edition_id,
        status=Deal.Status.INTENDED,
    ).count()
    if not count:
        return []
    return [Owed("deals_not_followed_up", {"count": count})]


def register_deal_obligations() -> None:
    Kind = Deadline.Kind
    register(
        kinds=[Kind.DEAL_FIGURES],
        code="deal_figures_missing",
        wording=_("Deal figures not entered for %(count)s approved purchasers: %(purchasers)s."),
        provider=deal_figures_missing,
    )
    register(
        kinds=[Kind.FOLLOW_UP],
        code="deals_not_followed_up",
        wording=_("%(count)s intended deals not yet followed up (still marked intended)."),
        provider=deals_not_followed_up,
    )
