"""One vocabulary of what a user may do: capabilities, each decided by one rule.

A capability is a dotted name (``registrations.submit``, ``review.lead_decide``,
``totals.export``); its rule is one function of (user, object) registered by the app that
owns it, in that app's ``capabilities`` module. Everything that decides asks here:

* services call ``check(user, "deals.follow_up", deal)`` before they write, so pages, the
  API, tasks and management commands are refused alike;
* pages use ``@requires("setup.manage")`` (or ``check`` with the object they fetched);
* the API sets ``required_capability`` on a view and uses ``CapabilityPermission``;
* templates show a button with ``{% can "review.lead_decide" registration as allowed %}``.

One answer for one situation: an object outside the user's scope is never fetched (the
``*_visible_to`` querysets answer 404); inside the scope but not allowed is 403
(``PermissionDenied``); allowed but refused by the object's state is the service's own
error (400/409), with a translated message.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

Rule = Callable[..., bool]

_RULES: dict[str, Rule] = {}


class UnknownCapability(LookupError):
    pass


def capability(name: str) -> Callable[[Rule], Rule]:
    """Register ``rule(user, obj=None) -> bool`` as the one answer for ``name``."""

    def register(rule: Rule) -> Rule:
        if name in _RULES and _RULES[name] is not rule:
            raise ValueError(f"capability {name!r} is already decided by {_RULES[name]!r}")
        _RULES[name] = rule
        return rule

    return register


def rule_for(name: str) -> Rule:
    try:
        return _RULES[name]
    except KeyError:
        raise UnknownCapability(name) from None


def vocabulary() -> dict[str, Rule]:
    """Every capability and the rule deciding it (for the route matrix and the docs)."""
    return dict(sorted(_RULES.items()))


def can(user, name: str, obj=None) -> bool:
    """May ``user`` do ``name`` (to ``obj``, when the rule looks at one)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(rule_for(name)(user, obj))


def check(user, name: str, obj=None) -> None:
    """Refuse with 403 unless ``can(user, name, obj)``."""
    if not can(user, name, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def requires(name: str):
    """Page view decorator: 403 unless the signed-in user has the capability (no object).

    Anonymous users are sent to the sign-in page first, as ``login_required`` does.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user, name)
            return view(request, *args, **kwargs)

        wrapped.required_capability = name
        return wrapped

    return decorate


class CapabilityPermission(BasePermission):
    """DRF adapter: reads ``view.required_capability``.

    It is a capability name, or a dict from the view's action (``list``, ``create``,
    ``submit``...) or HTTP method to one; an action with no entry needs only a signed-in
    user (its queryset still scopes it). Object checks run against the fetched object.
    """

    def _name(self, request, view) -> str | None:
        required = getattr(view, "required_capability", None)
        if isinstance(required, dict):
            action = getattr(view, "action", None)
            return required.get(action, required.get(request.method))
        return required

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        name = self._name(request, view)
        if name is None:
            return True
        # An object-level rule answers for "some object" when asked without one.
        return can(user, name)

    def has_object_permission(self, request, view, obj) -> bool:
        name = self._name(request, view)
        return name is None or can(request.user, name, obj)
