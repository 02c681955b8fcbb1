"""A deal's history in the reader's language: what was done, which field, which status,
and stored codes (currency, status, country) as their names."""

from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from deals import countries
from deals.money import RateQuote
from deals.records.models import Deal

register = template.Library()

DEAL_ACTIONS = {
    "recorded": _("Recorded"),
    "changed": _("Corrected"),
    "moved": _("Follow-up status changed"),
    "note": _("Follow-up note"),
}


@register.filter
def action_label(action: str) -> str:
    return str(DEAL_ACTIONS.get(action, action))


@register.filter(name="status_label")
def deal_status_label(value: str) -> str:
    if value in Deal.Status.values:
        return str(Deal.Status(value).label)
    return value or ""


@register.filter
def field_label(name: str) -> str:
    try:
        return capfirst(str(Deal._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


@register.filter
def field_value(value, name: str) -> str:
    """A stored value as the reader names it; the empty value as a dash."""
    if value in (None, ""):
        return "—"
    if name == "currency" and value in Deal.Currency.values:
        return str(Deal.Currency(value).label)
    if name == "status":
        return deal_status_label(value)
    if name == "exhibitor_country":
        return countries.display(value)
    if name == "rate_quote" and value in RateQuote.values:
        return str(RateQuote(value).label)
    if name in ("amount", "amount_usd"):
        try:
            return f"{Decimal(value):,.2f}"
        except (ArithmeticError, ValueError, TypeError):
            return str(value)
    if value is True or value is False:
        return str(_("yes") if value else _("no"))
    return str(value)
