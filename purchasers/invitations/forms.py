"""Forms of invitations. The firm's own form is the staff registration form's classes
(``RegistrationPurchaserForm``, ``AttendeeFormSet``): no second copy of the fields."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations.validators import validate_credit_code

from ..registration.forms import PlacementForm, RegistrationPurchaserForm

SEPARATORS = re.compile(r"[\s,;，；、]+")


def _items(text: str) -> list[str]:
    return [item for item in SEPARATORS.split(text or "") if item]


class ContactsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        addresses, bad = [], []
        for item in _items(value):
            try:
                validate_email(item)
            except ValidationError:
                bad.append(item)
            else:
                addresses.append(item)
        if bad:
            raise ValidationError(
                _("Not an email address: %(items)s") % {"items": "、".join(bad)}, code="email"
            )
        return addresses


class InvitationForm(PlacementForm):
    """An invitation link: where the firms registering through it are placed, and its limits."""

    lead_agency = forms.TypedChoiceField(
        label=_("Sub-delegation and lead agency"),
        coerce=int,
        help_text=_("Firms registering through the link count towards this lead agency."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Say whom it is for, e.g. 2022 商贸分团 — 商超企业."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    max_firms = forms.IntegerField(
        label=_("At most this many firms"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    credit_codes = forms.CharField(
        label=_("Only these firms (credit codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One unified social credit code a line; leave empty for any firm."),
    )
    contacts = ContactsField(
        label=_("Email the link to"),
        required=False,
        help_text=_("Email addresses, one a line; you can also copy the link afterwards."),
    )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise ValidationError(_("The invitation must be valid until today or later."))
        return value

    def clean_credit_codes(self) -> list[str]:
        codes, bad = [], []
        for item in _items(self.cleaned_data["credit_codes"]):
            try:
                codes.append(validate_credit_code(item))
            except ValidationError:
                bad.append(item)
        if bad:
            raise ValidationError(
                _("Not a valid unified social credit code: %(items)s") % {"items": "、".join(bad)}
            )
        return codes


class SendForm(forms.Form):
    contacts = ContactsField(label=_("Email the link to"))


class ShortCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class ConfirmationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the email"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class FirmForm(RegistrationPurchaserForm):
    """The staff form's firm, with the contact's email required: it is confirmed before
    the registration is submitted, and the status link is sent to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].required = True
