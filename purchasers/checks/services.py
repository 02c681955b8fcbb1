"""Checks by other departments: market regulation on the firm's credit record, public
security on each attendee's background; one verdict from the review page, many from the
checker's list or the bureau's returned sheet, all or nothing."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.audit.models import EventKind
from delegations.audit.services import entry, record_many
from delegations.capabilities import check

from .. import bulk
from ..models import Attendee, CheckStatus, Registration, RegistrationEvent
from ..permissions import NotInScope, registrations_visible_to
from ..review.services import (
    ReviewError,
    _ids,
    _lock_all,
    _require,
    _require_all_in_scope,
)


def _check_status(status: str, note: str) -> tuple[str, str]:
    if status not in CheckStatus.values:
        raise ReviewError(_("Unknown check status."))
    note = (note or "").strip()
    if status == CheckStatus.FAILED and not note:
        raise ReviewError(_("Say why the check failed."))
    return status, note


@transaction.atomic
def registration_set_credit_check(
    *, registration: Registration, by, status: str, note: str = ""
) -> Registration:
    """Market regulation's verdict on the firm's credit record."""
    _require(by, "checks.set_credit", registration)
    status, note = _check_status(status, note)
    return registrations_set_credit_checks(verdicts=[(registration.pk, status, note)], by=by)[0]


@transaction.atomic
def registrations_set_credit_checks(
    *, verdicts: Iterable[tuple[int, str, str]], by
) -> list[Registration]:
    """Market regulation's verdicts on many firms at once, each (registration id, status,
    note): from a list's selection or a returned sheet. All or nothing."""
    check(by, "checks.set_credit")
    wanted = {int(pk): (status, note) for pk, status, note in verdicts}
    ids = _ids(wanted)
    _require_all_in_scope(ids=ids, scope=registrations_visible_to(by))
    locked = _lock_all(ids=ids)
    reasons = []
    for registration in locked:
        try:
            wanted[registration.pk] = _check_status(*wanted[registration.pk])
        except ReviewError as error:
            reasons.append((registration.name, str(error)))
    if reasons:
        raise bulk.BulkRefused(reasons)
    now = timezone.now()
    events = []
    for registration in locked:
        before = registration.credit_check
        status, note = wanted[registration.pk]
        registration.credit_check, registration.credit_check_note = status, note
        registration.credit_check_by, registration.credit_check_at = by, now
        registration.updated_at = now
        events.append(
            entry(
                RegistrationEvent,
                registration=registration,
                by=by,
                kind=EventKind.CREDIT_CHECK,
                reason=note,
                changes={"credit_check": [before, status]},
            )
        )
    bulk.update_each(
        Registration,
        locked,
        ["credit_check", "credit_check_note", "credit_check_by", "credit_check_at", "updated_at"],
    )
    record_many(events)
    return locked


@transaction.atomic
def attendee_set_background_check(
    *, attendee: Attendee, by, status: str, note: str = ""
) -> Attendee:
    """Public security's verdict on one attendee."""
    _require(by, "checks.set_background", attendee.registration)
    status, note = _check_status(status, note)
    return attendees_set_background_checks(verdicts=[(attendee.pk, status, note)], by=by)[0]


def _lock_attendees(*, ids: list[int], by) -> tuple[dict[int, Registration], list[Attendee]]:
    """The attendees' registrations locked, then the attendees; any attendee outside the
    checker's scope voids the request."""
    visible = Attendee.objects.filter(
        pk__in=ids, registration__in=registrations_visible_to(by).values("pk")
    )
    if visible.count() != len(ids):
        raise NotInScope
    # The registrations first, as the single check and the review transitions lock them.
    registrations = {
        r.pk: r
        for r in _lock_all(
            ids=list(
                Attendee.objects.filter(pk__in=ids)
                .values_list("registration_id", flat=True)
                .distinct()
            )
        )
    }
    locked = list(Attendee.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    return registrations, locked


@transaction.atomic
def attendees_set_background_checks(
    *, verdicts: Iterable[tuple[int, str, str]], by
) -> list[Attendee]:
    """Public security's verdicts on many attendees at once, each (attendee id, status,
    note). All or nothing; any attendee outside the checker's scope voids the request."""
    check(by, "checks.set_background")
    wanted = {int(pk): (status, note) for pk, status, note in verdicts}
    ids = _ids(wanted)
    registrations, locked = _lock_attendees(ids=ids, by=by)
    reasons = []
    for attendee in locked:
        attendee.registration = registrations[attendee.registration_id]
        try:
            wanted[attendee.pk] = _check_status(*wanted[attendee.pk])
        except ReviewError as error:
            label = f"{attendee.name} · {attendee.registration.name}"
            reasons.append((label, str(error)))
    if reasons:
        raise bulk.BulkRefused(reasons)
    now = timezone.now()
    events = []
    for attendee in locked:
        before = attendee.background_check
        status, note = wanted[attendee.pk]
        attendee.background_check, attendee.background_check_note = status, note
        attendee.background_check_by, attendee.background_check_at = by, now
        events.append(
            entry(
                RegistrationEvent,
                registration=attendee.registration,
                by=by,
                kind=EventKind.BACKGROUND_CHECK,
                reason=note,
                changes={"background_check": [before, status], "attendee": attendee.name},
            )
        )
    bulk.update_each(
        Attendee,
        locked,
        [
            "background_check",
            "background_check_note",
            "background_check_by",
            "background_check_at",
        ],
    )
    record_many(events)
    return locked
