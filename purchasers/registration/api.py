"""Registrations over the API: the same services and scopes as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from delegations.capabilities import can
from delegations.permissions import get_in_scope_or_404

from ..bulk import BulkRefused
from ..models import Registration
from ..permissions import EDITABLE_STATUSES, registrations_owned_by
from ..review.api import bulk_refused_response
from ..review.serializers import (
    BulkApproveSerializer,
    ReviewRegistrationSerializer,
)
from .fields import ATTENDEE_FIELDS, FIRM_FIELDS
from .selectors import registration_list, registration_page_rows
from .serializers import RegistrationSerializer, RegistrationWriteSerializer
from .services import (
    RegistrationError,
    registration_save_draft,
    registration_submit,
    registrations_submit_bulk,
)


class NotEditable(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_editable"


def _as_api_error(error: RegistrationError) -> ValidationError:
    detail: dict = {}
    if error.messages:
        detail["non_field_errors"] = error.messages
    placement = {k: v for k, v in error.fields.items() if k in ("sub_delegation", "lead_agency")}
    detail.update(placement)
    purchaser = {k: v for k, v in error.fields.items() if k not in placement}
    if purchaser:
        detail["purchaser"] = purchaser
    if error.attendees:
        detail["attendees"] = {str(index): row for index, row in error.attendees.items()}
    return ValidationError(detail)


def _check_editable(registration: Registration) -> None:
    if registration.status not in EDITABLE_STATUSES:
        raise NotEditable(
            _("This registration is %(status)s: it can no longer be changed.")
            % {"status": registration.get_status_display()}
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Registration.Status.values),
            OpenApiParameter("sub_delegation", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR, description="Name or credit code contains"),
        ]
    )
)
class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Purchaser registrations in the caller's scope. Drafts are created and changed by the
    registering unit and submitted for review; outside the caller's scope is a 404."""

    serializer_class = RegistrationSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        params = self.request.query_params
        qs = registration_list(
            user=user,
            status=params.get("status", ""),
            sub_delegation=params.get("sub_delegation", ""),
            q=params.get("q", "").strip(),
        )
        return (
            registration_page_rows(qs)
            .select_related("registered_by", "edition", "ownership")
            .prefetch_related("attendees")
        )

    def _owned(self, pk) -> Registration:
        return get_in_scope_or_404(registrations_owned_by(self.request.user), pk=pk)

    @extend_schema(request=RegistrationWriteSerializer, responses={201: RegistrationSerializer})
    def create(self, request):
        """Create a draft registration."""
        if not can(request.user, "registrations.create"):
            raise PermissionDenied
        serializer = RegistrationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            registration = registration_save_draft(
                by=request.user,
                sub_delegation=data["sub_delegation"],
                lead_agency=data.get("lead_agency"),
                purchaser=data["purchaser"],
                attendees=data.get("attendees", []),
            )
        except RegistrationError as error:
            raise _as_api_error(error) from error
        return Response(
            self.get_serializer(self._owned(registration.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=RegistrationWriteSerializer,
        responses={200: RegistrationSerializer, 409: OpenApiTypes.OBJECT},
    )
    def partial_update(self, request, pk=None):
        """Change a draft or a returned registration; every key is optional."""
        registration = self._owned(pk)
        _check_editable(registration)
        current = {
            "sub_delegation": registration.sub_delegation_id,
            "lead_agency": registration.lead_agency_id,
            # The firm as this registration registered it: given fields change only that.
            "purchaser": {name: getattr(registration, name) for name in FIRM_FIELDS.entered},
        }
        incoming = request.data
        merged = {
            "sub_delegation": incoming.get("sub_delegation", current["sub_delegation"]),
            "lead_agency": incoming.get(
                "lead_agency",
                None if "sub_delegation" in incoming else current["lead_agency"],
            ),
            "purchaser": {**current["purchaser"], **(incoming.get("purchaser") or {})},
        }
        if "attendees" in incoming:
            merged["attendees"] = incoming["attendees"]
        serializer = RegistrationWriteSerializer(data=merged)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "attendees" in data:
            attendees = data["attendees"]
        else:
            attendees = [
                {"id": a.pk, **{name: getattr(a, name) for name in ATTENDEE_FIELDS.entered}}
                for a in registration.attendees.all()
            ]
        try:
            registration_save_draft(
                by=request.user,
                registration=registration,
                sub_delegation=data["sub_delegation"],
                lead_agency=data.get("lead_agency"),
                purchaser=data["purchaser"],
                attendees=attendees,
            )
        except RegistrationError as error:
            raise _as_api_error(error) from error
        return Response(self.get_serializer(self._owned(pk)).data)

    @extend_schema(
        request=BulkApproveSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["post"], url_path="bulk-submit")
    def bulk_submit(self, request):
        """Submit several of your unit's drafts at once, all or nothing: the refusal names
        each one that cannot go and why. An id not your unit's: 404, nothing submitted."""
        incoming = BulkApproveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            done = registrations_submit_bulk(
                registration_ids=incoming.validated_data["ids"], by=request.user
            )
        except Registration.DoesNotExist as error:
            raise NotFound from error
        except BulkRefused as refusal:
            return bulk_refused_response(refusal)
        return Response(
            {"count": len(done), "submitted": ReviewRegistrationSerializer(done, many=True).data}
        )

    @extend_schema(request=None, responses={200: RegistrationSerializer, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a complete draft (or a corrected returned registration) for review."""
        registration = self._owned(pk)
        _check_editable(registration)
        try:
            registration_submit(registration=registration, by=request.user)
        except RegistrationError as error:
            raise _as_api_error(error) from error
        return Response(self.get_serializer(self._owned(pk)).data)
