from rest_framework import serializers

from .models import Bulletin, BulletinDelivery, ProgressReport, UnitReport, UnitReportEntry


class BulletinDeliverySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = BulletinDelivery
        fields = ["id", "unit", "unit_name", "liaison_name", "email", "status", "error", "sent_at"]


class BulletinSerializer(serializers.ModelSerializer):
    deliveries = BulletinDeliverySerializer(many=True, read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id", "delegation", "number", "note", "status", "figures", "composed_at", "sent_at",
            "scheduled", "deliveries",
        ]  # fmt: skip
        read_only_fields = fields


class BulletinComposeSerializer(serializers.Serializer):
    delegation = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "delegation", "produced_at", "figures"]
        read_only_fields = fields


class DelegationRefSerializer(serializers.Serializer):
    delegation = serializers.IntegerField(min_value=1)


class UnitReportEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitReportEntry
        fields = ["id", "author", "at", "action", "body"]


class UnitReportSerializer(serializers.ModelSerializer):
    entries = UnitReportEntrySerializer(many=True, read_only=True)

    class Meta:
        model = UnitReport
        fields = [
            "id", "delegation", "unit", "kind", "title", "status", "posted_at", "closed_at",
            "entries",
        ]  # fmt: skip
        read_only_fields = fields


class UnitReportPostSerializer(serializers.Serializer):
    delegation = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=UnitReport.Kind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10000)


class UnitReportRespondSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    close = serializers.BooleanField(required=False, default=False)
