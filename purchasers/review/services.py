"""Tiered review (多方邀请、统一登记、分级审核): the lead agency, then the delegation office.

The path of a registration: draft → submitted → lead_approved → reported; a lead may
return it for correction (→ returned, the registrant fixes and resubmits) or reject it, and
the office may send it back to the lead (→ submitted). Every transition locks the row, so
that two reviewers acting at once make exactly one change; the other is told who decided.
Each writes one history entry whose ``changes["tier"]`` says at which tier it happened.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue, enqueue_after_commit
from delegations.audit.models import EventKind
from delegations.audit.services import entry, record_many
from delegations.capabilities import check

from .. import bulk, tasks
from ..models import Attendee, CheckStatus, Notice, Registration, RegistrationEvent
from ..permissions import NotInScope, registrations_reviewable_by, registrations_visible_to
from ..registration.services import RegistrationError, registration_submit

LEAD_TIER = "lead"
OFFICE_TIER = "office"
REGISTRANT_TIER = "registrant"


class ReviewError(Exception):
    """A review action that cannot be done; the message is for the user."""


class AlreadyDecided(ReviewError):
    """Someone else moved the registration on first."""


def missing_checks(registration: Registration) -> list[str]:
    """What still keeps the office from reporting the registration, in words."""
    missing = []
    if registration.credit_check != CheckStatus.PASSED:
        missing.append(
            _("Credit check of %(firm)s: %(status)s")
            % {
                "firm": registration.name,
                "status": registration.get_credit_check_display(),
            }
        )
    for attendee in registration.attendees.all():
        if attendee.background_check != CheckStatus.PASSED:
            missing.append(
                _("Background check of %(person)s: %(status)s")
                % {"person": attendee.name, "status": attendee.get_background_check_display()}
            )
    return missing


# -- many at once: the same rules, all or nothing ------------------------------------------


def _ids(values: Iterable) -> list[int]:
    try:
        return bulk.selection(values)
    except bulk.EmptySelection as error:
        raise ReviewError(str(error)) from None


def _require_all_in_scope(*, ids: list[int], scope) -> None:
    """One id outside the scope voids the whole request, before anything is said of it."""
    if set(scope.filter(pk__in=ids).values_list("pk", flat=True)) != set(ids):
        raise NotInScope


def _lock_all(*, ids: list[int], with_attendees: bool = False) -> list[Registration]:
    # Locked apart from the scope query: PostgreSQL refuses FOR UPDATE with DISTINCT.
    qs = (
        Registration.objects.select_related("purchaser")
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if with_attendees:
        qs = qs.prefetch_related(Prefetch("attendees", queryset=Attendee.objects.order_by("pk")))
    return list(qs)


def _bulk_transition(
    *,
    ids: Iterable[int],
    by,
    scope,
    expected: Registration.Status,
    to: Registration.Status,
    kind: str,
    tier: str,
    reason: str = "",
    notify: str = "",
    check=None,
) -> list[Registration]:
    """The single transition's rule for each selected registration; if any cannot go
    through, ``BulkRefused`` says which and why and nothing changes."""
    ids = _ids(ids)
    _require_all_in_scope(ids=ids, scope=scope)
    locked = _lock_all(ids=ids, with_attendees=check is not None)
    reasons = []
    for registration in locked:
        if registration.status != expected:
            reasons.append(
                (
                    registration.name,
                    _("It is now “%(status)s”.") % {"status": registration.get_status_display()},
                )
            )
        elif check is not None and (missing := check(registration)):
            reasons.append(
                (
                    registration.name,
                    _("Missing: %(missing)s") % {"missing": "; ".join(missing)},
                )
            )
    if reasons:
        raise bulk.BulkRefused(reasons)
    return _apply_transition(
        locked, by=by, to=to, kind=kind, tier=tier, reason=reason, notify=notify
    )


def _decided_by(registration: Registration) -> str:
    event = (
        RegistrationEvent.objects.filter(registration=registration)
        .exclude(to_status="")
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    return event.actor.display_full_name if event else "?"


def _lock_in_scope(*, registration: Registration, by, scope) -> Registration:
    if not scope.filter(pk=registration.pk).exists():
        raise NotInScope
    # Locked apart from the scope query: PostgreSQL refuses FOR UPDATE with DISTINCT.
    return (
        Registration.objects.select_related("purchaser").select_for_update().get(pk=registration.pk)
    )


def _transition(
    *,
    locked: Registration,
    by,
    expected: Registration.Status,
    to: Registration.Status,
    kind: str,
    tier: str,
    reason: str = "",
    notify: str = "",
) -> Registration:
    if locked.status != expected:
        raise AlreadyDecided(
            _("Already decided by %(name)s: the registration is now “%(status)s”.")
            % {"name": _decided_by(locked), "status": locked.get_status_display()}
        )
    return _apply_transition(
        [locked], by=by, to=to, kind=kind, tier=tier, reason=reason, notify=notify
    )[0]


def _apply_transition(
    rows: list[Registration],
    *,
    by,
    to: Registration.Status,
    kind: str,
    tier: str,
    reason: str,
    notify: str,
) -> list[Registration]:
    """Move locked registrations on, with their history entries and notices: the same
    statements for one registration as for a thousand."""
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(status=to, updated_at=now)
    events = []
    for registration in rows:
        events.append(
            entry(
                RegistrationEvent,
                registration=registration,
                by=by,
                kind=kind,
                from_status=registration.status,
                to_status=to,
                reason=reason,
                changes={"tier": tier},
            )
        )
        registration.status, registration.updated_at = to, now
    record_many(events)
    if notify:
        _notify_many(rows, kind=notify, reason=reason, by=by)
    return rows


def _notify_many(rows: list[Registration], *, kind: str, reason: str, by) -> list[Notice]:
    """On-site notices now (rolled back with the change), the emails once it commits."""

    notices = Notice.objects.bulk_create(
        [
            Notice(
                recipient_id=r.registered_by_id, registration=r, kind=kind, reason=reason, actor=by
            )
            for r in rows
        ]
    )
    # A broker outage must not undo the review: the notices are kept, and the sweep
    # (notice_emails_sweep) queues their emails once the broker is back.
    for notice in notices:
        enqueue_after_commit(tasks.send_notice_email_task, kwargs={"notice_id": notice.pk})
    return notices


def notice_emails_sweep(*, now=None) -> int:
    """Queue the emails of notices still unsent NOTICE_EMAIL_SWEEP_AFTER_SECONDS after
    their change (the broker was down, or the task was lost); a notice that is sent twice
    over is not emailed twice (``send_notice_email`` locks the row). Notices older than
    NOTICE_EMAIL_GIVE_UP_DAYS are left alone."""

    now = now or timezone.now()
    unsent = Notice.objects.filter(
        emailed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(seconds=settings.NOTICE_EMAIL_SWEEP_AFTER_SECONDS),
        created_at__gte=now - datetime.timedelta(days=settings.NOTICE_EMAIL_GIVE_UP_DAYS),
    ).exclude(recipient__email="")
    return sum(
        enqueue(tasks.send_notice_email_task, kwargs={"notice_id": pk})
        for pk in unsent.values_list("pk", flat=True)
    )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Give a reason: the registrant will read it."))
    return reason


def _require(by, name: str, registration: Registration) -> None:
    """Outside the user's scope is ``NotInScope`` (404) whatever their role; inside it, a
    role that may not do this is refused with 403 (``PermissionDenied``)."""
    if not registrations_visible_to(by).filter(pk=registration.pk).exists():
        raise NotInScope
    check(by, name)


@dataclass(frozen=True)
class _Decision:
    """One review decision: who may take it, from which state to which, and the history
    entry and notice it writes. The page, the API and the bulk actions all take it here."""

    capability: str
    expected: Registration.Status
    to: Registration.Status
    kind: str
    tier: str
    notify: str = ""
    needs_reason: bool = False


LEAD_APPROVE = _Decision(
    "review.lead_decide",
    Registration.Status.SUBMITTED,
    Registration.Status.LEAD_APPROVED,
    EventKind.LEAD_APPROVED,
    LEAD_TIER,
    Notice.Kind.LEAD_APPROVED,
)
LEAD_REJECT = _Decision(
    "review.lead_decide",
    Registration.Status.SUBMITTED,
    Registration.Status.REJECTED,
    EventKind.REJECTED_BY_LEAD,
    LEAD_TIER,
    Notice.Kind.REJECTED,
    needs_reason=True,
)
LEAD_RETURN = _Decision(
    "review.lead_decide",
    Registration.Status.SUBMITTED,
    Registration.Status.RETURNED,
    EventKind.RETURNED_BY_LEAD,
    LEAD_TIER,
    Notice.Kind.RETURNED,
    needs_reason=True,
)
OFFICE_REPORT = _Decision(
    "review.office_decide",
    Registration.Status.LEAD_APPROVED,
    Registration.Status.REPORTED,
    EventKind.REPORTED_BY_OFFICE,
    OFFICE_TIER,
    Notice.Kind.REPORTED,
)
OFFICE_SEND_BACK = _Decision(
    "review.office_decide",
    Registration.Status.LEAD_APPROVED,
    Registration.Status.SUBMITTED,
    EventKind.SENT_BACK_BY_OFFICE,
    OFFICE_TIER,
    needs_reason=True,
)


def _decide(decision: _Decision, *, registration: Registration, by, reason: str = "", before=None):
    """The decision on one registration; ``before`` looks at the locked row first."""
    _require(by, decision.capability, registration)
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_reviewable_by(by))
    if decision.needs_reason:
        reason = _require_reason(reason)  # after the scope: out of scope says nothing more
    if before is not None:
        before(locked)
    return _transition(
        locked=locked,
        by=by,
        expected=decision.expected,
        to=decision.to,
        kind=decision.kind,
        tier=decision.tier,
        reason=reason,
        notify=decision.notify,
    )


def _decide_many(
    decision: _Decision, *, ids: Iterable[int], by, reason: str = "", refusal=None
) -> list[Registration]:
    """The decision on many registrations, all or nothing; ``refusal`` says why one of them
    cannot go (nothing: it can)."""
    check(by, decision.capability)
    scope = registrations_reviewable_by(by)
    if decision.needs_reason:
        ids = _ids(ids)
        _require_all_in_scope(ids=ids, scope=scope)  # out of scope says nothing more
        reason = _require_reason(reason)
    return _bulk_transition(
        ids=ids,
        by=by,
        scope=scope,
        expected=decision.expected,
        to=decision.to,
        kind=decision.kind,
        tier=decision.tier,
        reason=reason,
        notify=decision.notify,
        check=refusal,
    )


# First tier: the sub-delegation's lead agency.


@transaction.atomic
def registration_lead_approve(*, registration: Registration, by) -> Registration:
    return _decide(LEAD_APPROVE, registration=registration, by=by)


@transaction.atomic
def registration_lead_reject(*, registration: Registration, by, reason: str) -> Registration:
    return _decide(LEAD_REJECT, registration=registration, by=by, reason=reason)


@transaction.atomic
def registration_return(*, registration: Registration, by, reason: str) -> Registration:
    """Back to the registrant for correction; they fix it and resubmit."""
    return _decide(LEAD_RETURN, registration=registration, by=by, reason=reason)


@transaction.atomic
def registrations_bulk_approve(*, registration_ids: Iterable[int], by) -> list[Registration]:
    """Approve the selected registrations at the lead tier, all or nothing.

    Any id outside the lead's scope makes the whole request ``NotInScope``; any that is no
    longer waiting for the lead makes it ``BulkRefused`` with the reason for each: nothing
    is approved either way.
    """
    return _decide_many(LEAD_APPROVE, ids=registration_ids, by=by)


# Second tier: the delegation office.


def _all_checks_passed(locked: Registration) -> None:
    if locked.status == Registration.Status.LEAD_APPROVED:
        missing = missing_checks(locked)
        if missing:
            raise ReviewError(
                _("Cannot report before every check has passed. Missing: %(missing)s")
                % {"missing": "; ".join(missing)}
            )


@transaction.atomic
def registration_office_report(*, registration: Registration, by) -> Registration:
    """Report the registration up; only once every check has passed."""
    return _decide(OFFICE_REPORT, registration=registration, by=by, before=_all_checks_passed)


@transaction.atomic
def registration_office_send_back(*, registration: Registration, by, reason: str) -> Registration:
    """Back to the lead agency's queue, with the office's reason."""
    return _decide(OFFICE_SEND_BACK, registration=registration, by=by, reason=reason)


@transaction.atomic
def registrations_bulk_report(*, registration_ids: Iterable[int], by) -> list[Registration]:
    """Report many up at once, all or nothing: one still missing a check refuses the whole
    request, and the refusal names every registration that misses which checks."""
    return _decide_many(OFFICE_REPORT, ids=registration_ids, by=by, refusal=missing_checks)


@transaction.atomic
def registrations_bulk_send_back(
    *, registration_ids: Iterable[int], by, reason: str
) -> list[Registration]:
    """Send many back to their lead agencies with one reason, all or nothing."""
    return _decide_many(OFFICE_SEND_BACK, ids=registration_ids, by=by, reason=reason)


# The registrant's side of a return.


@transaction.atomic
def registration_resubmit(*, registration: Registration, by) -> Registration:
    """The review page's "submit again": the registration page's own submit service, so a
    corrected registration is checked for completeness the same way wherever it is sent."""

    _require(by, "review.resubmit", registration)
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_visible_to(by))
    if locked.status != Registration.Status.RETURNED:
        raise AlreadyDecided(
            _("This registration is %(status)s: there is nothing to submit again.")
            % {"status": locked.get_status_display()}
        )
    try:
        return registration_submit(registration=locked, by=by)
    except RegistrationError as error:
        raise ReviewError(" ".join(str(m) for m in error.messages)) from None


def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    qs = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=list(notice_ids))
    return qs.update(read_at=timezone.now())
