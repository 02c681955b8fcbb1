"""Changing the ownership list: the national administrator's alone."""

from django.db import transaction

from delegations.capabilities import check

from .models import Ownership


@transaction.atomic
def ownership_save(*, by, ownership: Ownership | None, data: dict) -> Ownership:
    """Add an ownership to the list or change one (its code stays what the sheets and the
    API already use: the form lets a new entry choose it)."""
    check(by, "ownerships.administer")
    if ownership is None:
        return Ownership.objects.create(**data)
    for name, value in data.items():
        if name != "code":
            setattr(ownership, name, value)
    ownership.save()
    return ownership
