"""Countries and regions in the reader's language."""

from django import template

from deals import countries

register = template.Library()


@register.filter
def country_name(value) -> str:
    return countries.display(value or "") if value else "—"
