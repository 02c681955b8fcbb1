"""The reminder job: scan deadlines, remind the lead agencies that owe something, once.

Exactly once, and which side we take when an email's fate is unknown
-------------------------------------------------------------------
Every reminder has a ledger row (``Reminder``) keyed by (agency, deadline, step), and every
overdue notice to the office one keyed by (delegation, deadline), with unique constraints in
the database. The job *claims* a row (status ``pending``) in its own short transaction that
commits before the email leaves; a second run, or a second worker running at the same
moment, fails to insert the same key and moves on. After the SMTP server answers the row
becomes ``sent`` or ``failed`` (refused, or no liaison email to send to).

If the process dies between the claim and that answer, nobody knows whether the email went
out. We choose **at most once**: a ``pending`` row older than ``STALE_AFTER`` is marked
``unknown`` by the next run and shown on the history page for the office to check (and
phone), never sent again automatically. Why: the SMTP server may well have accepted the
message before the crash, and a duplicate official reminder to a liaison officer is seen by
everyone and costs the office its credibility, whereas a lost one is recovered by the next
step a few days later, by the overdue notice to the office, and by the ``unknown`` row the
office sees today. Nothing is silently skipped: every claimed reminder ends as sent,
failed or unknown in the ledger.

Steps: a reminder step is due when the days left are at most the step. If the job did not
run on the day of a step (worker down), the next run sends that step late; if several steps
were missed only the latest one is sent, since it supersedes the earlier ones.
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..capabilities import check
from ..emails import render_bilingual
from ..models import (
    Deadline,
    Delegation,
    LeadAgency,
    Reminder,
    ReminderRule,
    default_reminder_steps,
)
from ..obligations import Owed, describe, owed_by
from .selectors import effective_deadlines

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=30)
# Overdue notices are sent for deadlines that passed within this many days.
ESCALATION_WINDOW_DAYS = 60
ESCALATION_STEP = -1


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    unknown: int = 0
    emails: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"sent={self.sent} failed={self.failed} unknown={self.unknown}"


@dataclass
class DueItem:
    deadline: Deadline
    step: int
    days_left: int
    owed: list[Owed]


def step_due(steps: list[int], days_left: int) -> int | None:
    """The latest step that has come due: the smallest step not below the days left."""
    due = [s for s in steps if s >= days_left]
    return min(due) if due else None


def reminders_send_due(*, today: date | None = None, delegation: Delegation | None = None, by=None):
    """Send every reminder and overdue notice due today. Safe to run any number of times.

    Must run outside a transaction: each claim has to commit before its email leaves. Run by
    a user (``by``: the office's button), it is refused unless they may send the
    delegation's reminders; the daily beat run has no user.
    """
    if by is not None:
        check(by, "reminders.send", delegation)
    if connection.in_atomic_block:
        raise RuntimeError("reminders_send_due must run outside a transaction")
    today = today or timezone.localdate()
    result = RunResult()
    result.unknown = mark_stale_pending()

    agencies = _agencies_to_scan(delegation)
    effective = effective_deadlines(agencies)
    delegation_ids = {a.sub_delegation.delegation_id for a in agencies}
    rules = {
        (rule.delegation_id, rule.kind): rule
        for rule in ReminderRule.objects.filter(delegation__in=delegation_ids)
    }
    reminded, escalated = _already_done(delegation_ids, effective)

    overdue: dict[tuple[Delegation, Deadline], list[tuple[LeadAgency, list[Owed]]]] = defaultdict(
        list
    )
    for agency in agencies:
        due_items = _agency_due_items(
            agency=agency,
            deadlines=effective.get(agency.pk, {}),
            rules=rules,
            today=today,
            reminded=reminded,
            escalated=escalated,
            overdue=overdue,
        )
        if due_items:
            _remind_agency(agency=agency, items=due_items, result=result)

    for (delegation_of, deadline), rows in overdue.items():
        _escalate(
            delegation=delegation_of, deadline=deadline, rows=rows, today=today, result=result
        )
    return result


def _agencies_to_scan(delegation: Delegation | None) -> list[LeadAgency]:
    agencies = LeadAgency.objects.select_related(
        "sub_delegation__delegation__edition", "sub_delegation__delegation__office_unit"
    ).prefetch_related("units")
    if delegation is not None:
        agencies = agencies.filter(sub_delegation__delegation=delegation)
    return list(agencies.order_by("pk"))


def _already_done(delegation_ids: set[int], effective: dict) -> tuple[set, set]:
    """The ledger's reminders (agency, date, step) and overdue notices (delegation, date).

    The ledger's key is the date itself (kind and day), not the deadline's row: a deadline
    removed and set again for the same day is not reminded twice.
    """
    dates = {(d.kind, d.due_on) for kinds in effective.values() for d in kinds.values()}
    done = set(
        Reminder.objects.filter(
            delegation__in=delegation_ids,
            due_on__in={due_on for _kind, due_on in dates},
        ).values_list("kind", "lead_agency", "delegation", "deadline_kind", "due_on", "step")
    )
    escalated = {
        (d, (k, on)) for kind, _a, d, k, on, _s in done if kind == Reminder.Kind.ESCALATION
    }
    reminded = {(a, (k, on), s) for kind, a, _d, k, on, s in done if kind == Reminder.Kind.AGENCY}
    return reminded, escalated


def _agency_due_items(
    *, agency: LeadAgency, deadlines: dict, rules: dict, today: date, reminded, escalated, overdue
) -> list[DueItem]:
    """The reminders due to ``agency`` today; what it owes past a deadline goes to
    ``overdue`` for the office's notice."""
    delegation_of = agency.sub_delegation.delegation
    due_items = []
    for kind, deadline in deadlines.items():
        rule = rules.get((delegation_of.pk, kind))
        if rule is not None and not rule.active:
            continue
        days_left = (deadline.due_on - today).days
        if days_left < 0:
            if (
                -days_left <= ESCALATION_WINDOW_DAYS
                and (delegation_of.pk, (deadline.kind, deadline.due_on)) not in escalated
            ):
                owed = owed_by(agency=agency, deadline=deadline)
                if owed:
                    overdue[delegation_of, deadline].append((agency, owed))
            continue
        step = step_due(rule.steps if rule else default_reminder_steps(), days_left)
        if step is None or (agency.pk, (deadline.kind, deadline.due_on), step) in reminded:
            continue
        owed = owed_by(agency=agency, deadline=deadline)
        if owed:
            due_items.append(DueItem(deadline, step, days_left, owed))
    return due_items


def mark_stale_pending() -> int:
    """Claims whose email's fate is unknown (the sender died): shown, never resent."""
    return Reminder.objects.filter(
        status=Reminder.Status.PENDING, claimed_at__lt=timezone.now() - STALE_AFTER
    ).update(
        status=Reminder.Status.UNKNOWN,
        error=_("The job stopped while sending: check with the recipient whether it arrived."),
    )


def _claim_reminders(rows: list[Reminder]) -> list[Reminder]:
    """Insert the ledger rows in one committed transaction; keep those nobody else has.

    A concurrent claim of the same key waits for ours to commit, then fails the unique
    constraint: its savepoint rolls back and it leaves that reminder to us.
    """
    claimed = []
    now = timezone.now()
    with transaction.atomic():
        for row in sorted(rows, key=lambda r: (r.deadline_kind, r.due_on, r.step)):
            row.claimed_at = now
            row.status = Reminder.Status.PENDING
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                row.pk = None
                continue
            claimed.append(row)
    return claimed


def _send_reminder(
    *, rows: list[Reminder], recipients: list[str], missing: str, render, result
) -> None:
    """Send one email for the claimed rows and record how it went on each of them."""
    pks = [row.pk for row in rows]
    subject, text, html = render()
    Reminder.objects.filter(pk__in=pks).update(subject=subject[:300])
    if not recipients:
        Reminder.objects.filter(pk__in=pks).update(status=Reminder.Status.FAILED, error=missing)
        result.failed += 1
        return
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Reminder %s to %s failed: %s", pks, recipients, exc)
        Reminder.objects.filter(pk__in=pks).update(
            status=Reminder.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:500]
        )
        result.failed += 1
        return
    Reminder.objects.filter(pk__in=pks).update(
        status=Reminder.Status.SENT, sent_at=timezone.now(), error=""
    )
    result.sent += 1
    result.emails.append(subject)


