"""The one shape of a history entry in the API."""

from rest_framework import serializers

from .presenters import kind_label


class AuditEventSerializer(serializers.ModelSerializer):
    """Who, when, the kind (its code and its label in the caller's language), the changes as
    ``{field: [before, after]}`` and the reason; a subclass names its model in ``Meta``."""

    actor = serializers.CharField(source="actor.display_full_name", read_only=True)
    kind_label = serializers.SerializerMethodField()

    class Meta:
        fields = ["id", "at", "actor", "kind", "kind_label", "changes", "reason"]
        read_only_fields = fields

    def get_kind_label(self, event) -> str:
        return kind_label(event.kind)


class StatusEventSerializer(AuditEventSerializer):
    class Meta(AuditEventSerializer.Meta):
        fields = [*AuditEventSerializer.Meta.fields, "from_status", "to_status"]
        read_only_fields = fields
