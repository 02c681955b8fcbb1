"""The fields of a procurement need and of a matchmaking meeting, declared once: their
forms, the API and the services take them from here."""

from delegations.fields import Declaration, Field

NEED_FIELDS = Declaration(
    "deals.ProcurementNeed",
    Field("registration"),
    Field("zone"),
    Field("product"),
    Field("quantity"),
    Field("budget"),
    Field("budget_currency"),
    Field("timing"),
    Field("notes"),
)

# A meeting is the need's: its page gives the need, the API names it.
MEETING_FIELDS = Declaration(
    "deals.Meeting",
    Field("need"),
    Field("exhibitor"),
    Field("meets_on"),
    Field("status"),
    Field("participants"),
    Field("outcome"),
)
