"""Changing the ownership list: the national administrator's alone, each change in the
bureau's set-up history."""

from django.db import transaction

from delegations.audit.models import EventKind
from delegations.capabilities import check
from delegations.setup.services import record_setup_event

from .models import Ownership

HISTORY_KINDS = (EventKind.OWNERSHIP_ADDED, EventKind.OWNERSHIP_CHANGED)
HISTORY_FIELDS = ("name", "name_en", "position", "offered")


@transaction.atomic
def ownership_save(*, by, ownership: Ownership | None, data: dict) -> Ownership:
    """Add an ownership to the list or change one (its code stays what the sheets and the
    API already use: the form lets a new entry choose it)."""
    check(by, "ownerships.administer")
    if ownership is None:
        ownership = Ownership.objects.create(**data)
        changes = {name: [None, getattr(ownership, name)] for name in HISTORY_FIELDS}
        kind = EventKind.OWNERSHIP_ADDED
    else:
        # As stored, not as the caller's instance has it (a bound form already set its
        # fields): the history compares with what the list said.
        ownership = Ownership.objects.select_for_update().get(pk=ownership.pk)
        changes = {
            name: [getattr(ownership, name), value]
            for name, value in data.items()
            if name in HISTORY_FIELDS and getattr(ownership, name) != value
        }
        if not changes:
            return ownership
        for name, (_before, value) in changes.items():
            setattr(ownership, name, value)
        ownership.save()
        kind = EventKind.OWNERSHIP_CHANGED
    record_setup_event(
        by=by, kind=kind, subject=f"{ownership.name} ({ownership.code})", changes=changes
    )
    return ownership
