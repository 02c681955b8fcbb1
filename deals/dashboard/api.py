"""The totals the dashboard shows, as an API."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as APIValidationError

from delegations.capabilities import can
from delegations.permissions import delegations_visible_to, sub_delegations_visible_to

from ..rollups.selectors import TOTALS_BY, totals_rows, totals_scope
from .serializers import TotalsRowSerializer
from .views import _dashboard_edition


@extend_schema(
    parameters=[
        OpenApiParameter(
            "by",
            str,
            enum=TOTALS_BY,
            default="delegation",
            description="Which groups: the edition's national total (national viewer), "
            "delegations, sub-delegations, zones or exhibitor countries. Zones and countries "
            "are per delegation for organisers, per sub-delegation for leads (countries "
            "per delegation, of the lead's own sub-delegations), national for the viewer.",
        ),
        OpenApiParameter("edition", int, description="Edition number; the dashboard's default"),
        OpenApiParameter("delegation", int, description="One delegation (id) in your scope"),
        OpenApiParameter(
            "sub_delegation", int, description="One sub-delegation (id) in your scope"
        ),
    ]
)
class TotalsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Deal totals (USD) as the dashboard shows them, read from the roll-up rows: live deals,
    purchasers, those above 100 million USD, the change on the previous edition and the
    accumulated total. Organisers, leads and the national viewer only (others: 404); a
    delegation or sub-delegation outside your scope is a 404."""

    serializer_class = TotalsRowSerializer

    def get_queryset(self):
        user = self.request.user
        params = self.request.query_params
        if not can(user, "totals.view"):
            raise NotFound
        by = params.get("by", "delegation")
        if by not in TOTALS_BY:
            raise APIValidationError(
                {"by": [_("One of %(choices)s.") % {"choices": ", ".join(TOTALS_BY)}]}
            )
        edition = _dashboard_edition(self.request)
        delegation = sub_delegation = None
        if params.get("delegation"):
            delegation = get_object_or_404(
                delegations_visible_to(user).filter(edition=edition),
                pk=_id(params["delegation"]),
            )
        if params.get("sub_delegation"):
            sub_delegation = get_object_or_404(
                sub_delegations_visible_to(user).filter(delegation__edition=edition),
                pk=_id(params["sub_delegation"]),
            )
        scope = totals_scope(user=user, edition=edition, delegation=delegation)
        return totals_rows(scope=scope, by=by, sub_delegation=sub_delegation)


def _id(value: str) -> int:
    if not value.isdigit():
        raise NotFound
    return int(value)
