from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation

from ..money import RateQuote
from ..records.models import Deal


class ExchangeRateForm(forms.Form):
    delegation = forms.ModelChoiceField(queryset=Delegation.objects.none(), label=_("Delegation"))
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[c for c in Deal.Currency.choices if c[0] != Deal.Currency.USD],
    )
    rate = forms.DecimalField(
        label=_("Rate"),
        max_digits=18,
        decimal_places=8,
        min_value=0,
        help_text=_("As your office quotes it: 7.1 CNY per USD, or 0.1408 USD per CNY."),
    )
    quote = forms.ChoiceField(
        label=_("Quoted as"),
        choices=RateQuote.choices,
        initial=RateQuote.PER_USD,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I have checked this rate: save it although it looks unusual"),
        required=False,
    )

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations
