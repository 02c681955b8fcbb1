"""Tiered review through the API: the same queues, services and scopes as the pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from delegations.api_answers import conflict_response
from delegations.permissions import get_in_scope_or_404, path_id
from delegations.sheets import SheetError

from .. import bulk
from ..checks import services as checks
from ..checks import sheet as check_sheet
from ..models import Attendee, Registration
from ..permissions import registrations_visible_to
from . import services as review
from .selectors import notices_for, registration_for_review, review_queue
from .serializers import (
    BackgroundCheckSerializer,
    BulkApproveSerializer,
    BulkCheckSerializer,
    BulkReasonSerializer,
    CheckResultsUploadSerializer,
    CheckSerializer,
    NoticeSerializer,
    ReasonSerializer,
    ReviewAttendeeSerializer,
    ReviewRegistrationDetailSerializer,
    ReviewRegistrationSerializer,
)

# A 400 is either the body's field errors or the all-or-nothing refusal (BulkRefusedSerializer).
BULK_RESPONSES = {200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT}


def bulk_refused_response(refusal: bulk.BulkRefused) -> Response:
    """All or nothing: 400, with each one that cannot go through and why."""
    return Response(
        {
            "detail": str(refusal),
            "refused": [{"item": what, "reason": why} for what, why in refusal.reasons],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


def _run(service, **kwargs) -> Response:
    """Call a review service; out of scope is 404, someone first is 409, else 400."""
    try:
        result = service(**kwargs)
    except review.NotInScope as exc:
        raise NotFound from exc
    except bulk.BulkRefused as exc:
        return bulk_refused_response(exc)
    except review.AlreadyDecided as exc:
        return conflict_response(exc)
    except review.ReviewError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(result)


class ReviewViewSet(viewsets.GenericViewSet):
    """The caller's review queue (lead: submitted; office: approved by lead; checkers: what
    waits for their check), one registration with its checks and history, and the actions."""

    serializer_class = ReviewRegistrationSerializer

    def get_queryset(self):
        params = self.request.query_params
        sub = params.get("sub_delegation", "")
        return review_queue(
            user=self.request.user,
            q=params.get("q", ""),
            sub_delegation=int(sub) if sub.isdigit() else None,
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=ReviewRegistrationDetailSerializer)
    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def _detail(self, pk) -> dict:
        registration = registration_for_review(user=self.request.user, pk=path_id(pk))
        registration.missing_checks = review.missing_checks(registration)
        return ReviewRegistrationDetailSerializer(
            registration, context=self.get_serializer_context()
        ).data

    def _scoped(self, pk) -> Registration:
        """The registration named in the path, if the caller sees it: 404 before the body."""
        return get_in_scope_or_404(registrations_visible_to(self.request.user), pk=pk)

    def _act(self, pk, service, body=None) -> Response:
        registration = self._scoped(pk)
        kwargs = self._valid(body) if body is not None else {}
        response = _run(service, registration=registration, by=self.request.user, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            response.data = self._detail(pk)
        return response

    @extend_schema(request=None, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(pk, review.registration_lead_approve)

    @extend_schema(request=ReasonSerializer, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(pk, review.registration_lead_reject, ReasonSerializer)

    @extend_schema(request=ReasonSerializer, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(pk, review.registration_return, ReasonSerializer)

    @extend_schema(request=None, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._act(pk, review.registration_office_report)

    @extend_schema(request=ReasonSerializer, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._act(pk, review.registration_office_send_back, ReasonSerializer)

    @extend_schema(request=None, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        return self._act(pk, review.registration_resubmit)

    @extend_schema(request=CheckSerializer, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="credit-check")
    def credit_check(self, request, pk=None):
        return self._act(pk, checks.registration_set_credit_check, CheckSerializer)

    @extend_schema(request=BackgroundCheckSerializer, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="background-check")
    def background_check(self, request, pk=None):
        registration = self._scoped(pk)
        data = self._valid(BackgroundCheckSerializer)
        attendee = get_in_scope_or_404(
            Attendee.objects.filter(registration=registration), pk=data.pop("attendee")
        )
        response = _run(
            checks.attendee_set_background_check, attendee=attendee, by=request.user, **data
        )
        if response.status_code == status.HTTP_200_OK:
            response.data = self._detail(pk)
        return response

    def _bulk(self, service, key: str, **kwargs) -> Response:
        response = _run(service, by=self.request.user, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            done = response.data
            serializer = (
                ReviewAttendeeSerializer if key == "attendees" else ReviewRegistrationSerializer
            )
            response.data = {"count": len(done), key: serializer(done, many=True).data}
        return response

    @extend_schema(request=BulkApproveSerializer, responses=BULK_RESPONSES)
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request):
        """Approve several at the lead tier, all or nothing. Any id outside scope: 404."""
        data = self._valid(BulkApproveSerializer)
        return self._bulk(
            review.registrations_bulk_approve, "approved", registration_ids=data["ids"]
        )

    @extend_schema(request=BulkApproveSerializer, responses=BULK_RESPONSES)
    @action(detail=False, methods=["post"], url_path="bulk-report")
    def bulk_report(self, request):
        """The office reports several up, all or nothing: the refusal names which still miss
        checks. Any id outside scope: 404."""
        data = self._valid(BulkApproveSerializer)
        return self._bulk(
            review.registrations_bulk_report, "reported", registration_ids=data["ids"]
        )

    @extend_schema(request=BulkReasonSerializer, responses=BULK_RESPONSES)
    @action(detail=False, methods=["post"], url_path="bulk-send-back")
    def bulk_send_back(self, request):
        """The office sends several back to their lead agencies with one reason."""
        data = self._valid(BulkReasonSerializer)
        return self._bulk(
            review.registrations_bulk_send_back,
            "sent_back",
            registration_ids=data["ids"],
            reason=data["reason"],
        )

    @extend_schema(request=BulkCheckSerializer, responses=BULK_RESPONSES)
    @action(detail=False, methods=["post"], url_path="bulk-credit-check")
    def bulk_credit_check(self, request):
        """Record one credit-check result for several registrations (ids of registrations)."""
        data = self._valid(BulkCheckSerializer)
        verdicts = [(pk, data["status"], data["note"]) for pk in data["ids"]]
        return self._bulk(
            checks.registrations_set_credit_checks, "registrations", verdicts=verdicts
        )

    @extend_schema(request=BulkCheckSerializer, responses=BULK_RESPONSES)
    @action(detail=False, methods=["post"], url_path="bulk-background-check")
    def bulk_background_check(self, request):
        """Record one background-check result for several attendees (ids of attendees)."""
        data = self._valid(BulkCheckSerializer)
        verdicts = [(pk, data["status"], data["note"]) for pk in data["ids"]]
        return self._bulk(checks.attendees_set_background_checks, "attendees", verdicts=verdicts)

    @extend_schema(
        request={"multipart/form-data": CheckResultsUploadSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                description="Preview only: what would change, rows that match nobody, errors.",
            )
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="check-results",
        parser_classes=[MultiPartParser],
    )
    def check_results(self, request):
        """The bureau's returned sheet (ID number or credit code, result, note): the same
        import core and bulk check services as the page. All or nothing."""
        data = self._valid(CheckResultsUploadSerializer)
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes"}
        try:
            preview = check_sheet.check_results_import(
                user=request.user, file=data["file"], dry_run=dry_run
            )
        except review.NotInScope as exc:
            raise NotFound from exc
        except SheetError as error:
            return Response({"file_error": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "dry_run": dry_run,
            "rows": preview.rows,
            "recorded": preview.done,
            "changes": [
                {"row": c.row, "who": c.what, "from": c.before, "to": c.after, "note": c.note}
                for c in preview.changes
            ],
            "unmatched": [{"row": row, "identifier": ident} for row, ident in preview.unmatched],
            "errors": [e.as_dict() for e in preview.errors],
        }
        return Response(
            body, status=status.HTTP_400_BAD_REQUEST if preview.errors else status.HTTP_200_OK
        )

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class NoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's on-site notices about their registrations, newest first."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return notices_for(user=self.request.user)