def _liaison_emails(units) -> list[str]:
    return sorted({unit.liaison_email for unit in units if unit.liaison_email})


def _phones(units) -> str:
    return "; ".join(
        f"{unit.name} {unit.liaison_name} {unit.liaison_phone}".strip() for unit in units
    )


def _remind_agency(*, agency: LeadAgency, items: list[DueItem], result: RunResult) -> None:
    delegation = agency.sub_delegation.delegation
    units = list(agency.units.all())
    recipients = _liaison_emails(units)
    rows = [
        Reminder(
            kind=Reminder.Kind.AGENCY,
            deadline=item.deadline,
            deadline_kind=item.deadline.kind,
            delegation=delegation,
            lead_agency=agency,
            step=item.step,
            due_on=item.deadline.due_on,
            owed=[o.as_json() for o in item.owed],
            recipients=", ".join(recipients),
        )
        for item in items
    ]
    claimed = _claim_reminders(rows)
    if not claimed:
        return
    claimed_keys = {(row.deadline_id, row.step) for row in claimed}
    items = [item for item in items if (item.deadline.pk, item.step) in claimed_keys]
    link = settings.SITE_URL.rstrip("/") + reverse("deadlines:detail", args=[delegation.pk])

    def context():
        return {
            "agency": agency,
            "units": units,
            "delegation": delegation,
            "items": [
                {
                    "kind": item.deadline.get_kind_display(),
                    "due_on": item.deadline.due_on,
                    "days_left": item.days_left,
                    "owed": [describe(o) for o in item.owed],
                }
                for item in items
            ],
            "link": link,
        }

    _send_reminder(
        rows=claimed,
        recipients=recipients,
        missing=_("No liaison email: phone instead (%(phones)s).") % {"phones": _phones(units)},
        render=lambda: render_bilingual("emails/reminders/agency", context),
        result=result,
    )


