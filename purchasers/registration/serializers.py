"""Registrations over the API. Input is checked by the same forms as the registration page,
so the API says the same things in the same words."""

from django.forms import Form
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from delegations.models import LeadAgency, SubDelegation

from .. import personal_data
from ..models import Attendee, Registration
from .fields import ATTENDEE_FIELDS, FIRM_FIELDS
from .forms import AttendeeRowForm, RegistrationPurchaserForm


def _form_errors(form: Form) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


class PurchaserSerializer(serializers.ModelSerializer):
    """The firm as this registration registered it: its own details, the firm's code."""

    credit_code = serializers.CharField(source="purchaser.credit_code", read_only=True)
    ownership = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The ownership's code; null when not given.",
    )

    class Meta:
        model = Registration
        fields = FIRM_FIELDS.entered


class AttendeeSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(
        source="shown_id_number",
        read_only=True,
        help_text="Personal data: whole, masked or empty as the reader's role needs it.",
    )
    phone = serializers.CharField(
        source="shown_phone",
        read_only=True,
        help_text="Personal data: whole, masked or empty as the reader's role needs it.",
    )

    class Meta:
        model = Attendee
        fields = ["id", *ATTENDEE_FIELDS.entered]


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as its readers see it."""

    edition = serializers.IntegerField(source="edition.number", read_only=True)
    purchaser = PurchaserSerializer(source="*", read_only=True)
    attendees = serializers.SerializerMethodField()
    registered_by = serializers.CharField(source="registered_by.username", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "edition",
            "status",
            "sub_delegation",
            "lead_agency",
            "unit",
            "registered_by",
            "purchaser",
            "attendees",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _access(self, registration) -> dict:
        request = self.context.get("request")
        return personal_data.access_for(getattr(request, "user", None), registration)

    @extend_schema_field(AttendeeSerializer(many=True))
    def get_attendees(self, registration) -> list:
        people = personal_data.attendees_for(
            self._access(registration), registration.attendees.all()
        )
        return AttendeeSerializer(people, many=True).data

    def to_representation(self, registration):
        data = super().to_representation(registration)
        data["purchaser"]["contact_phone"] = personal_data.shown(
            registration.contact_phone,
            self._access(registration)[personal_data.CONTACT_PHONE],
        )
        return data


def _input_fields(declaration, *, required: list[str]) -> dict:
    """The declaration's entered fields as text (a choice where the model offers them): the
    forms check them, so that the API says what the pages say."""
    fields = {}
    for name in declaration.entered:
        model_field = declaration.model._meta.get_field(name)
        if model_field.has_default():
            options = {"default": model_field.default}
        elif name in required:
            options = {}
        else:
            options = {"required": False, "allow_blank": True, "allow_null": model_field.null}
        if model_field.choices:
            fields[name] = serializers.ChoiceField(choices=model_field.choices, **options)
        else:
            fields[name] = serializers.CharField(**options)
    return fields


PurchaserInputSerializer = type(
    "PurchaserInputSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "The firm's fields; a draft needs at least "
        + " and ".join(f"``{name}``" for name in FIRM_FIELDS.draft)
        + ".",
        "__module__": __name__,
        **_input_fields(FIRM_FIELDS, required=FIRM_FIELDS.draft),
    },
)


AttendeeInputSerializer = type(
    "AttendeeInputSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "One attendee; with ``id`` it is that stored attendee, without it a new one.",
        "__module__": __name__,
        "id": serializers.IntegerField(required=False),
        **_input_fields(ATTENDEE_FIELDS, required=ATTENDEE_FIELDS.required),
    },
)


class RegistrationWriteSerializer(serializers.Serializer):
    """Create or change a draft. On change every key is optional: ``purchaser`` fields merge
    into the stored ones, ``attendees`` (when given) replaces the whole list."""

    sub_delegation = serializers.PrimaryKeyRelatedField(queryset=SubDelegation.objects.all())
    lead_agency = serializers.PrimaryKeyRelatedField(
        queryset=LeadAgency.objects.all(),
        required=False,
        allow_null=True,
        help_text="Needed when the sub-delegation has several lead agencies.",
    )
    purchaser = PurchaserInputSerializer()
    attendees = AttendeeInputSerializer(many=True, required=False)

    def validate_purchaser(self, value: dict) -> dict:
        form = RegistrationPurchaserForm(data=value, draft=True)
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        return form.cleaned_data

    def validate_attendees(self, value: list[dict]) -> list[dict]:
        rows, errors = [], []
        for row in value:
            form = AttendeeRowForm(data=row)
            if form.is_valid():
                rows.append(form.cleaned_data)
                errors.append({})
            else:
                errors.append(_form_errors(form))
        if any(errors):
            raise serializers.ValidationError(errors)
        return rows
