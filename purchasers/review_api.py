"""Tiered review through the API: the same queues, services and scopes as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from delegations.permissions import get_in_scope_or_404, path_id

from . import review
from .models import Attendee, Registration
from .permissions import registrations_visible_to
from .review_selectors import notices_for, registration_for_review, review_queue
from .review_serializers import (
    BackgroundCheckSerializer,
    BulkApproveSerializer,
    CheckSerializer,
    NoticeSerializer,
    ReasonSerializer,
    ReviewRegistrationDetailSerializer,
    ReviewRegistrationSerializer,
)


def _run(service, **kwargs) -> Response:
    """Call a review service; out of scope is 404, someone first is 409, else 400."""
    try:
        result = service(**kwargs)
    except review.NotInScope as exc:
        raise NotFound from exc
    except review.AlreadyDecided as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
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
        return self._act(pk, review.registration_set_credit_check, CheckSerializer)

    @extend_schema(request=BackgroundCheckSerializer, responses=ReviewRegistrationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="background-check")
    def background_check(self, request, pk=None):
        registration = self._scoped(pk)
        data = self._valid(BackgroundCheckSerializer)
        attendee = get_in_scope_or_404(
            Attendee.objects.filter(registration=registration), pk=data.pop("attendee")
        )
        response = _run(
            review.attendee_set_background_check, attendee=attendee, by=request.user, **data
        )
        if response.status_code == status.HTTP_200_OK:
            response.data = self._detail(pk)
        return response

    @extend_schema(request=BulkApproveSerializer, responses=ReviewRegistrationSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request):
        """Approve several at the lead tier. Any id outside scope: 404 and nothing done."""
        data = self._valid(BulkApproveSerializer)
        response = _run(
            review.registrations_bulk_approve, registration_ids=data["ids"], by=request.user
        )
        if response.status_code == status.HTTP_200_OK:
            result = response.data
            response.data = {
                "approved": ReviewRegistrationSerializer(result["approved"], many=True).data,
                "skipped": ReviewRegistrationSerializer(result["skipped"], many=True).data,
            }
        return response

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class NoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's on-site notices about their registrations, newest first."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return notices_for(user=self.request.user)
