"""Many new registrations at once (the spreadsheet import): the single draft's fields,
duplicate rules and history entry, in a few statements whatever the number."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from delegations.audit.models import EventKind
from delegations.audit.services import entry, record_many
from delegations.capabilities import check
from delegations.models import LeadAgency, SubDelegation

from ..models import Attendee, Purchaser, Registration, RegistrationEvent
from .attendees import _attendee_label
from .duplicates import _check_duplicates_in_bulk
from .fields import ATTENDEE_FIELDS
from .firms import DETAILS, RELATED_FIELDS, _created_changes, _details_diff, _firm_values, _value
from .services import _place


@dataclass
class Draft:
    """One registration to create in bulk: the firm's cleaned fields (with its credit code),
    its cleaned attendee rows, and the spreadsheet row it came from, if any."""

    purchaser: dict
    attendees: list[dict]
    row: int | None = None


@transaction.atomic
def registrations_create_drafts(
    *,
    by,
    sub_delegation: SubDelegation,
    lead_agency: LeadAgency | None,
    drafts: list[Draft],
    kind: str = EventKind.CREATED,
) -> list[Registration]:
    """:func:`registration_save_draft` for many new registrations at once (the spreadsheet
    import): the same fields, the same duplicate rules and the same history entry per
    registration, in a few statements whatever the number. All or nothing.

    A firm already known (from another edition or delegation) keeps its purchaser row; each
    new registration has its own details, and its history shows how they differ from what
    was known. ``kind`` names the history entry (``"imported"`` for a sheet).
    """
    check(by, "registrations.create")
    sub_delegation, lead_agency = _place(
        by=by, sub_delegation=sub_delegation, lead_agency=lead_agency
    )
    edition = sub_delegation.delegation.edition
    _check_duplicates_in_bulk(by=by, edition=edition, drafts=drafts)
    codes = [draft.purchaser["credit_code"] for draft in drafts]
    known, firms = _purchasers(codes=codes, drafts=drafts)
    values = [
        _firm_values(data=draft.purchaser, start=known.get(code))
        for code, draft in zip(codes, drafts, strict=True)
    ]
    registrations = [
        Registration(
            purchaser=firms[code],
            edition=edition,
            sub_delegation=sub_delegation,
            lead_agency=lead_agency,
            unit_id=by.unit_id,
            registered_by=by,
            status=Registration.Status.DRAFT,
            **firm,
        )
        for code, firm in zip(codes, values, strict=True)
    ]
    # bulk_create skips Registration.save(), which copies the edition: set above.
    Registration.objects.bulk_create(registrations, batch_size=1000)
    attendees, events = _attendees_and_history(
        by=by,
        kind=kind,
        edition=edition,
        place=(sub_delegation.display_name, str(lead_agency)),  # str() of an agency queries
        rows=zip(codes, values, drafts, registrations, strict=True),
        known=known,
    )
    Attendee.objects.bulk_create(attendees, batch_size=1000)
    record_many(events, batch_size=1000)
    _refresh_known(known=known, codes=codes, values=values, edition=edition)
    return registrations


def _purchasers(*, codes: list[str], drafts: list[Draft]) -> tuple[dict, dict]:
    """The firms known by these codes, and all of them once the unknown ones are created."""
    known = Purchaser.objects.select_related(*RELATED_FIELDS).in_bulk(
        codes, field_name="credit_code"
    )
    new = [
        Purchaser(credit_code=code, **_firm_values(data=draft.purchaser, start=None))
        for code, draft in zip(codes, drafts, strict=True)
        if code not in known
    ]
    Purchaser.objects.bulk_create(new, batch_size=1000)
    return known, {**known, **{p.credit_code: p for p in new}}


def _attendees_and_history(*, by, kind: str, edition, place: tuple, rows, known: dict):
    """The attendees of the new registrations and each registration's history entry, to be
    created in bulk; ``rows`` are (credit code, details, draft, registration)."""
    attendees, events = [], []
    for code, firm, draft, registration in rows:
        labels = []
        for row in draft.attendees:
            person = {name: row.get(name) or "" for name in ATTENDEE_FIELDS.names}
            person["id_type"] = person["id_type"] or Attendee.IdType.RESIDENT_ID
            attendees.append(Attendee(registration=registration, edition=edition, **person))
            labels.append(_attendee_label(person))
        changes = _created_changes(
            credit_code=code,
            values=firm,
            known=known.get(code),
            place=place + (labels,),
        )
        if draft.row is not None:
            changes["row"] = draft.row
        events.append(
            entry(
                RegistrationEvent,
                registration=registration,
                by=by,
                kind=kind,
                to_status=Registration.Status.DRAFT,
                changes=changes,
            )
        )
    return attendees, events


def _refresh_known(*, known: dict, codes: list[str], values: list[dict], edition) -> None:
    """The firms known before become known as this edition registered them, unless a later
    edition registered them (as :func:`_remember_latest` does for one)."""
    later = set(
        Registration.objects.filter(
            purchaser__in=[p.pk for p in known.values()], edition__number__gt=edition.number
        ).values_list("purchaser_id", flat=True)
    )
    refreshed = []
    for code, firm in zip(codes, values, strict=True):
        purchaser = known.get(code)
        if purchaser is None or purchaser.pk in later:
            continue
        if _details_diff({name: _value(purchaser, name) for name in DETAILS}, firm):
            for name, value in firm.items():
                setattr(purchaser, name, value)
            purchaser.updated_at = timezone.now()
            refreshed.append(purchaser)
    if refreshed:
        Purchaser.objects.bulk_update(refreshed, [*DETAILS, "updated_at"], batch_size=1000)
