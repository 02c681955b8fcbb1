from rest_framework import serializers

from delegations.models import Delegation

from .models import ExchangeRate


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
