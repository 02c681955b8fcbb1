"""Tiered review (多方邀请、统一登记、分级审核): the lead agency, then the delegation office.

The path of a registration: draft → submitted → lead_approved → reported; a lead may
return it for correction (→ returned, the registrant fixes and resubmits) or reject it, and
the office may send it back to the lead (→ submitted). Every transition locks the row, so
that two reviewers acting at once make exactly one change; the other is told who decided.
Each writes one history entry whose ``changes["tier"]`` says at which tier it happened.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue, enqueue_after_commit
from delegations.models import User
from delegations.permissions import has_role

from .models import Attendee, CheckStatus, Notice, Registration, RegistrationEvent
from .permissions import registrations_reviewable_by, registrations_visible_to
from .services import RegistrationError, record_event, registration_submit

Role = User.Role
Status = Registration.Status

LEAD_TIER = "lead"
OFFICE_TIER = "office"
REGISTRANT_TIER = "registrant"


class ReviewError(Exception):
    """A review action that cannot be done; the message is for the user."""


class AlreadyDecided(ReviewError):
    """Someone else moved the registration on first."""


class NotInScope(Exception):
    """The registration (or one of several) is not the user's to act on: answer 404."""


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
    expected: Status,
    to: Status,
    action: str,
    tier: str,
    reason: str = "",
    notify: str = "",
) -> Registration:
    if locked.status != expected:
        raise AlreadyDecided(
            _("Already decided by %(name)s: the registration is now “%(status)s”.")
            % {"name": _decided_by(locked), "status": locked.get_status_display()}
        )
    from_status = locked.status
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    record_event(
        registration=locked,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to,
        reason=reason,
        changes={"tier": tier},
    )
    if notify:
        _notify(registration=locked, kind=notify, reason=reason, by=by)
    return locked


def _notify(*, registration: Registration, kind: str, reason: str, by) -> Notice:
    """An on-site notice now (rolled back with the change), an email once it commits."""
    from .tasks import send_notice_email_task

    notice = Notice.objects.create(
        recipient_id=registration.registered_by_id,
        registration=registration,
        kind=kind,
        reason=reason,
        actor=by,
    )
    # A broker outage must not undo the review: the notice is kept, and the sweep
    # (notice_emails_sweep) queues its email once the broker is back.
    enqueue_after_commit(send_notice_email_task, kwargs={"notice_id": notice.pk})
    return notice


def notice_emails_sweep(*, now=None) -> int:
    """Queue the emails of notices still unsent NOTICE_EMAIL_SWEEP_AFTER_SECONDS after
    their change (the broker was down, or the task was lost); a notice that is sent twice
    over is not emailed twice (``send_notice_email`` locks the row). Notices older than
    NOTICE_EMAIL_GIVE_UP_DAYS are left alone."""
    from .tasks import send_notice_email_task

    now = now or timezone.now()
    unsent = Notice.objects.filter(
        emailed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(seconds=settings.NOTICE_EMAIL_SWEEP_AFTER_SECONDS),
        created_at__gte=now - datetime.timedelta(days=settings.NOTICE_EMAIL_GIVE_UP_DAYS),
    ).exclude(recipient__email="")
    return sum(
        enqueue(send_notice_email_task, kwargs={"notice_id": pk})
        for pk in unsent.values_list("pk", flat=True)
    )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Give a reason: the registrant will read it."))
    return reason


def _require_role(by, role: str, message: str) -> None:
    if not (has_role(by, role) or (by.is_superuser and by.is_active)):
        raise NotInScope(message)


# First tier: the sub-delegation's lead agency.


@transaction.atomic
def registration_lead_approve(*, registration: Registration, by) -> Registration:
    _require_role(by, Role.LEAD, "lead tier")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_reviewable_by(by))
    return _transition(
        locked=locked,
        by=by,
        expected=Status.SUBMITTED,
        to=Status.LEAD_APPROVED,
        action="lead_approved",
        tier=LEAD_TIER,
        notify=Notice.Kind.LEAD_APPROVED,
    )


@transaction.atomic
def registration_lead_reject(*, registration: Registration, by, reason: str) -> Registration:
    _require_role(by, Role.LEAD, "lead tier")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_reviewable_by(by))
    reason = _require_reason(reason)  # after the scope: out of scope says nothing more
    return _transition(
        locked=locked,
        by=by,
        expected=Status.SUBMITTED,
        to=Status.REJECTED,
        action="rejected_by_lead",
        tier=LEAD_TIER,
        reason=reason,
        notify=Notice.Kind.REJECTED,
    )


@transaction.atomic
def registration_return(*, registration: Registration, by, reason: str) -> Registration:
    """Back to the registrant for correction; they fix it and resubmit."""
    _require_role(by, Role.LEAD, "lead tier")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_reviewable_by(by))
    reason = _require_reason(reason)  # after the scope: out of scope says nothing more
    return _transition(
        locked=locked,
        by=by,
        expected=Status.SUBMITTED,
        to=Status.RETURNED,
        action="returned_by_lead",
        tier=LEAD_TIER,
        reason=reason,
        notify=Notice.Kind.RETURNED,
    )


@transaction.atomic
def registrations_bulk_approve(*, registration_ids: Iterable[int], by) -> dict[str, list]:
    """Approve the selected registrations at the lead tier, all or nothing as to scope.

    Any id outside the lead's scope makes the whole request ``NotInScope``: nothing is
    approved. Those someone else already decided are skipped and returned as such.
    """
    _require_role(by, Role.LEAD, "lead tier")
    ids = {int(pk) for pk in registration_ids}
    if not ids:
        raise ReviewError(_("Select at least one registration."))
    in_scope = set(registrations_reviewable_by(by).filter(pk__in=ids).values_list("pk", flat=True))
    if in_scope != ids:
        raise NotInScope
    approved, skipped = [], []
    # Locked in id order so that two bulk requests cannot deadlock each other.
    for locked in (
        Registration.objects.select_related("purchaser")
        .select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
    ):
        if locked.status != Status.SUBMITTED:
            skipped.append(locked)
            continue
        approved.append(
            _transition(
                locked=locked,
                by=by,
                expected=Status.SUBMITTED,
                to=Status.LEAD_APPROVED,
                action="lead_approved",
                tier=LEAD_TIER,
                notify=Notice.Kind.LEAD_APPROVED,
            )
        )
    return {"approved": approved, "skipped": skipped}


# Second tier: the delegation office.


@transaction.atomic
def registration_office_report(*, registration: Registration, by) -> Registration:
    """Report the registration up; only once every check has passed."""
    _require_role(by, Role.ORGANISER, "office tier")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_reviewable_by(by))
    if locked.status == Status.LEAD_APPROVED:
        missing = missing_checks(locked)
        if missing:
            raise ReviewError(
                _("Cannot report before every check has passed. Missing: %(missing)s")
                % {"missing": "; ".join(missing)}
            )
    return _transition(
        locked=locked,
        by=by,
        expected=Status.LEAD_APPROVED,
        to=Status.REPORTED,
        action="reported_by_office",
        tier=OFFICE_TIER,
        notify=Notice.Kind.REPORTED,
    )


@transaction.atomic
def registration_office_send_back(*, registration: Registration, by, reason: str) -> Registration:
    """Back to the lead agency's queue, with the office's reason."""
    _require_role(by, Role.ORGANISER, "office tier")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_reviewable_by(by))
    reason = _require_reason(reason)  # after the scope: out of scope says nothing more
    return _transition(
        locked=locked,
        by=by,
        expected=Status.LEAD_APPROVED,
        to=Status.SUBMITTED,
        action="sent_back_by_office",
        tier=OFFICE_TIER,
        reason=reason,
    )


# The registrant's side of a return.


@transaction.atomic
def registration_resubmit(*, registration: Registration, by) -> Registration:
    """The review page's "submit again": the registration page's own submit service, so a
    corrected registration is checked for completeness the same way wherever it is sent."""

    _require_role(by, Role.REGISTRANT, "registrant")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_visible_to(by))
    if locked.status != Status.RETURNED:
        raise AlreadyDecided(
            _("This registration is %(status)s: there is nothing to submit again.")
            % {"status": locked.get_status_display()}
        )
    try:
        return registration_submit(registration=locked, by=by)
    except RegistrationError as error:
        raise ReviewError(" ".join(str(m) for m in error.messages)) from None


# Checks by other departments.


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
    status, note = _check_status(status, note)
    _require_role(by, Role.CREDIT_CHECKER, "credit checker")
    locked = _lock_in_scope(registration=registration, by=by, scope=registrations_visible_to(by))
    before = locked.credit_check
    locked.credit_check, locked.credit_check_note = status, note
    locked.credit_check_by, locked.credit_check_at = by, timezone.now()
    locked.save(
        update_fields=[
            "credit_check",
            "credit_check_note",
            "credit_check_by",
            "credit_check_at",
            "updated_at",
        ]
    )
    record_event(
        registration=locked,
        actor=by,
        action="credit_check",
        reason=note,
        changes={"credit_check": [before, status]},
    )
    return locked


@transaction.atomic
def attendee_set_background_check(
    *, attendee: Attendee, by, status: str, note: str = ""
) -> Attendee:
    """Public security's verdict on one attendee."""
    status, note = _check_status(status, note)
    _require_role(by, Role.BACKGROUND_CHECKER, "background checker")
    registration = _lock_in_scope(
        registration=attendee.registration, by=by, scope=registrations_visible_to(by)
    )
    locked = Attendee.objects.select_for_update().get(pk=attendee.pk, registration=registration)
    before = locked.background_check
    locked.background_check, locked.background_check_note = status, note
    locked.background_check_by, locked.background_check_at = by, timezone.now()
    locked.save(
        update_fields=[
            "background_check",
            "background_check_note",
            "background_check_by",
            "background_check_at",
        ]
    )
    record_event(
        registration=registration,
        actor=by,
        action="background_check",
        reason=note,
        changes={"background_check": [before, status], "attendee": locked.name},
    )
    return locked


def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    qs = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=list(notice_ids))
    return qs.update(read_at=timezone.now())
