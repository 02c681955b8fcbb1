from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from delegations.capabilities import can

from ..permissions import meetings_visible_to, needs_changeable_by, needs_visible_to
from ..records.api import api_errors
from . import selectors, services
from .fields import MEETING_FIELDS
from .serializers import MatchSerializer, MeetingSerializer, ProcurementNeedSerializer


class ProcurementNeedViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Procurement needs of approved purchasers in the caller's scope."""

    serializer_class = ProcurementNeedSerializer

    def get_queryset(self):
        return needs_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        if not can(request.user, "deals.record"):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            need = services.need_publish(
                by=request.user, data=services.NeedData(**serializer.validated_data)
            )
        except ValidationError as error:
            raise api_errors(error) from error
        return Response(self.get_serializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"])
    def matches(self, request, pk=None):
        """Exhibitors of the need's edition and zone whose products share a word with it."""
        need = self.get_object()
        return Response(
            MatchSerializer(
                [
                    {"exhibitor": x, "matched": words}
                    for x, words in selectors.matching_exhibitors(need)
                ],
                many=True,
            ).data
        )


@extend_schema(parameters=[OpenApiParameter("need", int, description="Meetings of one need")])
class MeetingViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Matchmaking meetings arranged or held for needs in the caller's scope."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        qs = meetings_visible_to(self.request.user)
        need = self.request.query_params.get("need")
        return qs.filter(need=need) if need and need.isdigit() else qs

    def _save(self, serializer, meeting=None):
        data = dict(serializer.validated_data)
        need = data.pop("need", None) or meeting.need
        # A need outside the caller's scope is as absent here as anywhere.
        need = get_object_or_404(needs_changeable_by(self.request.user), pk=need.pk)
        if meeting is not None:
            data = {
                name: data.get(name, getattr(meeting, name))
                for name in MEETING_FIELDS.entered
                if name != "need"
            }
        try:
            serializer.instance = services.meeting_record(
                by=self.request.user, need=need, meeting=meeting, **data
            )
        except ValidationError as error:
            raise api_errors(error) from error

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)
