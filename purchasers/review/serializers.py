from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from delegations.audit.serializers import StatusEventSerializer
from delegations.permissions import MAX_ID

from .. import personal_data
from ..models import Attendee, CheckStatus, Notice, Registration, RegistrationEvent


class ReviewEventSerializer(StatusEventSerializer):
    changes = serializers.SerializerMethodField()
    tier = serializers.SerializerMethodField()

    class Meta(StatusEventSerializer.Meta):
        model = RegistrationEvent
        fields = [*StatusEventSerializer.Meta.fields, "tier"]
        read_only_fields = fields

    def get_tier(self, event) -> str:
        return (event.changes or {}).get("tier", "")

    def get_changes(self, event) -> dict:
        # Personal data in the history is shown as the page shows it to this reader.
        request = self.context.get("request")
        access = personal_data.access_for(getattr(request, "user", None), event.registration)
        return personal_data.redact_changes(event.changes, access)


class ReviewAttendeeSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="shown_id_number", read_only=True)

    class Meta:
        model = Attendee
        fields = ["id", "name", "id_type", "id_number", "background_check", "background_check_note"]


class ReviewRegistrationSerializer(serializers.ModelSerializer):
    purchaser_name = serializers.CharField(source="name", read_only=True)
    credit_code = serializers.CharField(source="purchaser.credit_code", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "purchaser_name",
            "credit_code",
            "sub_delegation",
            "lead_agency",
            "unit",
            "status",
            "credit_check",
            "credit_check_note",
            "updated_at",
        ]


class ReviewRegistrationDetailSerializer(ReviewRegistrationSerializer):
    attendees = serializers.SerializerMethodField()
    events = ReviewEventSerializer(many=True, read_only=True)
    missing_checks = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(ReviewRegistrationSerializer.Meta):
        fields = [
            *ReviewRegistrationSerializer.Meta.fields,
            "attendees",
            "missing_checks",
            "events",
        ]

    @extend_schema_field(ReviewAttendeeSerializer(many=True))
    def get_attendees(self, registration) -> list:
        request = self.context.get("request")
        access = personal_data.access_for(getattr(request, "user", None), registration)
        people = personal_data.attendees_for(access, registration.attendees.all())
        return ReviewAttendeeSerializer(people, many=True).data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class BulkApproveSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False
    )


class BulkReasonSerializer(BulkApproveSerializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class BulkCheckSerializer(BulkApproveSerializer):
    """The same result for every id: registrations (credit) or attendees (background)."""

    status = serializers.ChoiceField(choices=CheckStatus.choices)
    note = serializers.CharField(allow_blank=True, required=False, default="")


class BulkRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    refused = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="Each one that cannot go through: {item, reason}. Nothing was done.",
    )


class CheckResultsUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The bureau's returned sheet (.xlsx): ID number or credit code, result, note."
    )


class CheckSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CheckStatus.choices)
    note = serializers.CharField(allow_blank=True, required=False, default="")


class BackgroundCheckSerializer(CheckSerializer):
    attendee = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class NoticeSerializer(serializers.ModelSerializer):
    purchaser_name = serializers.CharField(source="registration.name", read_only=True)
    actor = serializers.CharField(source="actor.display_full_name", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "registration",
            "purchaser_name",
            "kind",
            "reason",
            "actor",
            "created_at",
            "read_at",
        ]
