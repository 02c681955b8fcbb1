"""Badges through the API: the same scoped querysets and services as the pages."""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from delegations import sheets
from delegations.api_answers import conflict_response
from delegations.capabilities import CapabilityPermission
from delegations.models import Delegation
from delegations.permissions import delegations_visible_to, get_in_scope_or_404

from ..models import Attendee
from . import selectors, services, status_import
from .serializers import (
    BadgeSerializer,
    BadgeStatusSerializer,
    HandOverSerializer,
    StatusChangeSerializer,
    StatusImportRequestSerializer,
)
from .views import _unit_in


class BadgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Each attendee's badge in the caller's scope (by attendee id)."""

    serializer_class = BadgeSerializer
    permission_classes = [CapabilityPermission]
    required_capability = {
        "status": "badges.set_status",
        "reuse": "badges.reuse",
        "hand_over": "badges.hand_over",
    }

    def get_queryset(self) -> QuerySet[Attendee]:
        qs = selectors.attendees_visible_to(self.request.user).select_related(
            "registration__sub_delegation__delegation", "badge"
        )
        return qs.order_by("registration__name", "name", "pk")

    def get_object(self) -> Attendee:
        attendee = get_in_scope_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, attendee)
        return attendee

    @extend_schema(request=BadgeStatusSerializer, responses={200: BadgeSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        attendee = self.get_object()
        incoming = BadgeStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.badge_set_status(
                attendee=attendee,
                status=incoming.validated_data["status"],
                tracking_number=incoming.validated_data.get("tracking_number") or None,
                by=request.user,
            )
        except services.BadgeError as error:
            return conflict_response(error)
        return Response(BadgeSerializer(self.get_queryset().get(pk=attendee.pk)).data)

    @extend_schema(request=None, responses={200: BadgeSerializer})
    @action(detail=True, methods=["post"])
    def reuse(self, request, pk=None):
        attendee = self.get_object()
        try:
            services.badge_reuse(attendee=attendee, by=request.user)
        except services.BadgeError as error:
            return conflict_response(error)
        return Response(BadgeSerializer(self.get_queryset().get(pk=attendee.pk)).data)

    @extend_schema(request=HandOverSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="hand-over")
    def hand_over(self, request):
        incoming = HandOverSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        delegation: Delegation = get_in_scope_or_404(
            delegations_visible_to(request.user), pk=incoming.validated_data["delegation"]
        )
        unit = _unit_in(delegation, incoming.validated_data["unit"])
        try:
            n = services.badges_hand_over_unit(delegation=delegation, unit=unit, by=request.user)
        except services.BadgeError as error:
            return conflict_response(error)
        return Response({"handed_over": n})


class BadgeStatusImportViewSet(viewsets.ViewSet):
    """Read the official system's status export: with ``?dry_run=1`` only the preview."""

    parser_classes = [MultiPartParser]
    serializer_class = StatusImportRequestSerializer
    permission_classes = [CapabilityPermission]
    required_capability = "badges.import_status"

    @extend_schema(
        request={"multipart/form-data": StatusImportRequestSerializer},
        parameters=[
            OpenApiParameter("dry_run", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def create(self, request):
        incoming = StatusImportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        try:
            preview = status_import.status_import(
                user=request.user, file=incoming.validated_data["file"], dry_run=dry_run
            )
        except sheets.SheetError as error:
            return Response({"file_error": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "dry_run": dry_run,
                "rows": preview.rows,
                "done": preview.done,
                "changes": StatusChangeSerializer(preview.changes, many=True).data,
                "unchanged": len(preview.unchanged),
                "unmatched": [
                    {"row": r, "id_number": n, "why": str(w)} for r, n, w in preview.unmatched
                ],
                "ambiguous": [
                    {"row": r, "id_number": n, "people": k} for r, n, k in preview.ambiguous
                ],
                "errors": [e.as_dict() for e in preview.errors],
            }
        )
