"""The API of deals, follow-ups, exchange rates, exhibitors, needs and meetings.

Objects come from the scoped querysets (outside scope: 404); every change goes through
``deals.services``, as on the pages. A refused change answers 400 with messages by field;
a duplicate deal and a stale version answer 409 with ``code`` ``duplicate`` or ``stale``.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from delegations.capabilities import can
from delegations.permissions import (
    delegations_managed_by,
    delegations_visible_to,
    sub_delegations_visible_to,
)

from . import selectors, services
from .models import ExhibitorProposal
from .permissions import (
    deals_changeable_by,
    deals_visible_to,
    exchange_rates_visible_to,
    exhibitors_visible_to,
    meetings_visible_to,
    needs_changeable_by,
    needs_visible_to,
)
from .rollups.selectors import TOTALS_BY, totals_rows, totals_scope
from .serializers import (
    DealEventSerializer,
    DealMoveSerializer,
    DealSerializer,
    ExchangeRateSerializer,
    ExhibitorProposalSerializer,
    ExhibitorSerializer,
    FollowUpNoteSerializer,
    MatchSerializer,
    MeetingSerializer,
    ProcurementNeedSerializer,
    TotalsRowSerializer,
)


def _api_errors(error: ValidationError) -> APIValidationError:
    if hasattr(error, "error_dict"):
        return APIValidationError(error.message_dict)
    return APIValidationError({"non_field_errors": error.messages})


def _conflict(error: Exception) -> Response:
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


class ExhibitorViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The exhibitor directory; search with ``q`` (name), ``country``, ``zone`` (code) and
    ``edition`` (number). Organisers and leads enter and correct exhibitors."""

    serializer_class = ExhibitorSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.exhibitor_search(
            exhibitors_visible_to(self.request.user),
            q=params.get("q"),
            country=params.get("country"),
            zone=params.get("zone"),
            edition=params.get("edition"),
        )

    def _save(self, serializer, exhibitor=None):
        if not can(self.request.user, "directory.add"):
            raise PermissionDenied
        try:
            serializer.instance = services.exhibitor_save(
                by=self.request.user, data=serializer.validated_data, exhibitor=exhibitor
            )
        except ValidationError as error:
            raise _api_errors(error) from error

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(responses={200: ExhibitorSerializer, 202: ExhibitorProposalSerializer})
    def update(self, request, *args, **kwargs):
        """Correct an exhibitor. A correction other delegations' deals would see answers 202
        with the proposal recorded for the national administrator."""
        try:
            return super().update(request, *args, **kwargs)
        except services.ProposalRecorded as recorded:
            return Response(
                ExhibitorProposalSerializer(recorded.proposal).data,
                status=status.HTTP_202_ACCEPTED,
            )


class ExhibitorProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Proposed corrections of the exhibitor directory: the national administrator sees all
    and accepts or rejects them; an office or a lead sees its own."""

    serializer_class = ExhibitorProposalSerializer

    def get_queryset(self):
        user = self.request.user
        qs = ExhibitorProposal.objects.select_related("proposed_by", "decided_by")
        if can(user, "directory.decide_proposal"):
            return qs
        return qs.filter(proposed_by=user) if can(user, "directory.add") else qs.none()

    def _decide(self, accept: bool) -> Response:
        if not can(self.request.user, "directory.decide_proposal"):
            raise PermissionDenied
        proposal = self.get_object()
        try:
            proposal = services.exhibitor_proposal_decide(
                by=self.request.user, proposal=proposal, accept=accept
            )
        except ValidationError as error:
            raise _api_errors(error) from error
        return Response(self.get_serializer(proposal).data)

    @extend_schema(request=None, responses=ExhibitorProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Apply the proposed correction to the directory."""
        return self._decide(True)

    @extend_schema(request=None, responses=ExhibitorProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Leave the directory as it is."""
        return self._decide(False)


class ExchangeRateViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Exchange rates per delegation (hence per edition) and currency. Posting a rate for a
    delegation and currency sets it again; only the delegation's office may."""

    serializer_class = ExchangeRateSerializer

    def get_queryset(self):
        return exchange_rates_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        delegation = serializer.validated_data["delegation"]
        if not delegations_managed_by(request.user).filter(pk=delegation.pk).exists():
            raise APIValidationError({"delegation": [_("Not a delegation whose office you are.")]})
        try:
            rate = services.exchange_rate_set(by=request.user, **serializer.validated_data)
        except services.UnusualRate as error:
            raise APIValidationError(
                {"code": "unusual_rate", "rate": [error.message_text]}
            ) from error
        except ValidationError as error:
            raise _api_errors(error) from error
        return Response(self.get_serializer(rate).data, status=status.HTTP_201_CREATED)


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
            raise _api_errors(error) from error
        except services.DuplicateDeal as duplicate:
            return _conflict(duplicate)
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
        data = {name: getattr(deal, name) for name in services.DEAL_FIELDS}
        data.update(incoming)
        try:
            deal = services.deal_update(
                deal=deal, by=request.user, data=data, version=version, confirm_duplicate=confirm
            )
        except ValidationError as error:
            raise _api_errors(error) from error
        except (services.DuplicateDeal, services.StaleDeal) as conflict:
            return _conflict(conflict)
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
            return _conflict(stale)
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
            raise _api_errors(error) from error
        return Response(FollowUpNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=DealEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every change to the deal: who, when, before and after."""
        deal = self.get_object()
        return Response(DealEventSerializer(deal.events.select_related("actor"), many=True).data)


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
            raise _api_errors(error) from error
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
                for name in ("exhibitor", "meets_on", "status", "participants", "outcome")
            }
        try:
            serializer.instance = services.meeting_record(
                by=self.request.user, need=need, meeting=meeting, **data
            )
        except ValidationError as error:
            raise _api_errors(error) from error

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


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
        from .dashboard_views import _edition

        user = self.request.user
        params = self.request.query_params
        if not can(user, "totals.view"):
            raise NotFound
        by = params.get("by", "delegation")
        if by not in TOTALS_BY:
            raise APIValidationError(
                {"by": [_("One of %(choices)s.") % {"choices": ", ".join(TOTALS_BY)}]}
            )
        edition = _edition(self.request)
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
