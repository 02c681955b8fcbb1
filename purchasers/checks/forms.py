from django import forms
from django.utils.translation import gettext_lazy

from ..models import CheckStatus


class CheckForm(forms.Form):
    """One verdict, on the review page."""

    status = forms.ChoiceField(label=gettext_lazy("Result"), choices=CheckStatus.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when the check failed."),
    )


class VerdictForm(forms.Form):
    """One verdict for many, on the checker's list."""

    status = forms.ChoiceField(label=gettext_lazy("Result"), choices=CheckStatus.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False)


class CheckSheetForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Returned sheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
