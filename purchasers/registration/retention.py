"""Personal-data retention: attendees' ID and phone numbers are kept while they serve the
expo (badges, background checks), then replaced by their masked form.

PERSONAL_DATA_RETENTION_MONTHS after an edition closes, a daily beat task (and the
``mask_personal_data`` command) masks every attendee of that edition still unmasked, masks
the phone numbers in the registrations' history too, and writes one history entry per
registration. Names, registrations, figures and deals stay as they were.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from delegations.audit.models import EventKind
from delegations.audit.services import record
from delegations.models import User

from ..models import Attendee, Registration, RegistrationEvent, mask_phone

SYSTEM_USERNAME = "system"


def system_user() -> User:
    """The account that scheduled jobs act as in the history; it cannot sign in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "system"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Editions that closed before this day are past their retention period."""
    today = today or timezone.localdate()
    return today - relativedelta(months=settings.PERSONAL_DATA_RETENTION_MONTHS)


def _mask_history(registration: Registration) -> None:
    for event in RegistrationEvent.objects.filter(
        registration=registration, changes__has_key="attendees"
    ):
        changed = event.changes["attendees"].get("changed") or {}
        touched = False
        for diff in changed.values():
            if "phone" in diff:
                diff["phone"] = [mask_phone(value) for value in diff["phone"]]
                touched = True
        if touched:
            event.save(update_fields=["changes"])


def registration_mask_personal_data(*, registration: Registration, by: User) -> int:
    """Mask the registration's attendees (those not masked yet); returns how many."""
    with transaction.atomic():
        attendees = list(
            Attendee.objects.select_for_update().filter(
                registration=registration, personal_data_masked_at__isnull=True
            )
        )
        if not attendees:
            return 0
        now = timezone.now()
        for attendee in attendees:
            attendee.id_number = attendee.masked_id_number
            attendee.phone = attendee.masked_phone
            attendee.personal_data_masked_at = now
        Attendee.objects.bulk_update(
            attendees, ["id_number", "phone", "personal_data_masked_at"], batch_size=500
        )
        _mask_history(registration)
        record(
            RegistrationEvent,
            registration=registration,
            by=by,
            kind=EventKind.PERSONAL_DATA_MASKED,
            changes={
                "attendees": {"masked": len(attendees)},
                "retention_months": settings.PERSONAL_DATA_RETENTION_MONTHS,
            },
        )
    return len(attendees)


def personal_data_mask_due(*, today: datetime.date | None = None, dry_run: bool = False) -> int:
    """Mask every attendee of the editions past retention; returns how many (or would)."""
    due = Attendee.objects.filter(
        edition__closes_on__lt=retention_cutoff(today), personal_data_masked_at__isnull=True
    )
    if dry_run:
        return due.count()
    by = system_user()
    registrations = Registration.objects.filter(
        pk__in=due.values_list("registration_id", flat=True)
    ).order_by("pk")
    return sum(
        registration_mask_personal_data(registration=registration, by=by)
        for registration in registrations.iterator(chunk_size=500)
    )
