"""The form an office invites a staff member with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import MemberUnit, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("email"))
    last_name = forms.CharField(label=_("family name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("given name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("role"),
        choices=[(r.value, r.label) for r in (User.Role.LEAD, User.Role.REGISTRANT)],
    )
    unit = forms.ModelChoiceField(label=_("unit"), queryset=MemberUnit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
