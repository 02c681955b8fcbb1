from rest_framework import serializers

from delegations.audit.serializers import StatusEventSerializer
from delegations.models import Zone
from purchasers.models import Registration

from ..directory.models import Exhibitor
from ..permissions import registrations_for_deals
from .fields import DEAL_FIELDS
from .models import Deal, DealEvent, FollowUpNote


class DealSerializer(serializers.ModelSerializer):
    """A deal as read, and as entered: the rate, the USD amount and the status are the
    service's to set. ``version`` must be sent back on changes (lost-update check)."""

    registration = serializers.PrimaryKeyRelatedField(queryset=Registration.objects.all())
    exhibitor = serializers.PrimaryKeyRelatedField(
        queryset=Exhibitor.objects.all(), required=False, allow_null=True
    )
    zone = serializers.SlugRelatedField(
        slug_field="code", queryset=Zone.objects.all(), required=False, allow_null=True
    )
    exhibitor_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    exhibitor_country = serializers.CharField(max_length=100, required=False, allow_blank=True)
    edition = serializers.IntegerField(source="registration.edition.number", read_only=True)
    purchaser = serializers.CharField(source="registration.name", read_only=True)
    sub_delegation = serializers.IntegerField(
        source="registration.sub_delegation_id", read_only=True
    )
    sub_delegation_name = serializers.CharField(
        source="registration.sub_delegation.name", read_only=True
    )
    delegation = serializers.IntegerField(
        source="registration.sub_delegation.delegation_id", read_only=True
    )
    delegation_name = serializers.CharField(
        source="registration.sub_delegation.delegation.name", read_only=True
    )
    version = serializers.IntegerField(required=False)
    confirm_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Save although the same deal (purchaser, exhibitor, product, amount, date) "
        "is already recorded.",
    )

    class Meta:
        model = Deal
        # Where the deal's purchaser registered, then the declared fields, then the rest.
        fields = [
            "id",
            "edition",
            "purchaser",
            "delegation",
            "delegation_name",
            "sub_delegation",
            "sub_delegation_name",
            *DEAL_FIELDS.names,
            "usd_rate",
            "status",
            "cancel_reason",
            "version",
            "confirm_duplicate",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            *(name for name in DEAL_FIELDS.names if name not in DEAL_FIELDS.entered),
            "usd_rate",
            "status",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_registrations(self)


def scope_registrations(serializer) -> None:
    # Purchasers outside the caller's scope are as absent as purchasers that do not exist.
    request = serializer.context.get("request")
    if request is not None:
        serializer.fields["registration"].queryset = registrations_for_deals(request.user)


class DealMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=[s for s in Deal.Status.choices if s[0] != Deal.Status.INTENDED]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class FollowUpNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    noted_on = serializers.DateField(required=False)

    class Meta:
        model = FollowUpNote
        fields = ["id", "noted_on", "text", "author", "created_at"]
        read_only_fields = ["created_at"]


class DealEventSerializer(StatusEventSerializer):
    class Meta(StatusEventSerializer.Meta):
        model = DealEvent
        fields = [*StatusEventSerializer.Meta.fields, "version"]
        read_only_fields = fields
