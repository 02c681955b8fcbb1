from rest_framework import serializers

from ..rollups.models import RollupRow


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
    ownership = serializers.CharField(
        source="ownership.code",
        allow_null=True,
        help_text="The purchasers' ownership (its code) at the levels by ownership; null "
        "otherwise, and for the purchasers that gave none.",
    )
    kind = serializers.CharField(
        help_text="The purchasers' type at the levels by type; empty otherwise."
    )
    continent = serializers.CharField(
        help_text="The exhibitors' continent at the levels by continent (empty: a country "
        "outside the list, or not by continent)."
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
