"""Writes to purchasers and registrations: the only place their state changes.

The registration page, the API, the carry-over, the review's resubmit and the spreadsheet
import (through :func:`registrations_create_drafts`, the bulk variant of
:func:`registration_save_draft`) all call these functions; none of them changes a
registration itself.

A registration keeps the firm's details as it registered them (the fields of
``FirmDetails`` on ``Registration``); the purchaser row is the firm's identity, its credit
code, and keeps the latest known details to start a new registration from. A write to one
registration never changes what another registration registered.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.capabilities import check
from delegations.models import Edition, LeadAgency, SubDelegation
from delegations.permissions import sub_delegations_visible_to
from delegations.selectors import working_edition

from .. import bulk
from ..models import Attendee, Purchaser, Registration, RegistrationEvent, mask_phone
from ..permissions import EDITABLE_STATUSES, registrations_owned_by
from .duplicates import (
    PUBLIC_DUPLICATE_ATTENDEE,
    PUBLIC_DUPLICATE_FIRM,
    attendees_by_id,
    duplicate_attendee_message,
    duplicate_firm_message,
    registrations_by_credit_code,
)

Status = Registration.Status

PURCHASER_FIELDS = [
    "credit_code",
    "name",
    "kind",
    "industry",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
]
# Every detail of the firm a registration keeps; those not on the forms (the English name,
# the region) start from the latest known details and are carried over.
FIRM_FIELDS = [
    "name",
    "name_en",
    "kind",
    "industry",
    "region",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
]
# What is known of a firm across registrations: its own facts, not whom to call there.
KNOWN_FIELDS = ["name", "name_en", "kind", "industry", "region", "address"]
ATTENDEE_FIELDS = ["name", "id_type", "id_number", "phone", "email", "title"]
# What a registration needs before it can go to review (a draft needs a code and a name).
REQUIRED_TO_SUBMIT = ["credit_code", "name", "kind", "contact_name", "contact_phone"]


class RegistrationError(Exception):
    """Why a registration cannot be saved or submitted, said where the user will look:
    ``fields`` by purchaser field, ``attendees`` by row index then field."""

    def __init__(
        self,
        messages: list[str] | None = None,
        *,
        fields: dict[str, list[str]] | None = None,
        attendees: dict[int, dict[str, list[str]]] | None = None,
    ):
        self.messages = list(messages or [])
        self.fields = dict(fields or {})
        self.attendees = dict(attendees or {})
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = list(self.messages)
        parts += [m for msgs in self.fields.values() for m in msgs]
        parts += [m for row in self.attendees.values() for msgs in row.values() for m in msgs]
        return " ".join(parts)

    def add_attendee_error(self, index: int, name: str, message: str) -> None:
        self.attendees.setdefault(index, {}).setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.messages or self.fields or self.attendees)


def record_event(
    *,
    registration: Registration,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    changes: dict | None = None,
) -> RegistrationEvent:
    """Append an entry to the registration's history. Call inside the change's transaction."""
    return RegistrationEvent.objects.create(
        registration=registration,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changes=changes or {},
    )


def record_events(events: list[RegistrationEvent]) -> list[RegistrationEvent]:
    """``record_event`` for many registrations at once: one statement for any number."""
    return RegistrationEvent.objects.bulk_create(events)


def current_edition(*, user=None) -> Edition | None:
    """The edition registrations are taken for: the one the user works in
    (``delegations.selectors.working_edition``)."""
    if user is None:
        return Edition.objects.order_by("-number").first()
    return working_edition(user=user)


def _masked(id_number: str) -> str:
    # The attendee's own masking, without building a model instance per row of an import.
    return Attendee.masked_id_number.fget(SimpleNamespace(id_number=id_number))


def _attendee_label(data: dict) -> str:
    return f"{data.get('name', '')} {_masked(data.get('id_number', ''))}".strip()


def _owned(by, via) -> QuerySet[Registration]:
    """What ``by`` may change: their unit's registrations, or (a firm's confirmed contact
    registering through invitation ``via``) only the one they registered through it."""
    if via is None:
        return registrations_owned_by(by)
    return Registration.objects.select_related(
        "purchaser", "sub_delegation__delegation__edition", "lead_agency", "unit"
    ).filter(invitation=via, registered_by=by)


def _place(
    *, by, sub_delegation: SubDelegation, lead_agency: LeadAgency | None, via=None
) -> tuple[SubDelegation, LeadAgency]:
    """The sub-delegation (in the user's scope) and the lead agency the purchaser counts for.

    Through an invitation (``via``) the place is the invitation's, whoever registers.
    """
    if via is not None:
        sub_delegation, lead_agency = via.sub_delegation, via.lead_agency
    elif not sub_delegations_visible_to(by).filter(pk=sub_delegation.pk).exists():
        raise RegistrationError(
            fields={"sub_delegation": [_("Choose one of your sub-delegations.")]}
        )
    if not sub_delegation.delegation.registration_open:
        raise RegistrationError(
            fields={
                "sub_delegation": [
                    _("The delegation office has not opened registration for this edition yet.")
                ]
            }
        )
    agencies = list(sub_delegation.lead_agencies.all())
    if lead_agency is None and len(agencies) == 1:
        lead_agency = agencies[0]
    if lead_agency is None or lead_agency.pk not in {a.pk for a in agencies}:
        raise RegistrationError(
            fields={"lead_agency": [_("Choose the lead agency this purchaser counts towards.")]}
        )
    return sub_delegation, lead_agency


def _check_duplicates(
    *,
    by,
    edition: Edition,
    credit_code: str,
    attendees: list[dict],
    registration_pk: int | None,
    public: bool = False,
) -> None:
    """Refuse a firm or a person already registered this edition, saying where; in public
    (a firm registering itself through an invitation) saying only that it is."""
    errors = RegistrationError()
    if credit_code:
        existing = registrations_by_credit_code(
            edition=edition, credit_codes=[credit_code], exclude_pk=registration_pk
        ).get(credit_code)
        if existing:
            errors.fields["credit_code"] = [
                str(PUBLIC_DUPLICATE_FIRM)
                if public
                else duplicate_firm_message(registration=existing, user=by)
            ]
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(attendees):
        key = (row["id_type"], row["id_number"])
        if key in seen:
            errors.add_attendee_error(
                index,
                "id_number",
                _("This ID number is already on this registration (row %(row)d).")
                % {"row": seen[key] + 1},
            )
        else:
            seen[key] = index
    elsewhere = attendees_by_id(
        edition=edition, ids=list(seen), exclude_registration_pk=registration_pk
    )
    for key, attendee in elsewhere.items():
        errors.add_attendee_error(
            seen[key],
            "id_number",
            str(PUBLIC_DUPLICATE_ATTENDEE)
            if public
            else duplicate_attendee_message(attendee=attendee, user=by),
        )
    if errors:
        raise errors


def check_duplicates(
    *,
    edition: Edition,
    purchaser: dict,
    attendees: list[dict],
    public: bool = True,
    by=None,
    registration_pk: int | None = None,
) -> None:
    """The write path's duplicate rule, asked before anything is written (a firm's own
    form checks it before sending a code): raises ``RegistrationError``."""
    _check_duplicates(
        by=by,
        edition=edition,
        credit_code=purchaser.get("credit_code", ""),
        attendees=attendees,
        registration_pk=registration_pk,
        public=public,
    )


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
    return getattr(obj, name) if name != "region" else obj.region


def _firm_values(*, data: dict, start) -> dict:
    """The firm's details for a registration: what ``data`` gives, the rest from ``start``
    (the registration as it is, or the firm's latest known details), else empty.

    From the latest known details only the firm's own facts are taken, never its contacts:
    whom another delegation calls at the firm is that registration's personal data.
    """
    values = {}
    for name in FIRM_FIELDS:
        if name in data:
            value = data[name]
        elif start is not None and (name in KNOWN_FIELDS or isinstance(start, Registration)):
            value = _value(start, name)
        else:
            value = None
        values[name] = value if name == "region" else (value or "")
    return values


def _shown(name: str, value) -> str:
    """A detail as the history keeps it: text (a region by its code)."""
    if name == "region":
        return getattr(value, "code", value) or ""
    return value or ""


def _details_diff(before: dict, after: dict) -> dict:
    return {
        name: [_shown(name, before[name]), _shown(name, after[name])]
        for name in FIRM_FIELDS
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
    for name in FIRM_FIELDS:
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
    values = {name: _value(registration, name) for name in FIRM_FIELDS}
    if _details_diff({name: _value(purchaser, name) for name in FIRM_FIELDS}, values):
        Purchaser.objects.filter(pk=purchaser.pk).update(**values, updated_at=timezone.now())


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
        values = {name: row.get(name) or "" for name in ATTENDEE_FIELDS}
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


def _raise_duplicate_from_race(
    *, by, edition, data, attendees, registration_pk, public: bool = False
) -> None:
    """After a unique constraint fired, find what collided and say it like the check does."""
    _check_duplicates(
        by=by,
        edition=edition,
        credit_code=data.get("credit_code", ""),
        attendees=attendees,
        registration_pk=registration_pk,
        public=public,
    )


@transaction.atomic
def registration_save_draft(
    *,
    by,
    sub_delegation: SubDelegation,
    purchaser: dict,
    attendees: list[dict],
    lead_agency: LeadAgency | None = None,
    registration: Registration | None = None,
    via=None,
) -> Registration:
    """Create or update a registration while its unit may still change it.

    ``purchaser`` holds the firm's fields (cleaned by ``PurchaserForm``): a draft needs at
    least the credit code, since that is what says whether the firm is already registered,
    and a name to find it again by. ``attendees`` are cleaned ``AttendeeForm`` rows; the
    registration ends with exactly these. A new registration starts as a draft; a returned
    one stays returned until it is submitted again.

    ``via`` is the invitation through which a firm registers itself: ``by`` is then the
    firm's confirmed contact (no role, no unit), the place is the invitation's, the
    registering unit the one that invited, and duplicates are named without saying where
    (``purchasers.invitations.services`` has checked that the link may be used).
    """
    if via is None:
        check(by, "registrations.create")
    if not purchaser.get("credit_code") or not purchaser.get("name"):
        raise RegistrationError(
            fields={
                name: [_("A draft needs at least the credit code and the name.")]
                for name in ("credit_code", "name")
                if not purchaser.get(name)
            }
        )
    sub_delegation, lead_agency = _place(
        by=by, sub_delegation=sub_delegation, lead_agency=lead_agency, via=via
    )
    edition = sub_delegation.delegation.edition
    locked = None
    if registration is not None:
        locked = _owned(by, via).select_for_update(of=("self",)).get(pk=registration.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise RegistrationError(
                messages=[
                    _("This registration is %(status)s: it can no longer be changed.")
                    % {"status": locked.get_status_display()}
                ]
            )
        if (
            locked.status != Status.DRAFT
            and purchaser["credit_code"] != locked.purchaser.credit_code
        ):
            raise RegistrationError(
                fields={
                    "credit_code": [
                        _(
                            "The credit code cannot change once the registration has been "
                            "submitted: register the other firm separately."
                        )
                    ]
                }
            )
    registration_pk = locked.pk if locked else None
    _check_duplicates(
        by=by,
        edition=edition,
        credit_code=purchaser["credit_code"],
        attendees=attendees,
        registration_pk=registration_pk,
        public=via is not None,
    )
    try:
        # A savepoint, so that a constraint fired by a concurrent registration can be
        # turned into the same message as the check above.
        with transaction.atomic():
            return _write(
                by=by,
                locked=locked,
                sub_delegation=sub_delegation,
                lead_agency=lead_agency,
                purchaser=purchaser,
                attendees=attendees,
                via=via,
            )
    except IntegrityError:
        _raise_duplicate_from_race(
            by=by,
            edition=edition,
            data=purchaser,
            attendees=attendees,
            registration_pk=registration_pk,
            public=via is not None,
        )
        raise


def _write(
    *, by, locked, sub_delegation, lead_agency, purchaser, attendees, via=None
) -> Registration:
    known = (
        Purchaser.objects.select_related("region")
        .filter(credit_code=purchaser["credit_code"])
        .first()
    )
    firm = known or _purchaser_for(data=purchaser)
    if locked is None:
        values = _firm_values(data=purchaser, start=known)
        registration = Registration(
            purchaser=firm,
            sub_delegation=sub_delegation,
            lead_agency=lead_agency,
            unit=via.unit if via is not None else by.unit,
            registered_by=by,
            invitation=via,
            **values,
        )
        registration.save()
        action = "created"
        changes = _created_changes(
            credit_code=firm.credit_code,
            values=values,
            known=known,
            place=(sub_delegation.display_name, str(lead_agency), []),
        )
    else:
        registration = locked
        action = "updated"
        before = {name: _value(registration, name) for name in FIRM_FIELDS}
        changes = {}
        if registration.purchaser_id != firm.pk:
            # Another credit code is another firm: what is not given starts from what is
            # known of that firm, not from the firm this draft was about.
            changes["credit_code"] = [registration.purchaser.credit_code, firm.credit_code]
            registration.purchaser = firm
            values = _firm_values(data=purchaser, start=known)
        else:
            values = _firm_values(data=purchaser, start=registration)
        changes.update(_details_diff(before, values))
        for name, value in values.items():
            setattr(registration, name, value)
        if registration.sub_delegation_id != sub_delegation.pk:
            changes["sub_delegation"] = [
                registration.sub_delegation.display_name,
                sub_delegation.display_name,
            ]
            registration.sub_delegation = sub_delegation
        if registration.lead_agency_id != lead_agency.pk:
            changes["lead_agency"] = [str(registration.lead_agency), str(lead_agency)]
            registration.lead_agency = lead_agency
        registration.save()
    attendee_changes = _sync_attendees(registration=registration, rows=attendees)
    if attendee_changes:
        changes["attendees"] = attendee_changes
    if changes or action == "created":
        record_event(
            registration=registration,
            actor=by,
            action=action,
            from_status="" if action == "created" else registration.status,
            to_status=registration.status,
            changes=changes,
        )
    _remember_latest(purchaser=firm, registration=registration)
    return registration


@dataclass
class Draft:
    """One registration to create in bulk: the firm's cleaned fields (with its credit code),
    its cleaned attendee rows, and the spreadsheet row it came from, if any."""

    purchaser: dict
    attendees: list[dict]
    row: int | None = None


def _check_duplicates_in_bulk(*, by, edition: Edition, drafts: list[Draft]) -> None:
    """The rules of :func:`_check_duplicates` for many registrations at once, in two queries:
    no firm and no person twice, in the batch or already this edition."""
    errors = RegistrationError()
    codes: dict[str, int] = {}
    people: dict[tuple[str, str], int] = {}
    for index, draft in enumerate(drafts):
        code = draft.purchaser["credit_code"]
        if code in codes:
            errors.messages.append(
                _("%(code)s: the same firm is twice in this batch.") % {"code": code}
            )
        codes.setdefault(code, index)
        for row in draft.attendees:
            key = (row.get("id_type") or Attendee.IdType.RESIDENT_ID, row["id_number"])
            if key in people:
                errors.messages.append(
                    _("%(who)s: the same person is twice in this batch.")
                    % {"who": _attendee_label(row)}
                )
            people.setdefault(key, index)
    for code, registration in registrations_by_credit_code(
        edition=edition, credit_codes=list(codes)
    ).items():
        errors.messages.append(
            f"{code}: {duplicate_firm_message(registration=registration, user=by)}"
        )
    for _key, attendee in attendees_by_id(edition=edition, ids=list(people)).items():
        errors.messages.append(
            f"{_masked(attendee.id_number)}: "
            f"{duplicate_attendee_message(attendee=attendee, user=by)}"
        )
    if errors:
        raise errors


@transaction.atomic
def registrations_create_drafts(
    *,
    by,
    sub_delegation: SubDelegation,
    lead_agency: LeadAgency | None,
    drafts: list[Draft],
    action: str = "created",
) -> list[Registration]:
    """:func:`registration_save_draft` for many new registrations at once (the spreadsheet
    import): the same fields, the same duplicate rules and the same history entry per
    registration, in a few statements whatever the number. All or nothing.

    A firm already known (from another edition or delegation) keeps its purchaser row; each
    new registration has its own details, and its history shows how they differ from what
    was known. ``action`` names the history entry (``"imported"`` for a sheet).
    """
    check(by, "registrations.create")
    sub_delegation, lead_agency = _place(
        by=by, sub_delegation=sub_delegation, lead_agency=lead_agency
    )
    edition = sub_delegation.delegation.edition
    _check_duplicates_in_bulk(by=by, edition=edition, drafts=drafts)
    codes = [draft.purchaser["credit_code"] for draft in drafts]
    known = Purchaser.objects.select_related("region").in_bulk(codes, field_name="credit_code")
    new = [
        Purchaser(credit_code=code, **_firm_values(data=draft.purchaser, start=None))
        for code, draft in zip(codes, drafts, strict=True)
        if code not in known
    ]
    Purchaser.objects.bulk_create(new, batch_size=1000)
    firms = {**known, **{p.credit_code: p for p in new}}

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
            status=Status.DRAFT,
            **firm,
        )
        for code, firm in zip(codes, values, strict=True)
    ]
    # bulk_create skips Registration.save(), which copies the edition: set above.
    Registration.objects.bulk_create(registrations, batch_size=1000)
    attendees, events = [], []
    place = (sub_delegation.display_name, str(lead_agency))  # str() of an agency queries
    for code, firm, draft, registration in zip(codes, values, drafts, registrations, strict=True):
        labels = []
        for row in draft.attendees:
            person = {name: row.get(name) or "" for name in ATTENDEE_FIELDS}
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
            RegistrationEvent(
                registration=registration,
                actor=by,
                action=action,
                to_status=Status.DRAFT,
                changes=changes,
            )
        )
    Attendee.objects.bulk_create(attendees, batch_size=1000)
    RegistrationEvent.objects.bulk_create(events, batch_size=1000)

    # The firms known before become known as this edition registered them, unless a later
    # edition registered them (as :func:`_remember_latest` does for one).
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
        if _details_diff({name: _value(purchaser, name) for name in FIRM_FIELDS}, firm):
            for name, value in firm.items():
                setattr(purchaser, name, value)
            purchaser.updated_at = timezone.now()
            refreshed.append(purchaser)
    if refreshed:
        Purchaser.objects.bulk_update(refreshed, [*FIRM_FIELDS, "updated_at"], batch_size=1000)
    return registrations


class FormCheck:
    """One form re-bound for each row: the page's validators at list speed (building a form
    deep-copies its fields, most of what a check costs)."""

    def __init__(self, form_class):
        self.form = form_class(data={})

    def errors(self, data: dict):
        # The form's instance is kept: every check writes all the form's fields onto it.
        form = self.form
        form.data, form._errors = data, None
        if hasattr(form, "cleaned_data"):
            del form.cleaned_data
        return form.errors


def completeness_checks() -> tuple[FormCheck, FormCheck]:
    from .forms import AttendeeForm, PurchaserForm

    return FormCheck(PurchaserForm), FormCheck(AttendeeForm)


def registration_missing(
    registration: Registration, *, checks: tuple[FormCheck, FormCheck] | None = None
) -> list[str]:
    """What still has to be filled in before the registration can go to review.

    ``checks`` (from :func:`completeness_checks`) lets many registrations share two forms.
    """
    purchaser_check, attendee_check = checks or completeness_checks()
    missing = []
    errors = purchaser_check.errors(
        {name: getattr(registration, name) for name in PURCHASER_FIELDS}
    )
    fields = purchaser_check.form.fields
    for name, messages in errors.items():
        label = fields[name].label if name in fields else name
        missing += [f"{label}: {error}" for error in messages]
    attendees = list(registration.attendees.all())
    if not attendees:
        missing.append(_("Add at least one attendee."))
    fields = attendee_check.form.fields
    for attendee in attendees:
        errors = attendee_check.errors({name: getattr(attendee, name) for name in ATTENDEE_FIELDS})
        for name, messages in errors.items():
            missing += [f"{attendee.name} · {fields[name].label}: {e}" for e in messages]
    return missing


def _submit_refusal(registration: Registration, checks=None) -> list[str]:
    """Why this registration cannot be submitted, or nothing: one rule for one or many."""
    if registration.status not in EDITABLE_STATUSES:
        return [
            _("This registration is %(status)s: it cannot be submitted again.")
            % {"status": registration.get_status_display()}
        ]
    missing = registration_missing(registration, checks=checks)
    if missing:
        return [_("Complete the registration before submitting it.")] + missing
    return []


def _apply_submit(rows: list[Registration], *, by) -> list[Registration]:
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=Status.SUBMITTED, updated_at=now
    )
    events = []
    for registration in rows:
        before = registration.status
        registration.status, registration.updated_at = Status.SUBMITTED, now
        events.append(
            RegistrationEvent(
                registration=registration,
                actor=by,
                action="resubmitted" if before == Status.RETURNED else "submitted",
                from_status=before,
                to_status=Status.SUBMITTED,
            )
        )
    record_events(events)
    return rows


@transaction.atomic
def registration_submit(*, registration: Registration, by, via=None) -> Registration:
    """Send a complete draft, or a corrected returned registration, to the lead agency.

    ``via``: a firm's confirmed contact submitting what they registered through an
    invitation (see :func:`registration_save_draft`)."""
    if via is None:
        check(by, "registrations.submit")
    locked = _owned(by, via).select_for_update(of=("self",)).get(pk=registration.pk)
    refusal = _submit_refusal(locked)
    if refusal:
        raise RegistrationError(messages=refusal)
    return _apply_submit([locked], by=by)[0]


@transaction.atomic
def registrations_submit_bulk(*, registration_ids, by) -> list[Registration]:
    """Submit many at once with the single submit's rules (still editable, complete), all
    or nothing: ``BulkRefused`` names each one that cannot go and why. An id that is not
    the user's unit's raises ``Registration.DoesNotExist`` (answer 404) and nothing moves.
    """
    check(by, "registrations.submit")
    try:
        ids = bulk.selection(registration_ids)
    except bulk.EmptySelection as error:
        raise RegistrationError(messages=[str(error)]) from None
    locked = list(
        registrations_owned_by(by)
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .prefetch_related("attendees")
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise Registration.DoesNotExist
    checks = completeness_checks()
    reasons = [
        (r.name, " ".join(refusal)) for r in locked if (refusal := _submit_refusal(r, checks))
    ]
    if reasons:
        raise bulk.BulkRefused(reasons)
    return _apply_submit(locked, by=by)


def registrations_submittable(registrations) -> tuple[list[Registration], list[tuple]]:
    """Of these (prefetched with attendees), the complete drafts, and the others with what
    each one misses: what "submit all matching the filter" would send and leave."""
    ready, left = [], []
    checks = completeness_checks()
    for registration in registrations:
        if registration.status not in EDITABLE_STATUSES:
            continue
        missing = registration_missing(registration, checks=checks)
        if missing:
            left.append((registration, "; ".join(missing)))
        else:
            ready.append(registration)
    return ready, left


@dataclass
class CarryOverResult:
    created: list[Registration] = field(default_factory=list)
    skipped: list[tuple[Registration, str]] = field(default_factory=list)


def registrations_carry_over(
    *, by, choices: list[tuple[Registration, LeadAgency]]
) -> CarryOverResult:
    """Register again, as drafts for this edition, purchasers the user's unit registered in
    the previous one, with their data and attendees filled in.

    ``choices`` pairs each earlier registration with the lead agency (of this edition) it is to
    count towards. A firm already registered this edition, or one whose attendees are, is
    skipped with the reason; each draft is written in its own savepoint, so one refusal does
    not undo the others.
    """
    check(by, "registrations.create")
    result = CarryOverResult()
    for previous, lead_agency in choices:
        if previous.unit_id != by.unit_id:
            raise PermissionDenied
        # The firm as this unit registered it last edition, not as anyone else did since.
        data = {"credit_code": previous.credit_code}
        data.update({name: _value(previous, name) for name in FIRM_FIELDS})
        attendees = [
            {name: getattr(a, name) for name in ATTENDEE_FIELDS} for a in previous.attendees.all()
        ]
        try:
            registration = registration_save_draft(
                by=by,
                sub_delegation=lead_agency.sub_delegation,
                lead_agency=lead_agency,
                purchaser=data,
                attendees=attendees,
            )
        except RegistrationError as error:
            result.skipped.append((previous, str(error)))
            continue
        record_event(
            registration=registration,
            actor=by,
            action="carried_over",
            changes={"edition": [str(previous.edition), str(registration.edition)]},
        )
        result.created.append(registration)
    return result
