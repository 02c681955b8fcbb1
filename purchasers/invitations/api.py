"""Invitations over the API: the pages' services, capabilities and scope."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from delegations.api_answers import conflict_response
from delegations.capabilities import CapabilityPermission
from delegations.permissions import path_id

from .selectors import invitations_visible_to, lead_agencies_invitable_by, with_usage
from .serializers import (
    InvitationCreateSerializer,
    InvitationSendSerializer,
    InvitationSerializer,
)
from .services import InvitationError, invitation_issue, invitation_revoke, invitation_send


class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Invitations in the caller's scope; issue one, email its link, revoke it. Outside the
    scope is a 404; a revoked or expired one cannot be sent or revoked again (409)."""

    serializer_class = InvitationSerializer
    permission_classes = [CapabilityPermission]
    required_capability = {
        "list": "invitations.view",
        "retrieve": "invitations.view",
        "create": "invitations.issue",
        "send": "invitations.revoke",
        "revoke": "invitations.revoke",
    }
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return with_usage(invitations_visible_to(self.request.user)).order_by("-created_at", "-pk")

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    def create(self, request):
        data = InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = lead_agencies_invitable_by(request.user).filter(pk=values.pop("lead_agency"))
        if not agency.exists():
            raise ValidationError({"lead_agency": ["Choose one of your lead agencies."]})
        try:
            invitation = invitation_issue(by=request.user, lead_agency=agency.get(), **values)
        except InvitationError as error:
            raise ValidationError({"non_field_errors": [str(error)]}) from None
        except DjangoValidationError as error:
            raise ValidationError({"credit_codes": error.messages}) from None
        invitation = self.get_queryset().get(pk=invitation.pk)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InvitationSendSerializer, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        invitation = self.get_object()
        data = InvitationSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            invitation_send(
                by=request.user, invitation=invitation, contacts=data.validated_data["contacts"]
            )
        except InvitationError as error:
            return conflict_response(error)
        return Response(InvitationSerializer(invitation).data)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        invitation = self.get_object()
        try:
            invitation_revoke(by=request.user, invitation=invitation)
        except InvitationError as error:
            return conflict_response(error)
        return Response(InvitationSerializer(self.get_queryset().get(pk=invitation.pk)).data)

    def get_object(self):

        try:
            invitation = self.get_queryset().get(pk=path_id(self.kwargs["pk"]))
        except self.get_queryset().model.DoesNotExist:
            raise NotFound from None
        self.check_object_permissions(self.request, invitation)
        return invitation
