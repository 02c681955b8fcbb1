"""Personal data by need: which personal field of a registration each reader sees, said once.

Pages, the API, exports and the history all take what a reader may see from
``access_for(user, registration)`` and show each value through ``shown``. The registering unit
entered the data and sees it whole; others see what their task needs:

* the office reports the attendees up for their badges (证件): everything;
* public security checks the people by their ID documents: whole ID numbers, masked phones;
* market regulation checks the firm's credit, not people: no attendee and no phone at all;
* leads, other registrants and the national viewer and administrator: masked.
"""

from enum import StrEnum

from delegations.permissions import Role, is_active, is_office_of


class Shown(StrEnum):
    FULL = "full"
    MASKED = "masked"
    HIDDEN = "hidden"


# The personal fields of a registration. ``attendees`` is the list of people itself (names,
# emails, titles); hidden, no attendee is shown at all.
ATTENDEES = "attendees"
ATTENDEE_ID_NUMBER = "attendee_id_number"
ATTENDEE_PHONE = "attendee_phone"
CONTACT_PHONE = "contact_phone"
PERSONAL_FIELDS = (ATTENDEES, ATTENDEE_ID_NUMBER, ATTENDEE_PHONE, CONTACT_PHONE)

FULL, MASKED, HIDDEN = Shown.FULL, Shown.MASKED, Shown.HIDDEN
_MASKED_PEOPLE = {
    ATTENDEES: FULL,
    ATTENDEE_ID_NUMBER: MASKED,
    ATTENDEE_PHONE: MASKED,
    CONTACT_PHONE: MASKED,
}

DECLARATION: dict[str, dict[str, Shown]] = {
    Role.ORGANISER: dict.fromkeys(PERSONAL_FIELDS, FULL),
    Role.LEAD: _MASKED_PEOPLE,
    Role.REGISTRANT: _MASKED_PEOPLE,
    Role.BACKGROUND_CHECKER: {**_MASKED_PEOPLE, ATTENDEE_ID_NUMBER: FULL},
    Role.CREDIT_CHECKER: dict.fromkeys(PERSONAL_FIELDS, HIDDEN),
    Role.NATIONAL_VIEWER: _MASKED_PEOPLE,
    Role.NATIONAL_ADMIN: _MASKED_PEOPLE,
}
EVERYTHING = dict.fromkeys(PERSONAL_FIELDS, FULL)
NOTHING = dict.fromkeys(PERSONAL_FIELDS, HIDDEN)


def is_registering_unit(user, registration) -> bool:
    return is_active(user) and (
        (user.unit_id is not None and user.unit_id == registration.unit_id)
        or registration.registered_by_id == user.pk
    )


def access_for(user, registration) -> dict[str, Shown]:
    """How each personal field of this registration is shown to this user."""
    if not is_active(user):
        return NOTHING
    if user.is_superuser or is_registering_unit(user, registration):
        return EVERYTHING
    # A role given a unit's scope only for another delegation's office still gets its own row.
    if user.role == Role.ORGANISER and not is_office_of(
        user, registration.sub_delegation.delegation
    ):
        return _MASKED_PEOPLE
    return DECLARATION.get(user.role, NOTHING)


def mask(value: str) -> str:
    """Enough to tell two apart on a list (the first three and last four), not to misuse."""
    value = value or ""
    if len(value) > 7:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * len(value)


def shown(value, how: Shown) -> str:
    if how == FULL:
        return value or ""
    if how == MASKED:
        return mask(value)
    return ""


def attendees_for(access: dict[str, Shown], attendees) -> list:
    """The attendees a reader sees, each with ``shown_id_number`` and ``shown_phone``."""
    if access[ATTENDEES] == HIDDEN:
        return []
    rows = list(attendees)
    for attendee in rows:
        attendee.shown_id_number = shown(attendee.id_number, access[ATTENDEE_ID_NUMBER])
        attendee.shown_phone = shown(attendee.phone, access[ATTENDEE_PHONE])
    return rows


def redact_changes(changes: dict, access: dict[str, Shown]) -> dict:
    """A history entry's changes as this reader may see them (ID numbers are stored masked)."""
    result = dict(changes or {})
    if CONTACT_PHONE in result and isinstance(result[CONTACT_PHONE], list):
        result[CONTACT_PHONE] = [shown(v, access[CONTACT_PHONE]) for v in result[CONTACT_PHONE]]
    if "attendees" in result:
        if access[ATTENDEES] == HIDDEN:
            del result["attendees"]
        elif isinstance(result["attendees"], dict):  # older import results kept a count
            people = dict(result["attendees"])
            changed = {}
            for who, diff in people.get("changed", {}).items():
                diff = dict(diff)
                if "phone" in diff:
                    diff["phone"] = [shown(v, access[ATTENDEE_PHONE]) for v in diff["phone"]]
                if "id_number" in diff and access[ATTENDEE_ID_NUMBER] == HIDDEN:
                    diff["id_number"] = ["", ""]
                changed[who] = diff
            if changed:
                people["changed"] = changed
            result["attendees"] = people
    return result


def history_for(user, registration, events) -> list:
    """The registration's history entries with their changes redacted for this reader."""
    access = access_for(user, registration)
    events = list(events)
    for event in events:
        event.changes = redact_changes(event.changes, access)
    return events
