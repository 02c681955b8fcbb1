from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.fields import formfield_callback
from delegations.widgets import DATE_INPUT

from ..directory.forms import ExhibitorChoiceField
from ..records.forms import RegistrationChoiceField
from .fields import MEETING_FIELDS, NEED_FIELDS
from .models import Meeting, ProcurementNeed


class NeedForm(forms.ModelForm):
    class Meta:
        model = ProcurementNeed
        fields = NEED_FIELDS.entered
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formfield_callback(
            {"registration": lambda: RegistrationChoiceField(queryset=None, label=_("Purchaser"))}
        )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations


class MeetingForm(forms.ModelForm):
    """A meeting on its need's page, which gives the need."""

    class Meta:
        model = Meeting
        fields = [name for name in MEETING_FIELDS.entered if name != "need"]
        widgets = {"meets_on": DATE_INPUT, "outcome": forms.Textarea(attrs={"rows": 2})}
        formfield_callback = formfield_callback(
            {"exhibitor": lambda: ExhibitorChoiceField(queryset=None, label=_("Exhibitor"))}
        )

    def __init__(self, *args, exhibitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = exhibitors
