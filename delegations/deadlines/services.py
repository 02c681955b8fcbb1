"""Writes to deadlines and reminder rules."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..capabilities import check
from ..models import Deadline, Delegation, Edition, LeadAgency, ReminderRule, User
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
    deadline, _created = Deadline.objects.update_or_create(
        edition=edition,
        delegation=delegation,
        lead_agency=lead_agency,
        kind=kind,
        defaults={"due_on": due_on, "note": note, "set_by": by},
    )
    return deadline


@transaction.atomic
def deadline_delete(*, deadline: Deadline, by: User) -> None:
    """Remove a date. Reminders already sent for it stay in the ledger (and are not sent
    again if the same date is set anew)."""
    check(by, "deadlines.remove", deadline.delegation)
    deadline.delete()


@transaction.atomic
def reminder_rule_set(
    *, delegation: Delegation, kind: str, steps: list[int], active: bool, by: User
) -> ReminderRule:
    steps = sorted({int(s) for s in steps}, reverse=True)
    if not steps or any(s < 0 or s > 365 for s in steps):
        raise ValidationError(_("Days before the deadline must be between 0 and 365."))
    rule, _created = ReminderRule.objects.update_or_create(
        delegation=delegation, kind=kind, defaults={"steps": steps, "active": active}
    )
    return rule
