"""Reads of exchange rates: their history."""

from django.db.models import QuerySet

from delegations.audit.models import EventKind
from delegations.models import SetupEvent
from delegations.permissions import delegations_visible_to

RATE_KINDS = (EventKind.RATE_SET, EventKind.RATE_CHANGED)


def rate_history_visible_to(user, *, limit: int = 100) -> QuerySet[SetupEvent]:
    """Who set or changed which rate, from what to what, for the delegations whose rates the
    user sees; newest first."""
    return SetupEvent.objects.filter(
        kind__in=RATE_KINDS, delegation__in=delegations_visible_to(user)
    ).select_related("actor", "delegation")[:limit]
