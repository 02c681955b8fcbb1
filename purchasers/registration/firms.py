"""A firm's details: the purchaser row is the firm's identity (its credit code) with its
latest known details; each registration keeps the details as it registered them."""

from django.utils import timezone

from ..models import Purchaser, Registration
from .fields import FIRM_FIELDS

# Every detail of the firm a registration keeps (all but the credit code, the firm's
# identity); those not on the forms start from the latest known details and are carried over.
DETAILS = [name for name in FIRM_FIELDS.names if name != "credit_code"]


# What is known of a firm across registrations: its own facts, not whom to call there.
KNOWN_FIELDS = FIRM_FIELDS.tagged("known")

# The details that are rows of another table (a region): kept as the object, told in the
# history by their code.
RELATED_FIELDS = {name for name in DETAILS if Purchaser._meta.get_field(name).is_relation}


def _purchaser_for(*, data: dict) -> Purchaser:
    """The firm with this code, created on first sight with these details as its latest
    known ones; a code seen before is the same firm, whose row is not changed here.

    ``get_or_create`` recovers from a concurrent insert of the same code.
    """
    purchaser, _created = Purchaser.objects.get_or_create(
        credit_code=data["credit_code"], defaults=_firm_values(data=data, start=None)
    )
    return purchaser


def _value(obj, name: str):
    """A firm detail of a registration or purchaser, as stored (a region as the object)."""
    return getattr(obj, name)


def _firm_values(*, data: dict, start) -> dict:
    """The firm's details for a registration: what ``data`` gives, the rest from ``start``
    (the registration as it is, or the firm's latest known details), else empty.

    From the latest known details only the firm's own facts are taken, never its contacts:
    whom another delegation calls at the firm is that registration's personal data.
    """
    values = {}
    for name in DETAILS:
        if name in data:
            value = data[name]
        elif start is not None and (name in KNOWN_FIELDS or isinstance(start, Registration)):
            value = _value(start, name)
        else:
            value = None
        values[name] = value if name in RELATED_FIELDS else (value or "")
    return values


def _shown(name: str, value) -> str:
    """A detail as the history keeps it: text (a region by its code)."""
    if name in RELATED_FIELDS:
        return getattr(value, "code", value) or ""
    return value or ""


def _details_diff(before: dict, after: dict) -> dict:
    return {
        name: [_shown(name, before[name]), _shown(name, after[name])]
        for name in DETAILS
        if _shown(name, before[name]) != _shown(name, after[name])
    }


def known_firm_differences(*, purchaser: Purchaser, data: dict) -> dict:
    """How the details ``data`` gives a new registration of a known firm differ from the
    firm's latest known ones, by field: ``[known, given]``. Only the firm's own facts: the
    contacts another registration gave are not shown to this one."""
    known = _firm_values(data={}, start=purchaser)
    given = _firm_values(data=data, start=purchaser)
    return {
        name: pair for name, pair in _details_diff(known, given).items() if name in KNOWN_FIELDS
    }


def _created_changes(*, credit_code: str, values: dict, known: Purchaser | None, place) -> dict:
    """The history of a new registration: every detail given, from what was known of the
    firm (another edition's or delegation's registration) where that differs, else from
    nothing; then where it registers and who comes (``place``: the sub-delegation's and
    the lead agency's names, the attendees' labels)."""
    sub_delegation_label, lead_agency_label, attendee_labels = place
    differences = known_firm_differences(purchaser=known, data=values) if known else {}
    changes = {"credit_code": ["", credit_code]}
    for name in DETAILS:
        if name in differences:
            changes[name] = differences[name]
        elif _shown(name, values[name]):
            changes[name] = ["", _shown(name, values[name])]
    changes["sub_delegation"] = ["", sub_delegation_label]
    changes["lead_agency"] = ["", lead_agency_label]
    if attendee_labels:
        changes["attendees"] = {"added": attendee_labels}
    return changes


def _remember_latest(*, purchaser: Purchaser, registration: Registration) -> None:
    """Make the registration's details the firm's latest known ones, unless a later
    edition registered the firm: an older edition's registration never changes what a
    newer one would start from. Within an edition a firm has one registration."""
    later = Registration.objects.filter(
        purchaser=purchaser, edition__number__gt=registration.edition.number
    )
    if later.exists():
        return
    values = {name: _value(registration, name) for name in DETAILS}
    if _details_diff({name: _value(purchaser, name) for name in DETAILS}, values):
        Purchaser.objects.filter(pk=purchaser.pk).update(**values, updated_at=timezone.now())
