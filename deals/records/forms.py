"""Forms of the deal pages. They collect and type what was entered; the rules are in
the services so that the page, the import and the API apply the same ones."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delegations.fields import formfield_callback
from delegations.models import Zone
from delegations.widgets import DATE_INPUT

from ..directory.forms import PICKER_LIMIT, PLEASE_CHOOSE, CountryField, ExhibitorChoiceField
from ..directory.selectors import exhibitor_search
from ..money import CENT
from .fields import DEAL_FIELDS
from .models import Deal
from .services import NEXT_STATUS

AMOUNT_UNITS = [
    ("1", _("Units of the currency (yuan, dollars…)")),
    ("10000", _("Ten thousands of the currency (wan)")),
]


class RegistrationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.sub_delegation.display_name} · {obj.edition}"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form's fields (or above it)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# How the page asks a declared field where the model's own form field is not it; a field
# declared later comes as the model makes it.
PAGE_FIELDS = {
    "registration": lambda: RegistrationChoiceField(queryset=None, label=_("Purchaser")),
    "exhibitor": lambda: ExhibitorChoiceField(
        queryset=None,
        required=False,
        label=_("Exhibitor from the directory"),
        help_text=_("Or leave empty and give the exhibitor's name and country below."),
    ),
    "exhibitor_name": lambda: forms.CharField(
        label=_("Exhibitor name"), max_length=300, required=False
    ),
    "exhibitor_country": lambda: CountryField(
        label=_("Exhibitor country or region"), required=False
    ),
    "zone": lambda: forms.ModelChoiceField(
        queryset=Zone.objects.all(), label=_("Zone"), required=False
    ),
    "product": lambda: forms.CharField(label=_("Product or service"), max_length=300),
    "currency": lambda: forms.ChoiceField(
        label=_("Currency"), choices=Deal.Currency.choices, initial=Deal.Currency.USD
    ),
    "amount": lambda: forms.DecimalField(
        label=_("Amount"),
        max_digits=22,
        decimal_places=6,
        help_text=_(
            "In the currency and unit chosen above: 7,000 in ten thousands of renminbi "
            "is 70,000,000 renminbi."
        ),
    ),
    "signed_on": lambda: forms.DateField(label=_("Date"), widget=DATE_INPUT),
    "at_signing_ceremony": lambda: forms.BooleanField(
        label=_("Signed at a signing ceremony"), required=False
    ),
    "ceremony": lambda: forms.CharField(
        label=_("Which signing ceremony"), max_length=200, required=False
    ),
}


# The page's helpers, each just before the field it serves: the search before the
# directory's list, the currency and the unit before the amount that is read in them.
BEFORE = {"exhibitor": ["exhibitor_search"], "amount": ["currency", "amount_unit"]}


def _page_order(names: list[str]) -> list[str]:
    moved = {name for helpers in BEFORE.values() for name in helpers}
    order = []
    for name in names:
        if name not in moved:
            order += [*BEFORE.get(name, []), name]
    return order


class DealForm(forms.ModelForm):
    """The deal's entered fields as the page asks them; the services check them (so the
    model's own checks are not run here: the import and the API do not run them either)."""

    exhibitor_search = forms.CharField(
        label=_("Find the exhibitor in the directory"),
        required=False,
        help_text=_("A few letters of its Chinese or English name, then “Find”."),
    )
    amount_unit = forms.TypedChoiceField(
        label=_("Amount in"),
        choices=AMOUNT_UNITS,
        coerce=Decimal,
        initial="1",
        required=False,
        empty_value=Decimal(1),
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: this is a different deal"), required=False
    )

    field_order = _page_order(DEAL_FIELDS.entered)

    class Meta:
        model = Deal
        fields = DEAL_FIELDS.entered
        formfield_callback = formfield_callback(PAGE_FIELDS)

    def __init__(self, *args, registrations, exhibitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations
        self.fields["exhibitor"].queryset = exhibitors
        self.fields["exhibitor_country"].keep(self.initial.get("exhibitor_country"))
        self._offer_exhibitors(exhibitors)

    def _offer_exhibitors(self, exhibitors) -> None:
        """The directory may hold thousands: the list offers the chosen exhibitor and those
        matching the search (the page's script asks the search endpoint as one types)."""
        field = self.fields["exhibitor"]
        chosen = self.data.get("exhibitor") if self.is_bound else self.initial.get("exhibitor")
        chosen = getattr(chosen, "pk", chosen)
        source = self.data if self.is_bound else self.initial
        query = (source.get("exhibitor_search") or "").strip()
        shown = list(exhibitors.filter(pk=chosen)) if str(chosen or "").isdigit() else []
        if query:
            found = exhibitor_search(exhibitors, q=query).exclude(pk__in=[x.pk for x in shown])
            shown += list(found[:PICKER_LIMIT])
        self.exhibitors_found = len(shown) if query else None
        field.widget.choices = [("", PLEASE_CHOOSE)] + [
            (x.pk, field.label_from_instance(x)) for x in shown
        ]
        field.widget.attrs["data-search-url"] = reverse("exhibitors:exhibitor-search")

    def clean(self):
        cleaned = super().clean()
        amount, unit = cleaned.get("amount"), cleaned.get("amount_unit")
        if amount is not None and unit is not None:
            amount = amount * unit
            if amount != amount.quantize(CENT):
                self.add_error("amount", _("An amount goes to the cent at most."))
            else:
                cleaned["amount"] = amount.quantize(CENT)
        return cleaned

    def _post_clean(self):
        pass

    @staticmethod
    def initial_for(deal: Deal) -> dict:
        initial = {
            name: getattr(deal, name) for name in DealForm.base_fields if hasattr(deal, name)
        }
        initial.pop("confirm_duplicate", None)
        initial["amount_unit"] = "1"
        return initial


class FollowUpForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=())
    reason = forms.CharField(
        label=_("Reason for cancelling"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Follow-up note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, deal: Deal, cancelling: bool | None = None, **kwargs):
        """``cancelling`` None accepts either move (what is posted); True is the cancel
        form (a reason, nothing else to choose); False moves forward, with no reason box."""

        super().__init__(*args, **kwargs)
        choices = []
        if deal.status in NEXT_STATUS and cancelling is not True:
            nxt = Deal.Status(NEXT_STATUS[deal.status])
            choices.append((nxt.value, nxt.label))
        if cancelling is not False:
            choices.append((Deal.Status.CANCELLED.value, Deal.Status.CANCELLED.label))
        self.fields["to_status"].choices = choices
        self.fields["version"].initial = deal.version
        if cancelling is False:
            del self.fields["reason"]
        elif cancelling:
            self.fields["to_status"].widget = forms.HiddenInput()
            self.fields["to_status"].initial = Deal.Status.CANCELLED.value
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Why the deal is cancelled")
            self.fields["note"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("reason", "")
        return cleaned


class NoteForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