def _escalate(*, delegation: Delegation, deadline: Deadline, rows, today: date, result) -> None:
    office = delegation.office_unit
    recipients = sorted({e for e in [office.liaison_email, delegation.office_email] if e})
    claimed = _claim_reminders(
        [
            Reminder(
                kind=Reminder.Kind.ESCALATION,
                deadline=deadline,
                deadline_kind=deadline.kind,
                delegation=delegation,
                step=ESCALATION_STEP,
                due_on=deadline.due_on,
                owed=[
                    {"agency": agency.pk, "name": str(agency), "owed": [o.as_json() for o in owed]}
                    for agency, owed in rows
                ],
                recipients=", ".join(recipients),
            )
        ]
    )
    if not claimed:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "deadlines:reminder-history", args=[delegation.pk]
    )

    def context():
        return {
            "delegation": delegation,
            "kind": deadline.get_kind_display(),
            "due_on": deadline.due_on,
            "days_overdue": (today - deadline.due_on).days,
            "agencies": [
                {
                    "name": str(agency),
                    "sub_delegation": agency.sub_delegation.display_name,
                    "contacts": _phones(agency.units.all()),
                    "owed": [describe(o) for o in owed],
                }
                for agency, owed in rows
            ],
            "link": link,
        }

    _send_reminder(
        rows=claimed,
        recipients=recipients,
        missing=_("No office email: phone the office instead (%(phones)s).")
        % {"phones": _phones([office])},
        render=lambda: render_bilingual("emails/reminders/escalation", context),
        result=result,
    )
