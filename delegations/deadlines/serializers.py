from rest_framework import serializers

from ..models import Deadline, Reminder


class DeadlineSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True)

    class Meta:
        model = Deadline
        fields = ["id", "edition", "delegation", "lead_agency", "level", "kind", "due_on", "note"]


class ReminderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "delegation",
            "lead_agency",
            "deadline",
            "deadline_kind",
            "due_on",
            "step",
            "recipients",
            "subject",
            "status",
            "error",
            "claimed_at",
            "sent_at",
            "owed",
        ]
