"""The API of the exhibitor directory and of the corrections proposed to it."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from delegations.capabilities import can

from ..permissions import exhibitors_visible_to
from ..records.api import api_errors
from . import selectors, services
from .models import ExhibitorProposal
from .serializers import ExhibitorProposalSerializer, ExhibitorSerializer


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
            raise api_errors(error) from error

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
            raise api_errors(error) from error
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
