"""The stay through the API: the figures for finance with the dashboard's scope (the
office its delegation, a lead its own sub-delegations, the national viewer any; outside
the scope 404), and bulk assignment through the same service as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from delegations.capabilities import CapabilityPermission, can, check
from delegations.permissions import get_in_scope_or_404, path_id

from ..models import Attendee
from . import selectors, services
from .models import Bus, Hotel, TravelGroup
from .serializers import BulkAssignSerializer, FiguresSerializer


def _figures_data(figures: dict) -> dict:
    total = figures["total"]
    rows = lambda pairs: [{"name": str(n), **r} for n, r in pairs]  # noqa: E731
    return {
        "delegation": figures["delegation"].pk,
        "people": total["people"],
        "room_nights": total["room_nights"],
        "room_cost": total["room_cost"],
        "tickets_booked": total["tickets"],
        "ticket_cost": total["ticket_cost"],
        "days": [{"day": d, "people": n} for d, n in figures["days"]],
        "hotels": rows(figures["hotels"]),
        "sub_delegations": rows(figures["sub_delegations"]),
        "tickets": rows(figures["tickets"].items()),
    }


class LogisticsViewSet(viewsets.ViewSet):
    permission_classes = [CapabilityPermission]
    required_capability = {"figures": "logistics.view", "bulk_assign": "logistics.plan"}

    def _delegation(self, request, name):
        body = request.data if hasattr(request.data, "get") else {}
        pk = request.query_params.get("delegation") or body.get("delegation")
        delegation = get_in_scope_or_404(
            selectors.delegations_for_logistics(request.user), pk=path_id(pk)
        )
        check(request.user, name, delegation)
        return delegation

    @extend_schema(
        parameters=[OpenApiParameter("delegation", int, required=True)],
        responses=FiguresSerializer,
    )
    @action(detail=False, methods=["get"])
    def figures(self, request):
        """People per day, room-nights and cost per hotel and sub-delegation, tickets."""
        delegation = self._delegation(request, "logistics.view")
        narrowed = (
            None
            if can(request.user, "logistics.plan", delegation)
            or not selectors.has_role(request.user, selectors.Role.LEAD)
            else selectors.sub_delegations_in_view(request.user, delegation)
        )
        figures = selectors.figures(delegation=delegation, sub_delegations=narrowed)
        return Response(FiguresSerializer(_figures_data(figures)).data)

    @extend_schema(request=BulkAssignSerializer, responses=None)
    @action(detail=False, methods=["post"], url_path="bulk-assign")
    def bulk_assign(self, request):
        """Assign the listed people (all or nothing); 409 names the conflicts."""
        delegation = self._delegation(request, "logistics.plan")
        data = BulkAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        attendees = list(
            Attendee.objects.filter(
                pk__in=v["ids"], registration__sub_delegation__delegation=delegation
            ).order_by("registration_id", "pk")
        )
        if len(attendees) != len(set(v["ids"])):
            return Response(status=status.HTTP_404_NOT_FOUND)

        def own(model, pk):
            return get_object_or_404(model, pk=pk, delegation=delegation) if pk else None

        try:
            plans = services.plans_assign(
                by=request.user,
                delegation=delegation,
                assignments=services.assignments_for(
                    attendees,
                    hotel=own(Hotel, v.get("hotel")),
                    room_type=v["room_type"],
                    check_in=v.get("check_in"),
                    check_out=v.get("check_out"),
                    there=own(TravelGroup, v.get("there")),
                    back=own(TravelGroup, v.get("back")),
                    buses=[own(Bus, pk) for pk in v.get("buses", [])],
                    meals=v.get("meals"),
                ),
                override_reason=v["override_reason"],
            )
        except services.LogisticsError as error:
            return Response({"problems": error.problems}, status=status.HTTP_409_CONFLICT)
        return Response({"planned": len(plans)})
