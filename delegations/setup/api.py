from django.db.models import Q
from rest_framework import viewsets

from ..models import Deadline, Edition, Region, Reminder, Zone
from ..permissions import (
    Scope,
    deadline_delegations_visible_to,
    in_scope,
    lead_agencies_of,
    reminder_history_visible_to,
)
from .selectors import delegation_list, sub_delegation_list
from .serializers import (
    DeadlineSerializer,
    DelegationSerializer,
    EditionSerializer,
    RegionSerializer,
    ReminderSerializer,
    SubDelegationSerializer,
    ZoneSerializer,
)


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Expo editions with the national intended-deal totals."""

    queryset = Edition.objects.all()
    serializer_class = EditionSerializer


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """The six exhibition zones."""

    queryset = Zone.objects.all()
    serializer_class = ZoneSerializer
    pagination_class = None


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Province-level regions (GB/T 2260)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    pagination_class = None


class DelegationViewSet(viewsets.ReadOnlyModelViewSet):
    """Trading delegations in the caller's scope."""

    serializer_class = DelegationSerializer

    def get_queryset(self):
        qs = delegation_list(user=self.request.user)
        edition = self.request.query_params.get("edition")
        return qs.filter(edition__number=edition) if edition and edition.isdigit() else qs


class SubDelegationViewSet(viewsets.ReadOnlyModelViewSet):
    """Sub-delegations in the caller's scope, with their lead agencies and targets."""

    serializer_class = SubDelegationSerializer

    def get_queryset(self):
        qs = sub_delegation_list(user=self.request.user)
        delegation = self.request.query_params.get("delegation")
        return qs.filter(delegation=delegation) if delegation and delegation.isdigit() else qs


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
