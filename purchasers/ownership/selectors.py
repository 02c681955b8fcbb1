"""Reads of the ownership list's page."""

from django.db.models import QuerySet

from delegations.audit.models import EventKind
from delegations.models import SetupEvent

HISTORY_KINDS = (EventKind.OWNERSHIP_ADDED, EventKind.OWNERSHIP_CHANGED)


def ownership_history(*, limit: int = 50) -> QuerySet[SetupEvent]:
    """The list's latest changes, newest first (the bureau's set-up history keeps them)."""
    return SetupEvent.objects.filter(kind__in=HISTORY_KINDS).select_related("actor")[:limit]
