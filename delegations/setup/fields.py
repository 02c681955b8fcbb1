"""The fields of the set-up's entities, declared once: their set-up forms, the services
that save them (what is set and recorded in the history) and the API take them from here.

``SETUP_ONLY`` marks how the set-up page arranges and links entries (an order, the entry
of the previous edition continued): the API shows the rest."""

from delegations.fields import Declaration, Field

SETUP_ONLY = frozenset({"setup only"})

EDITION_FIELDS = Declaration(
    "delegations.Edition",
    Field("number"),
    Field("year"),
    Field("opens_on"),
    Field("closes_on"),
    Field("venue", entered=False),
    Field("national_intended_usd"),
)

SUB_DELEGATION_FIELDS = Declaration(
    "delegations.SubDelegation",
    Field("name"),
    Field("name_en"),
    Field("kind"),
    Field("sort_order", tags=SETUP_ONLY),
    Field("shared_review"),
    Field("continues", tags=SETUP_ONLY),
)

LEAD_AGENCY_FIELDS = Declaration(
    "delegations.LeadAgency",
    Field("units"),
    Field("target"),
    Field("focus"),
    Field("focus_en"),
    Field("sort_order", tags=SETUP_ONLY),
)

MEMBER_UNIT_FIELDS = Declaration(
    "delegations.MemberUnit",
    Field("name"),
    Field("name_en"),
    Field("kind"),
    Field("liaison_name"),
    Field("liaison_phone"),
    Field("liaison_email"),
)
