"""The API of bulletins, reports up and member units' reports: the pages' services behind
DRF. Objects come from the scoped querysets (outside scope: 404); the services check the
capability (403) and refuse by state (409 with a translated ``detail``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from delegations.api_answers import conflict_response
from delegations.capabilities import CapabilityPermission, can
from delegations.permissions import delegations_managed_by, get_in_scope_or_404

from . import reports, services, unit_reports
from .selectors import (
    bulletins_visible_to,
    reporting_delegations_of,
    reports_visible_to,
    unit_reports_visible_to,
)
from .serializers import (
    BulletinComposeSerializer,
    BulletinSerializer,
    DelegationRefSerializer,
    ProgressReportSerializer,
    UnitReportPostSerializer,
    UnitReportRespondSerializer,
    UnitReportSerializer,
)


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    """The office's bulletins; ``POST`` composes (or refreshes) the draft, ``send`` sends it."""

    serializer_class = BulletinSerializer
    permission_classes = [CapabilityPermission]
    required_capability = {"create": "bulletins.compose", "send": "bulletins.send"}

    def get_queryset(self):
        return bulletins_visible_to(self.request.user).prefetch_related("deliveries__unit")

    @extend_schema(request=BulletinComposeSerializer, responses=BulletinSerializer)
    def create(self, request):
        data = BulletinComposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegation = get_in_scope_or_404(
            delegations_managed_by(request.user), pk=data.validated_data["delegation"]
        )
        bulletin = services.bulletin_compose(
            delegation=delegation, by=request.user, note=data.validated_data["note"]
        )
        return Response(BulletinSerializer(bulletin).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BulletinSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        try:
            bulletin = services.bulletin_send(bulletin=self.get_object(), by=request.user)
        except services.BulletinError as error:
            return conflict_response(error)
        return Response(BulletinSerializer(bulletin).data)


class ProgressReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reports up to the bureau, as produced; ``POST`` produces one for a delegation."""

    serializer_class = ProgressReportSerializer
    permission_classes = [CapabilityPermission]
    required_capability = {"create": "reports.report_up"}

    def get_queryset(self):
        return reports_visible_to(self.request.user)

    @extend_schema(request=DelegationRefSerializer, responses=ProgressReportSerializer)
    def create(self, request):
        data = DelegationRefSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegation = get_in_scope_or_404(
            delegations_managed_by(request.user), pk=data.validated_data["delegation"]
        )
        report = reports.report_up_create(delegation=delegation, by=request.user)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


class UnitReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Member units' progress notes and problems; ``respond`` answers (the office, with
    ``close``) or adds to the thread (the unit)."""

    serializer_class = UnitReportSerializer
    permission_classes = [CapabilityPermission]
    required_capability = {"create": "unit_reports.post"}

    def get_queryset(self):
        return unit_reports_visible_to(self.request.user).prefetch_related("entries")

    @extend_schema(request=UnitReportPostSerializer, responses=UnitReportSerializer)
    def create(self, request):
        data = UnitReportPostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        delegation = get_in_scope_or_404(
            reporting_delegations_of(request.user), pk=values.pop("delegation")
        )
        try:
            report = unit_reports.unit_report_post(delegation=delegation, by=request.user, **values)
        except unit_reports.UnitReportError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(UnitReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnitReportRespondSerializer, responses=UnitReportSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        report = self.get_object()
        data = UnitReportRespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body, close = data.validated_data["body"], data.validated_data["close"]
        try:
            if can(request.user, "unit_reports.answer", report):
                report = unit_reports.unit_report_answer(
                    report=report, by=request.user, body=body, close=close
                )
            else:
                report = unit_reports.unit_report_reply(report=report, by=request.user, body=body)
        except unit_reports.UnitReportError as error:
            return conflict_response(error)
        return Response(UnitReportSerializer(report).data)
