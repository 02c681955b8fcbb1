"""Forms of the deal pages. They collect and type what was entered; the rules are in
``deals.services`` so that the page, the import and the API apply the same ones."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Zone

from .models import Deal, Exhibitor, Meeting, ProcurementNeed

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistrationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.sub_delegation.display_name} · {obj.edition}"


class ExhibitorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.country}) · {obj.edition}"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form's fields (or above it)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DealForm(forms.Form):
    registration = RegistrationChoiceField(queryset=None, label=_("Purchaser"))
    exhibitor = ExhibitorChoiceField(
        queryset=None,
        required=False,
        label=_("Exhibitor from the directory"),
        help_text=_("Or leave empty and give the exhibitor's name and country below."),
    )
    exhibitor_name = forms.CharField(label=_("Exhibitor name"), max_length=300, required=False)
    exhibitor_country = forms.CharField(
        label=_("Exhibitor country or region"), max_length=100, required=False
    )
    zone = forms.ModelChoiceField(queryset=Zone.objects.all(), label=_("Zone"), required=False)
    product = forms.CharField(label=_("Product or service"), max_length=300)
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2)
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Deal.Currency.choices, initial=Deal.Currency.USD
    )
    signed_on = forms.DateField(label=_("Date"), widget=DATE)
    at_signing_ceremony = forms.BooleanField(
        label=_("Signed at a signing ceremony"), required=False
    )
    ceremony = forms.CharField(label=_("Which signing ceremony"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: this is a different deal"), required=False
    )

    def __init__(self, *args, registrations, exhibitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations
        self.fields["exhibitor"].queryset = exhibitors

    @staticmethod
    def initial_for(deal: Deal) -> dict:
        initial = {
            name: getattr(deal, name) for name in DealForm.base_fields if hasattr(deal, name)
        }
        initial.pop("confirm_duplicate", None)
        return initial


class FollowUpForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=())
    reason = forms.CharField(
        label=_("Reason for cancelling"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Follow-up note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, deal: Deal, **kwargs):
        from .services import NEXT_STATUS

        super().__init__(*args, **kwargs)
        choices = []
        if deal.status in NEXT_STATUS:
            nxt = Deal.Status(NEXT_STATUS[deal.status])
            choices.append((nxt.value, nxt.label))
        choices.append((Deal.Status.CANCELLED.value, Deal.Status.CANCELLED.label))
        self.fields["to_status"].choices = choices
        self.fields["version"].initial = deal.version


class NoteForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class ExchangeRateForm(forms.Form):
    delegation = forms.ModelChoiceField(queryset=Delegation.objects.none(), label=_("Delegation"))
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[c for c in Deal.Currency.choices if c[0] != Deal.Currency.USD],
    )
    usd_rate = forms.DecimalField(
        label=_("USD per one unit"), max_digits=16, decimal_places=8, min_value=0
    )

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations


class ExhibitorForm(forms.ModelForm):
    class Meta:
        model = Exhibitor
        fields = ["edition", "name", "name_en", "country", "zone", "products", "booth"]
        widgets = {"products": forms.Textarea(attrs={"rows": 3})}


class NeedForm(forms.ModelForm):
    registration = RegistrationChoiceField(queryset=None, label=_("Purchaser"))

    class Meta:
        model = ProcurementNeed
        fields = [
            "registration",
            "zone",
            "product",
            "quantity",
            "budget",
            "budget_currency",
            "timing",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations


class MeetingForm(forms.ModelForm):
    exhibitor = ExhibitorChoiceField(queryset=None, label=_("Exhibitor"))

    class Meta:
        model = Meeting
        fields = ["exhibitor", "meets_on", "status", "participants", "outcome"]
        widgets = {"meets_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, exhibitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = exhibitors


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))
