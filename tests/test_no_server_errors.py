"""No path answers 5xx: every URL pattern of the resolver, walked with junk
ids, format suffixes and every method, as signed-in users and as an anonymous caller.

Which role may do what is another matter (the permission matrix); this proves only that a
bad path, a bad id, a stray method or an empty body is a 4xx, never a server error.
"""

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories as f

# The reminder run refuses to send inside a transaction, as a request never is.
pytestmark = pytest.mark.django_db(transaction=True)

# Values for each kind of path parameter: ids that exist, junk, and out of range. With the
# ids that exist every method is tried (PUT runs the same code as PATCH), with junk two.
JUNK_IDS = ["abc", "99999999999999999999"]
METHODS = ["get", "options", "post", "patch", "delete"]
JUNK_METHODS = ["get", "post"]
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")
CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _patterns(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + _text(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _text(entry.pattern), entry


def _text(pattern) -> str:
    """A route (``<int:pk>/``) or a regex (``^deals/(?P<pk>[^/.]+)\\.(?P<format>..)/?$``)
    as one route-like text with ``{name}`` where a parameter goes."""
    text = str(pattern)
    if hasattr(pattern, "_route"):
        return CONVERTER.sub(lambda m: "{" + m["name"] + "}", text)
    out, i = "", 0
    while i < len(text):
        match = GROUP.match(text, i)
        if match:
            depth, j = 1, match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            out += "{" + match["name"] + "}"
            i = j
            continue
        out += text[i]
        i += 1
    return out.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")


def _urls(route: str, real_ids: list[str]) -> list[tuple[str, list[str]]]:
    """(url, methods) pairs: the route filled with real ids (every method), then junk."""
    names = re.findall(r"\{(\w+)\}", route)
    if not names:
        return [("/" + route, METHODS)]
    urls = {}
    for variant in real_ids + JUNK_IDS:
        junk = variant in JUNK_IDS
        filled = route
        for name in names:
            if name == "format":
                value = "xyz" if junk else "json"
            elif name == "token":
                value = "x" * 300 if junk else "junk"
            else:
                value = variant
            filled = filled.replace("{" + name + "}", value, 1)
        urls.setdefault("/" + filled, JUNK_METHODS if junk else METHODS)
    return list(urls.items())


@pytest.fixture
def things(world, cast, registrations):
    registration = registrations.s1
    f.AttendeeFactory(registration=registration)
    deal = f.DealFactory(registration=f.RegistrationFactory(lead_agency=world.s1_hospitals))
    return SimpleNamespace(ids=sorted({str(registration.pk), str(deal.pk), str(world.a.pk)}))


def _walk(client: Client, ids: list[str], *, skip_admin: bool) -> list[str]:
    errors, routes = [], 0
    for route, _pattern in _patterns():
        if skip_admin and route.startswith("admin/"):
            continue
        routes += 1
        for url, methods in _urls(route, ids):
            for method in methods:
                kwargs = {}
                if method in ("post", "put", "patch"):
                    kwargs = {"data": "{", "content_type": "application/json"}
                response = getattr(client, method)(url, **kwargs)
                # /healthz/ answers 503 by design when a worker or the broker is down.
                if response.status_code >= 500 and not (
                    route == "healthz/" and response.status_code == 503
                ):
                    errors.append(f"{method.upper()} {url} -> {response.status_code}")
    # The walk really covered the site (some 110 routes besides the admin's).
    assert routes > 100
    return errors


@pytest.mark.parametrize("who", ["organiser", "registrant", "national_admin"])
def test_no_path_answers_a_server_error_to_a_signed_in_user(world, cast, things, who):
    client = Client(raise_request_exception=False)
    client.force_login(getattr(cast, who))
    errors = _walk(client, things.ids, skip_admin=who != "national_admin")
    assert errors == [], "\n".join(errors[:40])


def test_no_path_answers_a_server_error_to_a_credit_checker(world, cast, things):
    client = Client(raise_request_exception=False)
    client.force_login(cast.credit_checker)
    errors = _walk(client, things.ids, skip_admin=True)
    assert errors == [], "\n".join(errors[:40])


def test_no_path_answers_a_server_error_to_an_anonymous_caller(world, things):
    errors = _walk(Client(raise_request_exception=False), things.ids, skip_admin=False)
    assert errors == [], "\n".join(errors[:40])
