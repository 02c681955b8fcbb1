"""Who may do what, proven on every route.

Every URL pattern of the resolver (pages and API, the admin apart: Django's own staff check
guards it) is asked by every identity of the cast with every method the route accepts,
its path filled with delegation A's objects; the answers must be those of
``tests/route_expectations.py``. Then every identity of A asks for delegation B's objects
and must be refused (401/403/404 or the sign-in page). Every write that is refused must
change no row: every table is checksummed before and after it.

Each request runs in a savepoint rolled back afterwards, so one request never changes what
the next one sees.

A new route fails this test until it has an entry in ``EXPECTATIONS`` (see that file's
docstring); run ``ROUTE_MATRIX_RECORD=1 pytest tests/test_route_matrix.py`` to print what
every route answers today, and copy the new route's entry after reading it.
"""

import os
import pprint
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.route_expectations import EXPECTATIONS, expected_codes
from tests.route_matrix_support import (
    A_SIDE,
    IDENTITIES,
    changed_tables,
    checksum,
    fill,
    make_identities,
    make_objects,
)
from tests.test_no_server_errors import _patterns

pytestmark = pytest.mark.django_db

# Pages are forms: GET and POST (a page view answering PUT as it answers GET is no other
# route). The API is asked with every method its views bind.
PAGE_METHODS = ["get", "post"]
API_METHODS = ["get", "post", "put", "patch", "delete"]
WRITES = {"post", "put", "patch", "delete"}
REFUSED = {401, 403, 404, "login"}


