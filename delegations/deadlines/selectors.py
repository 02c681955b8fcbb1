"""Reads of deadlines: the one that applies to each lead agency, and the reminder rules."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from ..audit.models import EventKind
from ..models import Deadline, Delegation, Edition, LeadAgency, ReminderRule, SetupEvent

DEADLINE_KINDS = (EventKind.DEADLINE_SET, EventKind.DEADLINE_CHANGED, EventKind.DEADLINE_REMOVED)
RULE_KINDS = (EventKind.REMINDER_RULE_SET, EventKind.REMINDER_RULE_CHANGED)


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


def rules_for(delegation: Delegation) -> list[ReminderRule]:
    """Every kind's rule for the delegation, unsaved defaults where none was set."""
    saved = {rule.kind: rule for rule in delegation.reminder_rules.all()}
    return [
        saved.get(kind) or ReminderRule(delegation=delegation, kind=kind)
        for kind in Deadline.Kind.values
    ]


def deadline_history(delegation: Delegation, *, limit: int = 100) -> QuerySet[SetupEvent]:
    """Who set, moved or removed which of the delegation's dates (the bureau's included) and
    changed its reminder rules, newest first."""
    return SetupEvent.objects.filter(
        Q(delegation=delegation, kind__in=DEADLINE_KINDS + RULE_KINDS)
        | Q(delegation__isnull=True, edition=delegation.edition_id, kind__in=DEADLINE_KINDS)
    ).select_related("actor")[:limit]
