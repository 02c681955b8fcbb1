from django.db.models import Q
from rest_framework import viewsets

from ..models import Deadline, Reminder
from ..permissions import (
    Scope,
    deadline_delegations_visible_to,
    in_scope,
    lead_agencies_of,
    reminder_history_visible_to,
)
from .serializers import DeadlineSerializer, ReminderSerializer


class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Deadlines of the delegations in the caller's scope: the edition's (the bureau's), the
    delegation's and the lead agencies' own. Leads see their own agencies' dates only."""

    serializer_class = DeadlineSerializer

    def get_queryset(self):
        user = self.request.user
        delegations = deadline_delegations_visible_to(user)
        qs = Deadline.objects.filter(
            Q(delegation__isnull=True, edition__in=delegations.values("edition"))
            | Q(delegation__in=delegations)
        )
        if in_scope(user, Scope.LEAD):
            qs = qs.filter(Q(lead_agency__isnull=True) | Q(lead_agency__in=lead_agencies_of(user)))
        return qs.order_by("due_on", "pk")


class ReminderViewSet(viewsets.ReadOnlyModelViewSet):
    """The reminder ledger: what went to whom and when, and what failed."""

    serializer_class = ReminderSerializer

    def get_queryset(self):
        qs = Reminder.objects.filter(delegation__in=reminder_history_visible_to(self.request.user))
        status = self.request.query_params.get("status")
        return qs.filter(status=status) if status else qs
