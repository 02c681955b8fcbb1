"""The fields of an exhibitor in the directory, declared once: the exhibitor form, the
API, the spreadsheet import, the services (what is compared and recorded) and the history
take them from here.

``label`` is what a field is called out of its form (the sheet's column headers)."""

from django.utils.translation import gettext_lazy as _

from delegations.fields import Declaration, Field

EXHIBITOR_FIELDS = Declaration(
    "deals.Exhibitor",
    Field("edition"),
    Field("name", _("Name"), required=True),
    Field("name_en", _("Name (English)")),
    Field("country", _("Country or region"), required=True),
    Field("zone", _("Zone")),
    Field("products", _("Products")),
    Field("booth", _("Booth")),
)
