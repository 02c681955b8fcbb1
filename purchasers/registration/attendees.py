"""A registration's attendees as its write path keeps them, with their history labels."""

from types import SimpleNamespace

from ..models import Attendee, Registration, mask_phone
from .fields import ATTENDEE_FIELDS


def _masked(id_number: str) -> str:
    # The attendee's own masking, without building a model instance per row of an import.
    return Attendee.masked_id_number.fget(SimpleNamespace(id_number=id_number))


def _attendee_label(data: dict) -> str:
    return f"{data.get('name', '')} {_masked(data.get('id_number', ''))}".strip()


def _sync_attendees(*, registration: Registration, rows: list[dict]) -> dict:
    """Make the registration's attendees match ``rows``; say who was added, removed, changed.

    A row with an ``id`` is that attendee changed; without one it is a new person. ID
    numbers appear in the history masked: the history is read by more people than the list.
    """
    current = {a.pk: a for a in registration.attendees.all()}
    kept = {row["id"] for row in rows if row.get("id") in current}
    added, removed, changed = [], [], {}
    for pk in set(current) - kept:
        removed.append(_attendee_label(vars(current[pk])))
    Attendee.objects.filter(pk__in=set(current) - kept).delete()
    for row in rows:
        values = {name: row.get(name) or "" for name in ATTENDEE_FIELDS.names}
        values["id_type"] = values["id_type"] or Attendee.IdType.RESIDENT_ID
        attendee = current.get(row.get("id"))
        if attendee is None:
            Attendee(registration=registration, **values).save()
            added.append(_attendee_label(values))
            continue
        diff = {}
        for name, after in values.items():
            before = getattr(attendee, name)
            if before != after:
                if name == "id_number":
                    diff[name] = [_masked(before), _masked(after)]
                elif name == "phone":
                    diff[name] = [mask_phone(before), mask_phone(after)]
                else:
                    diff[name] = [before, after]
                setattr(attendee, name, after)
        if diff:
            attendee.save()
            changed[_attendee_label(values)] = diff
    result = {"added": added, "removed": removed, "changed": changed}
    return {key: value for key, value in result.items() if value}
