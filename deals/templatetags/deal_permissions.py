"""What the deals pages' own navigation offers: only links the user may open."""

from django import template

from delegations.permissions import sees_everything

from ..permissions import may_follow_up

register = template.Library()


@register.filter
def may_open_follow_up(user) -> bool:
    return may_follow_up(user) or sees_everything(user)
