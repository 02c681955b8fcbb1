"""The capability vocabulary's core: one rule per name, and the three adapters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory

from delegations import capabilities as caps
from delegations.models import User


@pytest.fixture
def scratch_capability():
    name = "scratch.touch"
    caps._RULES.pop(name, None)

    @caps.capability(name)
    def rule(user, obj=None):
        return user.role == User.Role.ORGANISER and obj != "locked"

    yield name
    caps._RULES.pop(name, None)


def test_a_capability_has_one_rule(scratch_capability):
    with pytest.raises(ValueError):
        caps.capability(scratch_capability)(lambda user, obj=None: True)
    with pytest.raises(caps.UnknownCapability):
        caps.can(User(role=User.Role.ORGANISER, is_active=True), "scratch.nothing")


def test_anonymous_and_inactive_users_may_do_nothing(scratch_capability):

    assert not caps.can(AnonymousUser(), scratch_capability)
    assert not caps.can(User(role=User.Role.ORGANISER, is_active=False), scratch_capability)
    assert caps.can(User(role=User.Role.ORGANISER, is_active=True), scratch_capability)


def test_check_refuses_with_403_by_object(scratch_capability):
    organiser = User(role=User.Role.ORGANISER, is_active=True)
    caps.check(organiser, scratch_capability, "open")
    with pytest.raises(PermissionDenied):
        caps.check(organiser, scratch_capability, "locked")


def test_page_decorator_sends_anonymous_to_sign_in_and_refuses_others(scratch_capability):

    @caps.requires(scratch_capability)
    def page(request):
        return "shown"

    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    assert page(request).status_code == 302
    request.user = User(role=User.Role.REGISTRANT, is_active=True)
    with pytest.raises(PermissionDenied):
        page(request)
    request.user = User(role=User.Role.ORGANISER, is_active=True)
    assert page(request) == "shown"


def test_api_permission_reads_the_view_by_action(scratch_capability):
    class View:
        required_capability = {"create": scratch_capability}
        action = "create"

    request = RequestFactory().post("/api/x/")
    request.user = User(role=User.Role.REGISTRANT, is_active=True)
    permission = caps.CapabilityPermission()
    assert not permission.has_permission(request, View())
    View.action = "list"
    assert permission.has_permission(request, View())
    request.user = User(role=User.Role.ORGANISER, is_active=True)
    View.action = "create"
    assert permission.has_permission(request, View())
    assert not permission.has_object_permission(request, View(), "locked")


def test_template_tag_shows_a_button_only_to_who_may(scratch_capability):
    template = Template(
        '{% load capabilities %}{% can "scratch.touch" thing as ok %}{% if ok %}button{% endif %}'
    )
    organiser = User(role=User.Role.ORGANISER, is_active=True)
    assert template.render(Context({"user": organiser, "thing": "open"})) == "button"
    assert template.render(Context({"user": organiser, "thing": "locked"})) == ""
