"""The fields of a purchaser and its attendees, validated the same way wherever they enter:
the registration page, the spreadsheet import and the API."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from delegations.validators import (
    validate_credit_code,
    validate_mobile,
    validate_passport_number,
    validate_permit_number,
    validate_phone,
    validate_resident_id,
)

from .models import Attendee, Purchaser

ID_VALIDATORS = {
    Attendee.IdType.RESIDENT_ID: validate_resident_id,
    Attendee.IdType.PASSPORT: validate_passport_number,
    Attendee.IdType.HK_MACAO_PERMIT: validate_permit_number,
    Attendee.IdType.TAIWAN_PERMIT: validate_permit_number,
}


def validate_id_document(id_type: str, number: str) -> str:
    """Check an ID number by its document type; return it normalised."""
    try:
        check = ID_VALIDATORS[id_type]
    except KeyError:
        raise ValidationError(_("Choose the type of ID document."), code="id_type") from None
    return check(number)


class PurchaserForm(forms.ModelForm):
    class Meta:
        model = Purchaser
        fields = [
            "credit_code",
            "name",
            "kind",
            "industry",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_phone"):
            self.fields[name].required = True

    def clean_credit_code(self) -> str:
        return validate_credit_code(self.cleaned_data["credit_code"])

    def clean_contact_phone(self) -> str:
        return validate_phone(self.cleaned_data["contact_phone"])

    def validate_unique(self):
        # A purchaser already known from an earlier edition is registered again, not
        # refused: whether it is already registered *this* edition is a registration rule.
        pass


class AttendeeForm(forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "id_type", "id_number", "phone", "email", "title"]

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        id_type, number = cleaned.get("id_type"), cleaned.get("id_number")
        if id_type and number:
            try:
                cleaned["id_number"] = validate_id_document(id_type, number)
            except ValidationError as error:
                self.add_error("id_number", error)
        return cleaned

    def validate_unique(self):
        # Checked across the edition by the registration service, with a message that
        # says where the person is already registered.
        pass
