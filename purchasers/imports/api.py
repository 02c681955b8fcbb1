"""The spreadsheet import through the API: the same service, scope and checks as the page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from delegations.capabilities import can
from delegations.permissions import get_in_scope_or_404, sub_delegations_visible_to

from . import services as imports
from .serializers import RegistrationImportRequestSerializer, RegistrationImportResultSerializer


class RegistrationImportViewSet(viewsets.ViewSet):
    """Import purchaser registrations from a filled spreadsheet template.

    With ``?dry_run=1`` the file is only checked and every row's errors come back; without
    it a file with no errors is imported, all or nothing, as draft registrations.
    """

    parser_classes = [MultiPartParser]
    serializer_class = RegistrationImportRequestSerializer

    @extend_schema(
        request={"multipart/form-data": RegistrationImportRequestSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                description="Check only: report the errors and save nothing.",
            )
        ],
        responses={
            201: RegistrationImportResultSerializer,
            200: RegistrationImportResultSerializer,
            # The sheet's problems (the result), or the upload's field errors.
            400: OpenApiTypes.OBJECT,
        },
    )
    def create(self, request):
        if not can(request.user, "registrations.import"):
            raise PermissionDenied
        incoming = RegistrationImportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        sub = get_in_scope_or_404(
            sub_delegations_visible_to(request.user), pk=data["sub_delegation"]
        )
        body = {
            "dry_run": dry_run,
            "imported": False,
            "rows": 0,
            "firms": 0,
            "attendees": 0,
            "file_error": "",
            "errors": [],
            "known_firms": [],
            "registrations": [],
        }
        try:
            agency = imports.choose_lead_agency(
                sub_delegation=sub, lead_agency_id=data.get("lead_agency"), user=request.user
            )
            result = imports.registration_import(
                user=request.user,
                sub_delegation=sub,
                lead_agency=agency,
                file=data["file"],
                dry_run=dry_run,
            )
        except imports.ImportFileError as error:
            body["file_error"] = str(error)
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        body.update(
            imported=result.imported,
            rows=result.rows,
            firms=result.firms,
            attendees=result.attendees,
            errors=[e.as_dict() for e in result.errors],
            known_firms=[k.as_dict() for k in result.known],
            registrations=[r.pk for r in result.created],
        )
        if result.errors:
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)
