"""Writes to deadlines and reminder rules, each recorded in the set-up history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..audit.models import EventKind
from ..capabilities import check
from ..models import Deadline, Delegation, Edition, LeadAgency, ReminderRule, User
from ..setup.services import record_setup_event
from .selectors import inherited_deadline


@transaction.atomic
def deadline_set(
    *,
    edition: Edition,
    kind: str,
    due_on,
    by: User,
    delegation: Delegation | None = None,
    lead_agency: LeadAgency | None = None,
    note: str = "",
) -> Deadline:
    """Set (or move) a deadline. A delegation's or agency's own date must come earlier.

    Only the national administrator sets the edition's (the bureau's) dates; an office sets
    those of its own delegation and lead agencies.
    """
    if lead_agency is not None:
        delegation = lead_agency.sub_delegation.delegation
    check(by, "deadlines.set", delegation)
    if delegation is not None and delegation.edition_id != edition.pk:
        raise ValidationError(_("The delegation belongs to another edition."))
    inherited = inherited_deadline(
        edition=edition, kind=kind, delegation=delegation, lead_agency=lead_agency
    )
    if inherited is not None and due_on > inherited.due_on:
        raise ValidationError(
            _(
                "A delegation or lead agency may only set a date earlier than the one it "
                "inherits (%(date)s)."
            ),
            params={"date": inherited.due_on.isoformat()},
        )
    before = (
        Deadline.objects.select_for_update()
        .filter(edition=edition, delegation=delegation, lead_agency=lead_agency, kind=kind)
        .order_by("pk")
        .first()
    )
    deadline, created = Deadline.objects.update_or_create(
        edition=edition,
        delegation=delegation,
        lead_agency=lead_agency,
        kind=kind,
        defaults={"due_on": due_on, "note": note, "set_by": by},
    )
    changes = _changes(before, deadline, ["due_on", "note"])
    if changes:
        changes["kind"] = [kind, kind]
        record_setup_event(
            by=by,
            kind=EventKind.DEADLINE_SET if created else EventKind.DEADLINE_CHANGED,
            subject=_deadline_subject(deadline),
            delegation=delegation,
            edition=edition,
            changes=changes,
        )
    return deadline


def _changes(before, after, fields: list[str]) -> dict:
    """``{field: [before, after]}`` of the fields that differ (all of them for a new one)."""
    changes = {}
    for name in fields:
        old = _plain(getattr(before, name)) if before is not None else None
        new = _plain(getattr(after, name)) if after is not None else None
        if old != new and (old or new):
            changes[name] = [old, new]
    return changes


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _deadline_subject(deadline: Deadline) -> str:
    """Whose date it is (the kind is in the changes, named in the reader's language)."""
    return str(deadline.lead_agency or deadline.delegation or deadline.edition)


@transaction.atomic
def deadline_delete(*, deadline: Deadline, by: User) -> None:
    """Remove a date. Reminders already sent for it stay in the ledger (and are not sent
    again if the same date is set anew)."""
    check(by, "deadlines.remove", deadline.delegation)
    record_setup_event(
        by=by,
        kind=EventKind.DEADLINE_REMOVED,
        subject=_deadline_subject(deadline),
        delegation=deadline.delegation,
        edition=deadline.edition,
        changes={"kind": [deadline.kind] * 2, **_changes(deadline, None, ["due_on", "note"])},
    )
    deadline.delete()


@transaction.atomic
def reminder_rule_set(
    *, delegation: Delegation, kind: str, steps: list[int], active: bool, by: User
) -> ReminderRule:
    steps = sorted({int(s) for s in steps}, reverse=True)
    if not steps or any(s < 0 or s > 365 for s in steps):
        raise ValidationError(_("Days before the deadline must be between 0 and 365."))
    before = (
        ReminderRule.objects.select_for_update()
        .filter(delegation=delegation, kind=kind)
        .order_by("pk")
        .first()
    )
    rule, created = ReminderRule.objects.update_or_create(
        delegation=delegation, kind=kind, defaults={"steps": steps, "active": active}
    )
    changes = _changes(before, rule, ["steps", "active"])
    if created and not rule.active:
        changes["active"] = [None, False]
    if changes:
        changes["kind"] = [kind, kind]
        record_setup_event(
            by=by,
            kind=EventKind.REMINDER_RULE_SET if created else EventKind.REMINDER_RULE_CHANGED,
            subject=str(delegation),
            delegation=delegation,
            changes=changes,
        )
    return rule
