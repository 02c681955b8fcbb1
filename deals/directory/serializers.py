from rest_framework import serializers

from delegations.models import Edition, Zone

from .fields import EXHIBITOR_FIELDS
from .models import Exhibitor, ExhibitorProposal


class ExhibitorSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="number", queryset=Edition.objects.all())
    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())

    class Meta:
        model = Exhibitor
        fields = ["id", *EXHIBITOR_FIELDS.names]


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
