"""Forms for deadlines and reminder rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Deadline, Delegation, LeadAgency


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
