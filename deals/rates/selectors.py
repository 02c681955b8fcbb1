"""Reads of exchange rates: their history, and a rate in it as the reader reads it."""

from decimal import Decimal

from django.db.models import QuerySet

from delegations.audit.models import EventKind
from delegations.models import SetupEvent
from delegations.permissions import delegations_visible_to

from ..money import quoted_text

RATE_KINDS = (EventKind.RATE_SET, EventKind.RATE_CHANGED)


def rate_history_visible_to(user, *, limit: int = 100) -> QuerySet[SetupEvent]:
    """Who set or changed which rate, from what to what, for the delegations whose rates the
    user sees; newest first."""
    return SetupEvent.objects.filter(
        kind__in=RATE_KINDS, delegation__in=delegations_visible_to(user)
    ).select_related("actor", "delegation")[:limit]


def rate_text(value) -> str:
    """A rate in the history as the reader reads it ("7 CNY per USD", "7 美元兑…"); entries
    older than the one audit trail kept it as text."""
    if isinstance(value, dict):
        return quoted_text(Decimal(value["rate"]), value["quote"], value["currency"])
    return str(value)
