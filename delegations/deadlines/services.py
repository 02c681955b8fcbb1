"""Deadlines and reminder rules: reads (the effective deadline of an agency) and writes."""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..capabilities import check
from ..models import Deadline, Delegation, Edition, LeadAgency, ReminderRule, User


def effective_deadlines(agencies: Iterable[LeadAgency]) -> dict[int, dict[str, Deadline]]:
    """For each agency, the deadline of each kind that applies to it: the most specific.

    An agency's own date beats its delegation's, which beats the edition's (the bureau's).
    One query whatever the number of agencies. Agencies must come with
    ``sub_delegation__delegation`` selected.
    """
    agencies = list(agencies)
    editions = {a.sub_delegation.delegation.edition_id for a in agencies}
    by_edition: dict[tuple, Deadline] = {}
    by_delegation: dict[tuple, Deadline] = {}
    by_agency: dict[tuple, Deadline] = {}
    for deadline in Deadline.objects.filter(edition__in=editions).select_related("edition"):
        if deadline.lead_agency_id:
            by_agency[deadline.lead_agency_id, deadline.kind] = deadline
        elif deadline.delegation_id:
            by_delegation[deadline.delegation_id, deadline.kind] = deadline
        else:
            by_edition[deadline.edition_id, deadline.kind] = deadline
    result: dict[int, dict[str, Deadline]] = defaultdict(dict)
    for agency in agencies:
        delegation = agency.sub_delegation.delegation
        for kind in Deadline.Kind.values:
            deadline = (
                by_agency.get((agency.pk, kind))
                or by_delegation.get((delegation.pk, kind))
                or by_edition.get((delegation.edition_id, kind))
            )
            if deadline is not None:
                result[agency.pk][kind] = deadline
    return result


def inherited_deadline(
    *, edition: Edition, kind: str, delegation: Delegation | None, lead_agency: LeadAgency | None
) -> Deadline | None:
    """The deadline a new, more specific one would override, if any."""
    if lead_agency is not None:
        found = Deadline.objects.filter(
            delegation=delegation, lead_agency__isnull=True, kind=kind
        ).first()
        if found:
            return found
    if delegation is not None:
        return Deadline.objects.filter(edition=edition, delegation__isnull=True, kind=kind).first()
    return None


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


def rules_for(delegation: Delegation) -> list[ReminderRule]:
    """Every kind's rule for the delegation, unsaved defaults where none was set."""
    saved = {rule.kind: rule for rule in delegation.reminder_rules.all()}
    return [
        saved.get(kind) or ReminderRule(delegation=delegation, kind=kind)
        for kind in Deadline.Kind.values
    ]
