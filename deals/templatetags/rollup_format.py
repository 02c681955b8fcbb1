"""Figures as organisers write them: USD with thousands separators, 万美元 and 亿美元."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

HUNDRED_MILLION = Decimal(100_000_000)
TEN_THOUSAND = Decimal(10_000)
BILLION = Decimal(1_000_000_000)
MILLION = Decimal(1_000_000)

register = template.Library()


@register.filter
def usd(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def wan(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) / 10_000:,.2f}"


@register.filter
def yi(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) / 100_000_000:,.2f}"


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):+,.2f}%"


@register.filter
def count(value) -> str:
    return f"{int(value or 0):,}"


def _trimmed(value: Decimal, places: int) -> str:
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def usd_words(value) -> str:
    """A total as it is said: 28.37 亿美元 in Chinese, "2.837 billion USD" in English.

    Large sums carry four significant figures or so and no cents; below ten thousand
    dollars the amount is written out.
    """
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if (get_language() or "").startswith("en"):
        if abs(value) >= BILLION:
            return f"{_trimmed(value / BILLION, 3)} billion USD"
        if abs(value) >= MILLION:
            return f"{_trimmed(value / MILLION, 2)} million USD"
        return f"{value:,.2f} USD"
    if abs(value) >= HUNDRED_MILLION:
        return f"{value / HUNDRED_MILLION:,.2f} 亿美元"
    if abs(value) >= TEN_THOUSAND:
        return f"{value / TEN_THOUSAND:,.2f} 万美元"
    return f"{value:,.2f} 美元"


@register.filter
def amount(value) -> str:
    """An amount with thousands separators and cents: 70,000,000.00."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"
