from rest_framework import serializers

from delegations.validators import validate_credit_code

from .emails import invitation_link
from .models import Invitation


class InvitationSerializer(serializers.ModelSerializer):
    link = serializers.SerializerMethodField()
    used = serializers.IntegerField(read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "name",
            "sub_delegation",
            "lead_agency",
            "unit",
            "link",
            "code",
            "expires_on",
            "max_firms",
            "credit_codes",
            "used",
            "state",
            "created_at",
            "revoked_at",
        ]
        read_only_fields = fields

    def get_link(self, invitation: Invitation) -> str:
        return invitation_link(invitation)

    def get_state(self, invitation: Invitation) -> str:
        if invitation.revoked_at:
            return "revoked"
        return "expired" if invitation.expired else "open"


class InvitationCreateSerializer(serializers.Serializer):
    lead_agency = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    expires_on = serializers.DateField()
    max_firms = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    credit_codes = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, default=list
    )
    contacts = serializers.ListField(child=serializers.EmailField(), required=False, default=list)

    def validate_credit_codes(self, codes: list[str]) -> list[str]:
        return [validate_credit_code(code) for code in codes]


class InvitationSendSerializer(serializers.Serializer):
    contacts = serializers.ListField(child=serializers.EmailField(), min_length=1)
