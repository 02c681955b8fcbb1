"""Forms of the exhibitor directory, and the fields other forms use to choose from it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.fields import formfield_callback

from .. import countries
from .fields import EXHIBITOR_FIELDS
from .models import Exhibitor

PLEASE_CHOOSE = _("Please choose")

PICKER_LIMIT = 50


class ExhibitorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({countries.display(obj.country)}) · {obj.edition}"


class CountryField(forms.ChoiceField):
    """One of the list of countries and regions, named in the reader's language."""

    initial_value = None

    def __init__(self, **kwargs):
        super().__init__(choices=self._choices_with_placeholder, **kwargs)

    @staticmethod
    def _choices_with_placeholder():
        return [("", PLEASE_CHOOSE), *countries.choices()]

    def valid_value(self, value) -> bool:
        # A value recorded before the list existed stays valid while it is left unchanged.
        return super().valid_value(value) or value == self.initial_value

    def keep(self, value: str | None) -> None:
        """Offer a value recorded before the list existed, marked, until it is corrected."""
        self.initial_value = value
        if value and countries.canonical(value) is None:
            marked = _("%(value)s (not on the list)") % {"value": value}
            self.choices = [("", PLEASE_CHOOSE), (value, marked), *countries.choices()]


class ExhibitorForm(forms.ModelForm):
    class Meta:
        model = Exhibitor
        fields = EXHIBITOR_FIELDS.entered
        widgets = {"products": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formfield_callback(
            {"country": lambda: CountryField(label=_("Country or region"))}
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].keep(self.initial.get("country"))
