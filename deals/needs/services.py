"""Writes to procurement needs and their matchmaking meetings."""

import datetime
from dataclasses import field, make_dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import User

from ..directory.models import Exhibitor
from ..permissions import registrations_for_deals
from .fields import NEED_FIELDS
from .models import Meeting, ProcurementNeed


def _need_data() -> type:
    """What a need is published with, by keyword: its declared fields, those the model lets
    be left empty with the model's default."""
    fields = []
    for name in NEED_FIELDS.entered:
        model_field = ProcurementNeed._meta.get_field(name)
        if model_field.has_default():
            fields.append((name, object, field(default=model_field.default)))
        elif model_field.blank:
            fields.append((name, object, field(default=None if model_field.null else "")))
        else:
            fields.append((name, object))
    return make_dataclass("NeedData", fields, kw_only=True)


NeedData = _need_data()


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
