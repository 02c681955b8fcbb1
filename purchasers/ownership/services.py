"""Changing the ownership list: the national administrator's alone, each change in the
bureau's set-up history."""

from django.db import transaction

from delegations.audit.models import EventKind
from delegations.capabilities import check
from delegations.setup.services import record_setup_event, set_changed

from .models import Ownership

HISTORY_FIELDS = ("name", "name_en", "position", "offered")


@transaction.atomic
def ownership_save(*, by, ownership: Ownership | None, data: dict) -> Ownership:
    """Add an ownership to the list or change one (its code stays what the sheets and the
    API already use: the form lets a new entry choose it). A save that changes nothing
    records nothing."""
    check(by, "ownerships.administer")
    created = ownership is None
    if created:
        ownership = Ownership(code=data["code"])
    else:
        # As stored, not as the caller's instance has it (a bound form already set its
        # fields): the history compares with what the list said.
        ownership = Ownership.objects.select_for_update().get(pk=ownership.pk)
    changes = set_changed(ownership, data, HISTORY_FIELDS)
    if not changes and not created:
        return ownership
    ownership.save()
    record_setup_event(
        by=by,
        kind=EventKind.OWNERSHIP_ADDED if created else EventKind.OWNERSHIP_CHANGED,
        subject=f"{ownership.name} ({ownership.code})",
        changes=changes,
    )
    return ownership
