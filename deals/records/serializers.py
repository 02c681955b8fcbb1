from rest_framework import serializers

from delegations.models import Delegation, Edition, Zone
from purchasers.models import Registration

from ..models import (
    Deal,
    DealEvent,
    ExchangeRate,
    Exhibitor,
    ExhibitorProposal,
    FollowUpNote,
    Meeting,
    ProcurementNeed,
    RollupRow,
)
from ..permissions import registrations_for_deals

ZONE = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())


class ExhibitorSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="number", queryset=Edition.objects.all())
    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())

    class Meta:
        model = Exhibitor
        fields = ["id", "edition", "name", "name_en", "country", "zone", "products", "booth"]


class ExhibitorProposalSerializer(serializers.ModelSerializer):
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default="")

    class Meta:
        model = ExhibitorProposal
        fields = [
            "id",
            "exhibitor",
            "changes",
            "status",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class ExchangeRateSerializer(serializers.ModelSerializer):
    """A rate as the office quotes it: ``rate`` with ``quote`` (``per_usd``: 7.0 CNY per USD;
    ``usd_per_unit``: 0.15625 USD per CNY), or ``usd_rate`` alone (USD per unit). A rate that
    looks reversed or far from the previous edition's is refused (400, code
    ``unusual_rate``) unless ``confirm`` is true."""

    delegation = serializers.PrimaryKeyRelatedField(queryset=Delegation.objects.all())
    edition = serializers.IntegerField(source="delegation.edition.number", read_only=True)
    set_by = serializers.CharField(source="set_by.username", read_only=True)
    rate = serializers.DecimalField(max_digits=18, decimal_places=8, required=False)
    usd_rate = serializers.DecimalField(max_digits=16, decimal_places=8, required=False)
    units_per_usd = serializers.DecimalField(
        source="per_usd", max_digits=18, decimal_places=6, read_only=True
    )
    confirm = serializers.BooleanField(write_only=True, required=False, default=False)
    deals_keeping = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = ExchangeRate
        fields = [
            "id",
            "delegation",
            "edition",
            "currency",
            "rate",
            "quote",
            "usd_rate",
            "units_per_usd",
            "confirmed_unusual",
            "confirm",
            "deals_keeping",
            "set_by",
            "updated_at",
        ]
        read_only_fields = ["updated_at", "confirmed_unusual"]
        validators = []  # setting a rate again changes it: the service updates or creates


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
        fields = [
            "id",
            "edition",
            "registration",
            "purchaser",
            "delegation",
            "delegation_name",
            "sub_delegation",
            "sub_delegation_name",
            "exhibitor",
            "exhibitor_name",
            "exhibitor_country",
            "zone",
            "product",
            "amount",
            "currency",
            "rate",
            "rate_quote",
            "usd_rate",
            "amount_usd",
            "signed_on",
            "at_signing_ceremony",
            "ceremony",
            "status",
            "cancel_reason",
            "version",
            "confirm_duplicate",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "rate",
            "rate_quote",
            "usd_rate",
            "amount_usd",
            "status",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_registrations(self)


def _scope_registrations(serializer) -> None:
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


class DealEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = DealEvent
        fields = [
            "id",
            "at",
            "actor",
            "action",
            "version",
            "from_status",
            "to_status",
            "reason",
            "changes",
        ]


class ProcurementNeedSerializer(serializers.ModelSerializer):
    registration = serializers.PrimaryKeyRelatedField(queryset=Registration.objects.all())
    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())
    purchaser = serializers.CharField(source="registration.name", read_only=True)

    class Meta:
        model = ProcurementNeed
        fields = [
            "id",
            "registration",
            "purchaser",
            "zone",
            "product",
            "quantity",
            "budget",
            "budget_currency",
            "timing",
            "notes",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_registrations(self)


class MatchSerializer(serializers.Serializer):
    exhibitor = ExhibitorSerializer()
    matched = serializers.ListField(child=serializers.CharField())


class MeetingSerializer(serializers.ModelSerializer):
    need = serializers.PrimaryKeyRelatedField(queryset=ProcurementNeed.objects.all())
    exhibitor = serializers.PrimaryKeyRelatedField(queryset=Exhibitor.objects.all())

    class Meta:
        model = Meeting
        fields = ["id", "need", "exhibitor", "status", "meets_on", "participants", "outcome"]


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TotalsRowSerializer(serializers.Serializer):
    """One group's figures, as the dashboard shows them (USD, live deals only)."""

    level = serializers.ChoiceField(choices=RollupRow.Level.choices)
    edition = serializers.IntegerField(source="edition.number")
    delegation = NamedSerializer(allow_null=True)
    sub_delegation = NamedSerializer(allow_null=True)
    zone = serializers.CharField(
        source="zone.code", allow_null=True, help_text="Zone code; null when not by zone."
    )
    country = serializers.CharField(
        help_text="Exhibitor country or region; empty when the level is not by country."
    )
    deals = serializers.IntegerField()
    purchasers = serializers.IntegerField(help_text="Purchasers with at least one live deal.")
    total_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
    purchasers_over_100m = serializers.IntegerField(
        help_text="Purchasers whose deals in this group add up to more than 100 million USD."
    )
    first_signed_on = serializers.DateField(allow_null=True)
    previous_total_usd = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        help_text="The same group's total at the previous edition (null when it had none).",
    )
    change_usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    change_percent = serializers.DecimalField(max_digits=32, decimal_places=2, allow_null=True)
    accumulated_usd = serializers.DecimalField(
        max_digits=22, decimal_places=2, help_text="Over every edition up to this one."
    )
