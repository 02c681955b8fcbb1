"""The fields of an intended deal, declared once: the deal form, the API, the spreadsheet
import, the services (what is checked, copied and compared) and the history all take them
from here (the sheet adds only how it reads a cell).

``label`` is what a field is called out of its form (the sheet's column headers)."""

from django.utils.translation import gettext_lazy as _

from delegations.fields import Declaration, Field

# What a person enters, then what the services decide from it at the rate of the day; the
# history records all of them, in this order.
DEAL_FIELDS = Declaration(
    "deals.Deal",
    Field("registration", _("Purchaser credit code")),
    Field("exhibitor"),
    Field("exhibitor_name", _("Exhibitor name")),
    Field("exhibitor_country", _("Exhibitor country or region")),
    Field("zone", _("Zone")),
    Field("product", _("Product or service")),
    Field("amount", _("Amount")),
    Field("currency", _("Currency")),
    Field("signed_on", _("Date")),
    Field("at_signing_ceremony"),
    Field("ceremony", _("Signing ceremony (empty if none)")),
    Field("rate", entered=False),
    Field("rate_quote", entered=False),
    Field("amount_usd", entered=False),
)
