"""The fields of a firm as a registration gives it and of an attendee, declared once: the
registration page, the invitation page, the API, the spreadsheet import, the services and
the history all take them from here (a sheet adds only how it reads a cell).

``label`` is what a field is called out of its form (the sheet's column headers); the
forms and the history use the model's own names."""

from django.utils.translation import gettext_lazy as _

from delegations.fields import Declaration, Field

# The firm's own facts (``KNOWN``), carried from its latest known details into another
# registration of it; its contacts are each registration's own personal data.
KNOWN = frozenset({"known"})

# The credit code is the firm's identity, kept on the purchaser; every other field is a
# detail each registration keeps as it registered it. The English name and the region are
# not typed in: they start from the latest known details and are carried over.
FIRM_FIELDS = Declaration(
    "purchasers.Purchaser",
    Field("credit_code", _("Unified social credit code"), required=True, draft=True),
    Field("name", _("Organisation name"), required=True, draft=True, tags=KNOWN),
    Field("name_en", entered=False, tags=KNOWN),
    Field("kind", _("Purchaser type"), required=True, tags=KNOWN),
    Field("ownership", _("Ownership"), tags=KNOWN),
    Field("industry", _("Industry"), tags=KNOWN),
    Field("region", entered=False, tags=KNOWN),
    Field("address", _("Address"), tags=KNOWN),
    Field("contact_name", _("Contact person"), required=True),
    Field("contact_phone", _("Contact phone"), required=True),
    Field("contact_email", _("Contact email")),
)

# In a sheet the attendee's columns stand beside the firm's: their labels say whose they are.
ATTENDEE_FIELDS = Declaration(
    "purchasers.Attendee",
    Field("name", _("Attendee name"), required=True),
    Field("id_type", _("ID document"), required=True),
    Field("id_number", _("ID number"), required=True),
    Field("phone", _("Attendee mobile"), required=True),
    Field("email", _("Attendee email")),
    Field("title", _("Attendee title")),
)
