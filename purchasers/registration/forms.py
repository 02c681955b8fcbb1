"""The fields of a purchaser and its attendees, validated the same way wherever they enter:
the registration page, the spreadsheet import and the API."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegations.validators import (
    validate_credit_code,
    validate_mobile,
    validate_passport_number,
    validate_permit_number,
    validate_phone,
    validate_resident_id,
)

from ..models import Attendee, Ownership, Purchaser
from .fields import ATTENDEE_FIELDS, FIRM_FIELDS

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
        fields = FIRM_FIELDS.entered

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIRM_FIELDS.required:
            self.fields[name].required = True
        ownership = self.fields["ownership"]
        # Told by its code (the API and the sheet give codes); any entry of the list is
        # accepted, a new form offers those still offered and the one it already has.
        ownership.to_field_name = "code"
        if not self.is_bound:
            current = self.initial.get("ownership")
            current = getattr(current, "pk", current)
            ownership.queryset = Ownership.objects.filter(
                models.Q(offered=True) | models.Q(pk=current)
            )

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
        fields = ATTENDEE_FIELDS.entered

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ATTENDEE_FIELDS.required:
            self.fields[name].required = True

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


# The registration page: the firm, where it registers, and its attendees as rows.


class RegistrationPurchaserForm(PurchaserForm):
    """The firm on the registration page. A draft may be saved with only the credit code
    and the name; whatever else is typed is still checked."""

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if draft:
            for name, form_field in self.fields.items():
                form_field.required = name in FIRM_FIELDS.draft

    def clean_contact_phone(self) -> str:
        if not self.cleaned_data["contact_phone"] and not self.fields["contact_phone"].required:
            return ""
        return super().clean_contact_phone()


def placement_choices(lead_agencies) -> list:
    """Lead agencies grouped by sub-delegation; a sub-delegation led by one agency is one
    choice named after it, a co-led one offers each agency with its focus."""
    groups: dict = {}
    for agency in lead_agencies:
        groups.setdefault(agency.sub_delegation, []).append(agency)
    choices = [("", "---------")]
    for sub, agencies in groups.items():
        group = f"{sub.delegation.display_name} · {sub.display_name}"
        if len(agencies) == 1:
            choices.append((group, [(agencies[0].pk, sub.display_name)]))
            continue
        options = []
        for agency in agencies:
            focus = agency.display_focus
            label = f"{sub.display_name} · {agency}" + (f" ({focus})" if focus else "")
            options.append((agency.pk, label))
        choices.append((group, options))
    return choices


class PlacementForm(forms.Form):
    """Which sub-delegation the purchaser joins, and which lead agency it counts towards."""

    lead_agency = forms.TypedChoiceField(
        label=_("Sub-delegation and lead agency"),
        coerce=int,
        help_text=_("The lead agency whose target this purchaser counts towards."),
    )

    def __init__(self, *args, lead_agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in lead_agencies}
        self.fields["lead_agency"].choices = placement_choices(self.agencies.values())

    def clean_lead_agency(self):
        return self.agencies[self.cleaned_data["lead_agency"]]


class AttendeeRowForm(AttendeeForm):
    """One attendee row; ``id`` says which stored attendee the row is."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BaseAttendeeFormSet(forms.BaseFormSet):
    def __init__(self, *args, require_one: bool = False, **kwargs):
        self.require_one = require_one
        super().__init__(*args, **kwargs)

    def rows(self) -> list[tuple[int, dict]]:
        """The filled, kept rows with their index on the page."""
        return [
            (index, {k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        if self.require_one and not self.rows():
            raise ValidationError(_("Add at least one attendee."), code="no_attendee")


AttendeeFormSet = forms.formset_factory(
    AttendeeRowForm, formset=BaseAttendeeFormSet, extra=2, can_delete=True
)
