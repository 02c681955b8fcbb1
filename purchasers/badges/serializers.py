from rest_framework import serializers

from delegations.permissions import MAX_ID

from .models import BadgeStatus
from .selectors import badge_of


class BadgeSerializer(serializers.Serializer):
    """An attendee's badge: no ID number here (that is the official download's alone)."""

    attendee = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    registration = serializers.IntegerField(source="registration_id")
    purchaser = serializers.CharField(source="registration.name")
    status = serializers.SerializerMethodField()
    status_since = serializers.SerializerMethodField()
    tracking_number = serializers.SerializerMethodField()
    pickup_place = serializers.SerializerMethodField()

    def _badge(self, attendee):

        return badge_of(attendee)

    def get_status(self, attendee) -> str:
        badge = self._badge(attendee)
        return badge.status if badge else BadgeStatus.NOT_APPLIED

    def get_status_since(self, attendee) -> str | None:
        badge = self._badge(attendee)
        return badge.status_since.isoformat() if badge else None

    def get_tracking_number(self, attendee) -> str:
        badge = self._badge(attendee)
        return badge.tracking_number if badge else ""

    def get_pickup_place(self, attendee) -> str:
        badge = self._badge(attendee)
        return badge.pickup_place if badge else ""


class BadgeStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=BadgeStatus.choices)
    tracking_number = serializers.CharField(max_length=50, required=False, allow_blank=True)


class HandOverSerializer(serializers.Serializer):
    delegation = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class StatusImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The official system's status export (.xlsx).")


class StatusChangeSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    attendee = serializers.IntegerField(source="attendee_id")
    who = serializers.CharField()
    id_number = serializers.CharField(help_text="Masked.")
    before = serializers.CharField()
    after = serializers.CharField()
    tracking_number = serializers.CharField(allow_blank=True)
    pickup_place = serializers.CharField(allow_blank=True)
