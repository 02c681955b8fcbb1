from rest_framework import serializers


class RegistrationImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A filled import template (.xlsx).")
    sub_delegation = serializers.IntegerField()
    lead_agency = serializers.IntegerField(
        required=False, allow_null=True, help_text="Required when the sub-delegation is co-led."
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row number in the sheet.")
    column = serializers.CharField(help_text="The column header, in the request's language.")
    message = serializers.CharField()
    value = serializers.CharField(allow_blank=True, help_text="What the cell holds.")
    subject = serializers.CharField(
        allow_blank=True, help_text="The name of the organisation the row belongs to."
    )


class KnownFirmSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The firm's first row in the sheet.")
    credit_code = serializers.CharField()
    differences = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(allow_blank=True)),
        help_text="Field: [latest known, in the sheet]. What was registered elsewhere "
        "is not changed.",
    )


class RegistrationImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.BooleanField()
    rows = serializers.IntegerField()
    firms = serializers.IntegerField()
    attendees = serializers.IntegerField()
    file_error = serializers.CharField(allow_blank=True)
    errors = RowErrorSerializer(many=True)
    known_firms = KnownFirmSerializer(many=True)
    registrations = serializers.ListField(child=serializers.IntegerField())
