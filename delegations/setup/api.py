from rest_framework import viewsets

from ..models import Edition, Region, Zone
from .selectors import delegation_list, sub_delegation_list
from .serializers import (
    DelegationSerializer,
    EditionSerializer,
    RegionSerializer,
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
