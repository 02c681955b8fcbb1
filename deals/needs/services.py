"""Writes to procurement needs and their matchmaking meetings."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import User, Zone
from purchasers.models import Registration

from ..directory.models import Exhibitor
from ..permissions import registrations_for_deals
from ..records.models import Deal
from .models import Meeting, ProcurementNeed


@dataclass
class NeedData:
    registration: Registration
    zone: Zone
    product: str
    quantity: str = ""
    budget: Decimal | None = None
    budget_currency: str = Deal.Currency.CNY
    timing: str = ""
    notes: str = ""


@transaction.atomic
def need_publish(*, by: User, data: NeedData) -> ProcurementNeed:
    """Publish what an approved purchaser wants to buy."""
    if not registrations_for_deals(by).filter(pk=data.registration.pk).exists():
        raise ValidationError(
            {"registration": _("Choose an approved purchaser of your own scope.")}
        )
    if data.budget is not None and data.budget < 0:
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    if not data.product.strip():
        raise ValidationError({"product": _("This field is required.")})
    return ProcurementNeed.objects.create(**vars(data), published_by=by)


@transaction.atomic
def meeting_record(
    *,
    by: User,
    need: ProcurementNeed,
    exhibitor: Exhibitor,
    meets_on: datetime.date,
    status: str = Meeting.Status.ARRANGED,
    participants: str = "",
    outcome: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Record (or update) a matchmaking meeting arranged or held for a need."""
    if exhibitor.edition_id != need.registration.edition_id:
        raise ValidationError({"exhibitor": _("This exhibitor is listed for another edition.")})
    if status not in Meeting.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    meeting = meeting or Meeting(need=need)
    meeting.exhibitor = exhibitor
    meeting.meets_on = meets_on
    meeting.status = status
    meeting.participants = participants.strip()
    meeting.outcome = outcome.strip()
    meeting.recorded_by = by
    meeting.save()
    return meeting
