"""Figures as organisers write them: USD with thousands separators, 万美元 and 亿美元."""

from decimal import Decimal

from django import template

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
