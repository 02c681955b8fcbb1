"""Forms of the set-up pages: editions, delegations, sub-delegations, lead agencies, units."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SubDelegation,
)
from .fields import (
    EDITION_FIELDS,
    LEAD_AGENCY_FIELDS,
    MEMBER_UNIT_FIELDS,
    SUB_DELEGATION_FIELDS,
)


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = EDITION_FIELDS.entered
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def validate_unique(self):
        pass  # the service says it in the user's words


class DelegationCreateForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("edition"), queryset=Edition.objects.all())
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.all())
    name = forms.CharField(label=_("name"), max_length=100)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    office_unit_name = forms.CharField(
        label=_("office unit"),
        max_length=100,
        help_text=_("The unit where the office sits, e.g. 省商务厅."),
    )
    office_email = forms.EmailField(label=_("office email"), required=False)


class SubDelegationForm(forms.ModelForm):
    class Meta:
        model = SubDelegation
        fields = SUB_DELEGATION_FIELDS.entered

    def __init__(self, *args, lineage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["continues"].queryset = lineage
        self.fields["continues"].label_from_instance = lambda s: (
            f"{s.display_name} · {s.delegation.edition}"
        )

    def validate_unique(self):
        pass


class LeadAgencyForm(forms.ModelForm):
    class Meta:
        model = LeadAgency
        fields = LEAD_AGENCY_FIELDS.entered
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class MemberUnitForm(forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = MEMBER_UNIT_FIELDS.entered

    def validate_unique(self):
        pass


class CopyForwardForm(forms.Form):
    source = forms.ModelChoiceField(label=_("copy from"), queryset=Delegation.objects.none())
    edition = forms.ModelChoiceField(label=_("into edition"), queryset=Edition.objects.all())

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
