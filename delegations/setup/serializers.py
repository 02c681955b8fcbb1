from rest_framework import serializers

from ..models import (
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SubDelegation,
    Zone,
)
from .fields import EDITION_FIELDS, LEAD_AGENCY_FIELDS, SETUP_ONLY, SUB_DELEGATION_FIELDS


def _published(declaration) -> list[str]:
    return [f.name for f in declaration if not f.tags & SETUP_ONLY]


class EditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = ["id", *EDITION_FIELDS.names]


class ZoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["id", "code", "name", "name_en"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberUnit
        fields = ["id", "name", "name_en"]


class LeadAgencySerializer(serializers.ModelSerializer):
    units = UnitSerializer(many=True, read_only=True)

    class Meta:
        model = LeadAgency
        fields = ["id", *_published(LEAD_AGENCY_FIELDS)]


class SubDelegationSerializer(serializers.ModelSerializer):
    lead_agencies = LeadAgencySerializer(many=True, read_only=True)
    target = serializers.IntegerField(read_only=True)

    class Meta:
        model = SubDelegation
        fields = ["id", "delegation", *_published(SUB_DELEGATION_FIELDS), "target", "lead_agencies"]


class DelegationSerializer(serializers.ModelSerializer):
    edition = serializers.IntegerField(source="edition.number", read_only=True)
    region = RegionSerializer(read_only=True)
    office_unit = UnitSerializer(read_only=True)

    class Meta:
        model = Delegation
        fields = [
            "id",
            "edition",
            "region",
            "name",
            "name_en",
            "office_unit",
            "office_contact_name",
            "office_contact_phone",
        ]
