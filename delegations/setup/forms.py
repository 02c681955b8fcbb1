"""Forms for deadlines and reminder rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    Deadline,
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SubDelegation,
    User,
)


class DeadlineForm(forms.Form):
    applies_to = forms.ChoiceField(label=_("applies to"))
    kind = forms.ChoiceField(label=_("deadline"), choices=Deadline.Kind.choices)
    due_on = forms.DateField(label=_("due on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, delegation: Delegation, scopes: set[str], **kwargs):
        """``scopes``: the levels the user may set (``deadline_scopes_for``); an office is
        never offered the edition's date, the national administrator only that one."""
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        self.agencies = {}
        if "agency" in scopes:
            self.agencies = {
                str(agency.pk): agency
                for agency in LeadAgency.objects.filter(sub_delegation__delegation=delegation)
                .select_related("sub_delegation")
                .prefetch_related("units")
            }
        choices = []
        if "edition" in scopes:
            choices.append(("edition", _("the whole edition (the national bureau's date)")))
        if "delegation" in scopes:
            choices.append(("delegation", _("this delegation")))
        choices += [
            (f"agency:{pk}", f"{agency.sub_delegation.display_name} · {agency}")
            for pk, agency in self.agencies.items()
        ]
        self.fields["applies_to"].choices = choices

    def scope(self) -> dict:
        """The delegation and lead agency the deadline is for (both None: the edition)."""
        value = self.cleaned_data["applies_to"]
        if value == "edition":
            return {"delegation": None, "lead_agency": None}
        if value == "delegation":
            return {"delegation": self.delegation, "lead_agency": None}
        return {"delegation": self.delegation, "lead_agency": self.agencies[value.split(":")[1]]}


class ReminderRuleForm(forms.Form):
    kind = forms.ChoiceField(choices=Deadline.Kind.choices, widget=forms.HiddenInput)
    steps = forms.CharField(
        label=_("days before the deadline"),
        max_length=100,
        help_text=_("Numbers separated by commas, e.g. 14, 7, 3, 1."),
    )
    active = forms.BooleanField(label=_("send reminders"), required=False)

    def clean_steps(self) -> list[int]:
        parts = [p for p in self.cleaned_data["steps"].replace("，", ",").split(",") if p.strip()]
        try:
            steps = sorted({int(p) for p in parts}, reverse=True)
        except ValueError:
            raise forms.ValidationError(_("Enter whole numbers of days.")) from None
        if not steps or any(s < 0 or s > 365 for s in steps):
            raise forms.ValidationError(_("Days before the deadline must be between 0 and 365."))
        return steps


# --- set-up ------------------------------------------------------------------------------


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["number", "year", "opens_on", "closes_on", "national_intended_usd"]
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
        fields = ["name", "name_en", "kind", "sort_order", "shared_review", "continues"]

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
        fields = ["units", "target", "focus", "focus_en", "sort_order"]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class MemberUnitForm(forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = ["name", "name_en", "kind", "liaison_name", "liaison_phone", "liaison_email"]

    def validate_unique(self):
        pass


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


class CopyForwardForm(forms.Form):
    source = forms.ModelChoiceField(label=_("copy from"), queryset=Delegation.objects.none())
    edition = forms.ModelChoiceField(label=_("into edition"), queryset=Edition.objects.all())

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
