from rest_framework import serializers

from delegations.models import Zone
from purchasers.models import Registration

from ..directory.models import Exhibitor
from ..directory.serializers import ExhibitorSerializer
from ..records.serializers import scope_registrations
from .fields import MEETING_FIELDS, NEED_FIELDS
from .models import Meeting, ProcurementNeed


class ProcurementNeedSerializer(serializers.ModelSerializer):
    registration = serializers.PrimaryKeyRelatedField(queryset=Registration.objects.all())
    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())
    purchaser = serializers.CharField(source="registration.name", read_only=True)

    class Meta:
        model = ProcurementNeed
        fields = ["id", *NEED_FIELDS.names, "purchaser", "created_at"]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_registrations(self)


class MatchSerializer(serializers.Serializer):
    exhibitor = ExhibitorSerializer()
    matched = serializers.ListField(child=serializers.CharField())


class MeetingSerializer(serializers.ModelSerializer):
    need = serializers.PrimaryKeyRelatedField(queryset=ProcurementNeed.objects.all())
    exhibitor = serializers.PrimaryKeyRelatedField(queryset=Exhibitor.objects.all())

    class Meta:
        model = Meeting
        fields = ["id", *MEETING_FIELDS.names]