def _code(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


class Asker:
    """Asks one request in a savepoint rolled back after it; refused writes are checksummed."""

    def __init__(self, clients):
        self.clients = clients
        self.baseline = checksum()
        self.requests = 0
        self.probes = 0
        self.leaks: list[str] = []

    def ask(self, who: str, method: str, path: str) -> object:
        kwargs = {}
        if method in ("post", "put", "patch"):
            if path.startswith("/api/"):
                kwargs = {"data": "{}", "content_type": "application/json"}
            elif method == "post":
                kwargs = {"data": {}}
        client = self.clients[who]
        # Signing out (or choosing a language) changes the client's cookies: put them back.
        cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
        with transaction.atomic():
            code = _code(getattr(client, method)(path, **kwargs))
            client.cookies = cookies
            self.requests += 1
            if method in WRITES and code in REFUSED:
                self.probes += 1
                after = checksum()
                if after != self.baseline:
                    tables = ", ".join(changed_tables(self.baseline, after))
                    self.leaks.append(f"{method.upper()} {path} by {who} -> {code}: {tables}")
            transaction.set_rollback(True)
        return code


def _cast(world, cast):
    users = make_identities(world, cast)
    clients = {"anonymous": Client(raise_request_exception=False)}
    for name, user in users.items():
        clients[name] = Client(raise_request_exception=False)
        clients[name].force_login(user)
    b_lead = type(cast.lead).objects.create_user(
        username="b_lead", role=cast.lead.Role.LEAD, unit=world.units.b_lead
    )
    a = make_objects(
        world,
        delegation=world.a,
        sub=world.s1,
        agency=world.s1_hospitals,
        unit=world.units.tourism,
        registrant=cast.registrant,
        office=cast.organiser,
        lead_user=cast.lead,
    )
    b = make_objects(
        world,
        delegation=world.b,
        sub=world.sb,
        agency=world.sb_agency,
        unit=world.units.b_lead,
        registrant=users["b_registrant"],
        office=cast.b_organiser,
        lead_user=b_lead,
    )
    return clients, a, b


# Packages whose URL names are short (``import``, ``index``) are keyed with their namespace.
NAMESPACED = (
    "logistics",
    "bulletins",
    "setup",
    "accounts",
    "deadlines",
    "registrations",
    "review",
    "checks",
    "imports",
    "ownerships",
)


def _namespaces(patterns=None, namespace=None) -> dict[int, str | None]:
    """Each URL pattern (by id) with the namespace it is included under."""
    found = {}
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found |= _namespaces(entry.url_patterns, entry.namespace or namespace)
        else:
            found[id(entry)] = namespace
    return found


def _routes():
    namespaces = _namespaces()
    for route, pattern in _patterns():
        if not route.startswith("admin/"):
            name = pattern.name or route
            namespace = namespaces.get(id(pattern))
            yield route, f"{namespace}:{name}" if namespace in NAMESPACED else name


def test_every_route_answers_every_identity_as_expected(world, cast, capsys):
    clients, a, b = _cast(world, cast)
    asker = Asker(clients)
    observed, unfilled, missing, wrong, cells = {}, [], [], [], 0
    for route, name in _routes():
        filled = fill(route, a)
        if filled is None:
            unfilled.append(route)
            continue
        path, scoped = filled
        tried = API_METHODS if route.startswith("api/") else PAGE_METHODS
        methods = [m for m in tried if asker.ask("superuser", m, path) != 405]
        answers = {m.upper(): {who: asker.ask(who, m, path) for who in IDENTITIES} for m in methods}
        observed[name] = answers
        cells += len(IDENTITIES) * len(methods)
        if name not in EXPECTATIONS:
            missing.append(name)
            continue
        for method, by_who in answers.items():
            expected = expected_codes(EXPECTATIONS[name].get(method, {}))
            for who, code in by_who.items():
                want = expected.get(who)
                if code != want and not (isinstance(want, tuple) and code in want):
                    wrong.append(
                        f"{name} {method} {path} by {who}: {code}, "
                        f"expected {expected.get(who, 'no entry')}"
                    )
        if scoped:
            b_path, _ = fill(route, b)
            for method in methods:
                for who in A_SIDE:
                    cells += 1
                    code = asker.ask(who, method, b_path)
                    if code not in REFUSED:
                        wrong.append(f"{name} {method.upper()} {b_path} (B's) by {who}: {code}")
    if os.environ.get("ROUTE_MATRIX_RECORD"):
        with capsys.disabled():
            print("\nEXPECTATIONS observed today:\n" + pprint.pformat(_recorded(observed)))
    routes = len(observed)
    with capsys.disabled():
        print(
            f"\nroute matrix: {routes} routes x {len(IDENTITIES)} identities x methods = "
            f"{cells} cells, {asker.requests} requests, {asker.probes} refused writes "
            f"checksummed"
        )
    assert not unfilled, (
        "These routes have a path parameter that tests/route_matrix_support.py's PARAMETERS "
        "does not know how to fill: add the route's prefix and which object each parameter "
        "names.\n" + "\n".join(unfilled)
    )
    assert not missing, (
        "These routes have no expectation: add an entry per URL name to EXPECTATIONS in "
        "tests/route_expectations.py, {method: {status: 'identity identity ...', ...}} ('*' "
        "for the rest), saying who may do what. ROUTE_MATRIX_RECORD=1 prints what each "
        "route answers today.\n" + "\n".join(missing)
    )
    assert not asker.leaks, "Refused writes changed rows:\n" + "\n".join(asker.leaks)
    assert not wrong, f"{len(wrong)} answers differ from the expectations:\n" + "\n".join(
        wrong[:80]
    )
    # Everyone's own routes: the walk covered the site.
    assert routes > 100


def _recorded(observed: dict) -> dict:
    """The observed answers in EXPECTATIONS' shape: the commonest status as '*'."""
    table = {}
    for name, answers in observed.items():
        entry = {}
        for method, by_who in answers.items():
            groups: dict = {}
            for who, code in by_who.items():
                groups.setdefault(code, []).append(who)
            commonest = max(groups, key=lambda c: len(groups[c]))
            entry[method] = {
                code: ("*" if code == commonest else " ".join(who)) for code, who in groups.items()
            }
        table[name] = entry
    return table
