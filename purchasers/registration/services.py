"""Writes to purchasers and registrations: the only place their state changes.

The registration page, the API, the carry-over, the review's resubmit and the spreadsheet
import (through ``drafts.registrations_create_drafts``, the bulk variant of
:func:`registration_save_draft`) all call these functions; none of them changes a
registration itself. The rules they apply live beside them: ``firms`` (the firm's details),
``attendees``, ``duplicates``, ``completeness``.

A registration keeps the firm's details as it registered them (the fields of
``FirmDetails`` on ``Registration``); the purchaser row is the firm's identity, its credit
code, and keeps the latest known details to start a new registration from. A write to one
registration never changes what another registration registered.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.audit.models import EventKind
from delegations.audit.services import entry, record, record_many
from delegations.capabilities import check
from delegations.models import Edition, LeadAgency, SubDelegation
from delegations.permissions import sub_delegations_visible_to
from delegations.setup.selectors import working_edition

from .. import bulk
from ..models import Purchaser, Registration, RegistrationEvent
from ..permissions import EDITABLE_STATUSES, registrations_owned_by
from .attendees import _sync_attendees
from .completeness import _submit_refusal, completeness_checks
from .duplicates import _check_duplicates, _raise_duplicate_from_race
from .errors import RegistrationError
from .fields import ATTENDEE_FIELDS
from .firms import (
    DETAILS,
    RELATED_FIELDS,
    _created_changes,
    _details_diff,
    _firm_values,
    _purchaser_for,
    _remember_latest,
    _value,
)


def current_edition(*, user=None) -> Edition | None:
    """The edition registrations are taken for: the one the user works in
    (``delegations.setup.selectors.working_edition``)."""
    if user is None:
        return Edition.objects.order_by("-number").first()
    return working_edition(user=user)


def _changeable_by(by, via) -> QuerySet[Registration]:
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


def _require_code_and_name(purchaser: dict) -> None:
    if not purchaser.get("credit_code") or not purchaser.get("name"):
        raise RegistrationError(
            fields={
                name: [_("A draft needs at least the credit code and the name.")]
                for name in ("credit_code", "name")
                if not purchaser.get(name)
            }
        )


def _lock_editable(*, by, via, registration: Registration, purchaser: dict) -> Registration:
    """The registration locked, if its unit may still change it as ``purchaser`` would."""
    locked = _changeable_by(by, via).select_for_update(of=("self",)).get(pk=registration.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise RegistrationError(
            messages=[
                _("This registration is %(status)s: it can no longer be changed.")
                % {"status": locked.get_status_display()}
            ]
        )
    if (
        locked.status != Registration.Status.DRAFT
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
    return locked


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
    _require_code_and_name(purchaser)
    sub_delegation, lead_agency = _place(
        by=by, sub_delegation=sub_delegation, lead_agency=lead_agency, via=via
    )
    edition = sub_delegation.delegation.edition
    locked = None
    if registration is not None:
        locked = _lock_editable(by=by, via=via, registration=registration, purchaser=purchaser)
    # The same duplicate rule before writing and after a concurrent write collided.
    duplicates = {
        "by": by,
        "edition": edition,
        "attendees": attendees,
        "registration_pk": locked.pk if locked else None,
        "public": via is not None,
    }
    _check_duplicates(credit_code=purchaser["credit_code"], **duplicates)
    try:
        # A savepoint, so that a constraint fired by a concurrent registration can be
        # turned into the same message as the check above.
        with transaction.atomic():
            return _write_registration(
                by=by,
                locked=locked,
                sub_delegation=sub_delegation,
                lead_agency=lead_agency,
                purchaser=purchaser,
                attendees=attendees,
                via=via,
            )
    except IntegrityError:
        _raise_duplicate_from_race(data=purchaser, **duplicates)
        raise


def _update(
    registration: Registration, *, firm, known, purchaser, sub_delegation, lead_agency
) -> dict:
    """Change the locked registration to these details and this place; say what changed."""
    before = {name: _value(registration, name) for name in DETAILS}
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
    return changes


def _write_registration(
    *, by, locked, sub_delegation, lead_agency, purchaser, attendees, via=None
) -> Registration:
    known = (
        Purchaser.objects.select_related(*RELATED_FIELDS)
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
        kind = EventKind.CREATED
        changes = _created_changes(
            credit_code=firm.credit_code,
            values=values,
            known=known,
            place=(sub_delegation.display_name, str(lead_agency), []),
        )
    else:
        registration = locked
        kind = EventKind.UPDATED
        changes = _update(
            registration,
            firm=firm,
            known=known,
            purchaser=purchaser,
            sub_delegation=sub_delegation,
            lead_agency=lead_agency,
        )
    attendee_changes = _sync_attendees(registration=registration, rows=attendees)
    if attendee_changes:
        changes["attendees"] = attendee_changes
    if changes or kind == EventKind.CREATED:
        record(
            RegistrationEvent,
            registration=registration,
            by=by,
            kind=kind,
            from_status="" if kind == EventKind.CREATED else registration.status,
            to_status=registration.status,
            changes=changes,
        )
    _remember_latest(purchaser=firm, registration=registration)
    return registration


def _apply_submit(rows: list[Registration], *, by) -> list[Registration]:
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=Registration.Status.SUBMITTED, updated_at=now
    )
    events = []
    for registration in rows:
        before = registration.status
        registration.status, registration.updated_at = Registration.Status.SUBMITTED, now
        events.append(
            entry(
                RegistrationEvent,
                registration=registration,
                by=by,
                kind=EventKind.RESUBMITTED
                if before == Registration.Status.RETURNED
                else EventKind.SUBMITTED,
                from_status=before,
                to_status=Registration.Status.SUBMITTED,
            )
        )
    record_many(events)
    return rows


@transaction.atomic
def registration_submit(*, registration: Registration, by, via=None) -> Registration:
    """Send a complete draft, or a corrected returned registration, to the lead agency.

    ``via``: a firm's confirmed contact submitting what they registered through an
    invitation (see :func:`registration_save_draft`)."""
    if via is None:
        check(by, "registrations.submit")
    locked = _changeable_by(by, via).select_for_update(of=("self",)).get(pk=registration.pk)
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
        data.update({name: _value(previous, name) for name in DETAILS})
        attendees = [
            {name: getattr(a, name) for name in ATTENDEE_FIELDS.names}
            for a in previous.attendees.all()
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
        record(
            RegistrationEvent,
            registration=registration,
            by=by,
            kind=EventKind.CARRIED_OVER,
            changes={"edition": [str(previous.edition), str(registration.edition)]},
        )
        result.created.append(registration)
    return result
