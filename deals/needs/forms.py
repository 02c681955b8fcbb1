from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.widgets import DATE_INPUT

from ..directory.forms import ExhibitorChoiceField
from ..records.forms import RegistrationChoiceField
from .models import Meeting, ProcurementNeed


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
        widgets = {"meets_on": DATE_INPUT, "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, exhibitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = exhibitors
