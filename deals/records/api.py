"""The API of deals and their follow-up.

Objects come from the scoped querysets (outside scope: 404); every change goes through the
services, as on the pages. A refused change answers 400 with messages by field; a duplicate
deal and a stale version answer 409 with ``code`` ``duplicate`` or ``stale``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from delegations.capabilities import can

from ..permissions import deals_changeable_by, deals_visible_to
from . import selectors, services
from .serializers import (
    DealEventSerializer,
    DealMoveSerializer,
    DealSerializer,
    FollowUpNoteSerializer,
)


def api_errors(error: ValidationError) -> APIValidationError:
    if hasattr(error, "error_dict"):
        return APIValidationError(error.message_dict)
    return APIValidationError({"non_field_errors": error.messages})


def _deal_conflict_response(error: Exception) -> Response:
    if isinstance(error, services.DuplicateDeal):
        body = {
            "code": "duplicate",
            "detail": _("The same deal seems to be recorded already; send confirm_duplicate."),
            "duplicates": [deal.pk for deal in error.duplicates],
        }
    else:
        body = {
            "code": "stale",
            "detail": _("The deal was changed since your version; nothing was saved."),
            "version": error.deal.version,
            "changes": DealEventSerializer(error.events, many=True).data,
        }
    return Response(body, status=status.HTTP_409_CONFLICT)


class DealPagination(BasePagination):
    """Newest first, page by page from a key (``after``/``before``, as the deal list page):
    no count and no offset, so every page of a million deals costs what the first page of
    a thousand does (the index ``deal_list_newest_first``)."""

    page_size = 50

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = selectors.deal_page(
            queryset,
            after=request.query_params.get("after"),
            before=request.query_params.get("before"),
            per_page=self.page_size,
            totals=False,
        )
        return self.page.deals

    def _link(self, key: str, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        url = remove_query_param(remove_query_param(url, "after"), "before")
        return replace_query_param(url, key, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link("after", self.page.next_cursor),
                "previous": self._link("before", self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }


class DealViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Intended deals in the caller's scope, newest first, paged by cursor (``next``).
    Filters: ``edition`` (number), ``status``, ``q``, ``country``. The rate and USD amount
    are set by the server from the delegation's rate."""

    serializer_class = DealSerializer
    pagination_class = DealPagination

    def get_queryset(self):
        params = self.request.query_params
        if self.action in ("update", "partial_update", "move") or (
            self.action == "notes" and self.request.method == "POST"
        ):
            deals = deals_changeable_by(self.request.user)
        else:
            deals = deals_visible_to(self.request.user)
        return selectors.deal_list(
            deals,
            edition=params.get("edition"),
            status=params.get("status"),
            q=params.get("q"),
            country=params.get("country"),
        )

    def create(self, request, *args, **kwargs):
        if not can(request.user, "deals.record"):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_duplicate", False)
        data.pop("version", None)
        try:
            deal = services.deal_record(by=request.user, data=data, confirm_duplicate=confirm)
        except ValidationError as error:
            raise api_errors(error) from error
        except services.DuplicateDeal as duplicate:
            return _deal_conflict_response(duplicate)
        return Response(self.get_serializer(deal).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        deal = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = self.get_serializer(deal, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        incoming = dict(serializer.validated_data)
        if "version" not in incoming:
            raise APIValidationError({"version": [_("Send the version you started from.")]})
        version = incoming.pop("version")
        confirm = incoming.pop("confirm_duplicate", False)
        data = {name: getattr(deal, name) for name in services.ENTERED}
        data.update(incoming)
        try:
            deal = services.deal_update(
                deal=deal, by=request.user, data=data, version=version, confirm_duplicate=confirm
            )
        except ValidationError as error:
            raise api_errors(error) from error
        except (services.DuplicateDeal, services.StaleDeal) as conflict:
            return _deal_conflict_response(conflict)
        return Response(self.get_serializer(deal).data)

    @extend_schema(request=DealMoveSerializer, responses=DealSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the deal along its follow-up (contracted, executing, completed) or cancel
        it with a reason; the office and leads only."""
        if not can(request.user, "deals.move"):
            raise PermissionDenied
        deal = self.get_object()
        serializer = DealMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            deal = services.deal_move(deal=deal, by=request.user, **serializer.validated_data)
        except services.FollowUpError as error:
            raise APIValidationError({"to_status": [str(error)]}) from error
        except services.StaleDeal as stale:
            return _deal_conflict_response(stale)
        return Response(self.get_serializer(deal).data)

    @extend_schema(methods=["get"], responses=FollowUpNoteSerializer(many=True), request=None)
    @extend_schema(
        methods=["post"], request=FollowUpNoteSerializer, responses=FollowUpNoteSerializer
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notes(self, request, pk=None):
        """The deal's dated follow-up notes; the office and leads add them."""
        deal = self.get_object()
        if request.method == "GET":
            return Response(FollowUpNoteSerializer(deal.notes.all(), many=True).data)
        if not can(request.user, "deals.move"):
            raise PermissionDenied
        serializer = FollowUpNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            note = services.follow_up_note_add(
                deal=deal, by=request.user, **serializer.validated_data
            )
        except ValidationError as error:
            raise api_errors(error) from error
        return Response(FollowUpNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=DealEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every change to the deal: who, when, before and after."""
        deal = self.get_object()
        return Response(DealEventSerializer(deal.events.select_related("actor"), many=True).data)
