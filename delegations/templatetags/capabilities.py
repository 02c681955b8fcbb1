"""``{% can "review.lead_decide" registration as allowed %}``: show what the user may do."""

from django import template

from delegations.capabilities import can as _can

register = template.Library()


@register.simple_tag(takes_context=True, name="can")
def can_tag(context, name, obj=None):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _can(user, name, obj)
