from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from delegations.permissions import delegations_managed_by

from ..permissions import exchange_rates_visible_to
from ..records.api import api_errors
from . import services
from .serializers import ExchangeRateSerializer


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
            raise api_errors(error) from error
        return Response(self.get_serializer(rate).data, status=status.HTTP_201_CREATED)
