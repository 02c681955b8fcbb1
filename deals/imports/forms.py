from django import forms
from django.utils.translation import gettext_lazy as _


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))
