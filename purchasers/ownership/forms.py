from django import forms

from .models import Ownership


class OwnershipForm(forms.ModelForm):
    class Meta:
        model = Ownership
        fields = ["name", "name_en", "code", "position", "offered"]
