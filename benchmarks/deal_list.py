"""The deal list at national scale: the page and the API at DEAL_LIST_BENCH_DEALS
deals (default 1,000,000) ÷ the same at 1,000 (aim ≤ 1.5), for the national viewer and an
office, first page and a page deep in the list.

Built with the roll-up benchmark's generators in two databases of their own, the same
structure and purchasers in each: ``<DATABASE_URL name>_deal_list_bench_small`` with 1,000
deals and ``..._deal_list_bench`` with all of them. The requests alternate between the two
(each database keeps its own warm connection), so that a neighbour's load on a shared
machine weighs on both sides of each ratio alike. Also prints whether PostgreSQL's plan for
the viewer's first page walks the index ``deal_list_newest_first`` (no sort of all the
deals), and whether the office's list totals read its delegations' index
``deal_delegation_newest_first`` (its first page walks the first index, its scope a column
of the deal's own).

Each run builds both databases afresh. ``DEAL_LIST_BENCH_KEEP=1`` keeps them between runs
(building takes minutes at a million deals): a database is then built again only when it
does not hold the expected numbers of deals and purchasers; the migrations still run on it,
followed by a VACUUM ANALYZE, as autovacuum would after a migration that rewrote the deals.
"""

import os
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

from .rollups import SMALL, QueryCounter, _deals, _purchasers_and_registrations, _structure

BIG, SMALL_DATABASE = "_deal_list_bench", "_deal_list_bench_small"
REPEAT = 25


def _bench_database(suffix: str, *, fresh: bool = False):
    """A connection of its own to the database ``suffix`` (created, migrated; made anew
    when ``fresh``), made the default one; returned, to switch back to it."""
    # The benchmarks before this one may have moved to their own database.
    name = settings.DATABASES["default"]["NAME"].removesuffix("_rollup_bench")
    name = name.removesuffix(SMALL_DATABASE).removesuffix(BIG) + suffix
    if fresh:
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone()
    if not exists:
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict = {**connection.settings_dict, "NAME": name}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = wrapper
    settings.DATABASES["default"]["NAME"] = name
    call_command("migrate", verbosity=0)
    return wrapper


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def viewer_plan(viewer) -> str:
    """EXPLAIN of the viewer's first page as the list page runs it."""
    from deals.permissions import deals_visible_to
    from deals.records import selectors

    return _plan(deals_visible_to(viewer).order_by("-signed_on", "-pk")[: selectors.PER_PAGE + 1])


def office_totals_plan(office) -> str:
    """EXPLAIN of the office's list totals (the ids of at most TOTALS_LIMIT + 1 deals)."""
    from deals.permissions import deals_visible_to
    from deals.records import selectors

    deals = deals_visible_to(office).order_by().values_list("pk", flat=True)
    return _plan(deals[: selectors.TOTALS_LIMIT + 1])


def walks(plan: str, index: str) -> bool:
    """Whether the plan reads ``index`` and sorts nothing before its limit."""
    return index in plan and "Sort" not in plan.split("\n")[1]


def _deep_cursor(viewer, n: int) -> str:
    from deals.permissions import deals_visible_to

    deal = deals_visible_to(viewer).order_by("-signed_on", "-pk")[n]
    return f"{deal.signed_on:%Y-%m-%d}_{deal.pk}"


def _build(n_deals: int, n_registrations_for: int) -> None:
    """The structure, purchasers for ``n_registrations_for`` deals, and ``n_deals`` deals."""
    editions, subs, agencies, lead_unit, users = _structure()
    registrations = _purchasers_and_registrations(
        n_registrations_for, editions, subs, agencies, lead_unit, users["organiser"]
    )
    _deals(0, n_deals, registrations, users["organiser"])


def _kept(n_deals: int, n_registrations_for: int) -> bool:
    """Whether the database holds what ``_build`` makes (deals, purchasers, the two users)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM deals_deal")
        deals = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM purchasers_registration")
        registrations = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM delegations_user WHERE username IN "
            "('bench_organiser', 'bench_viewer')"
        )
        users = cursor.fetchone()[0]
    return (deals, registrations, users) == (n_deals, max(n_registrations_for // 8, SMALL), 2)


def _side(suffix: str, n_deals: int, n_registrations_for: int, *, keep: bool) -> dict:
    """One side of the ratios: its database (built unless kept), users, clients and URLs."""
    from django.test import Client

    from delegations.models import User

    wrapper = _bench_database(suffix)
    if not (keep and _kept(n_deals, n_registrations_for)):
        _build(n_deals, n_registrations_for)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    users = User.objects.in_bulk(["bench_viewer", "bench_organiser"], field_name="username")
    roles = {"viewer": users["bench_viewer"], "office": users["bench_organiser"]}
    clients = {}
    for role, user in roles.items():
        clients[role] = Client()
        clients[role].force_login(user)
    deep = f"/deals/?after={_deep_cursor(roles['viewer'], max(n_deals // 2, 500))}"
    urls = {
        (role, label): url
        for role in roles
        for label, url in {"page": "/deals/", "API": "/api/deals/", "deep": deep}.items()
        if label != "deep" or role == "viewer"
    }
    return {"connection": wrapper, "roles": roles, "clients": clients, "urls": urls}


def _get(side: dict, key) -> float:
    connections[DEFAULT_DB_ALIAS] = side["connection"]
    started = time.perf_counter()
    response = side["clients"][key[0]].get(side["urls"][key])
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (key, response.status_code)
    return elapsed


def _queries(side: dict, key) -> int:
    connections[DEFAULT_DB_ALIAS] = side["connection"]
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        side["clients"][key[0]].get(side["urls"][key])
    return counter.count


def _alternating(small: dict, big: dict) -> dict:
    """Per page: (median at 1,000, median at all, queries at 1,000, queries at all), the
    requests to the two databases taken in turn."""
    figures = {}
    for key in small["urls"]:
        queries = [_queries(side, key) for side in (small, big)]  # and warm
        times = [[], []]
        for _ in range(REPEAT):
            for i, side in enumerate((small, big)):
                times[i].append(_get(side, key))
        figures[key] = (*map(statistics.median, times), *queries)
    return figures


def run() -> list[tuple[str, float, str]]:
    if connection.vendor != "postgresql":
        return [("deal list: skipped (set DATABASE_URL to PostgreSQL)", 0.0, "")]
    n_deals = int(os.environ.get("DEAL_LIST_BENCH_DEALS", "1000000"))
    keep = os.environ.get("DEAL_LIST_BENCH_KEEP") == "1"
    small = _side(SMALL_DATABASE, SMALL, n_deals, keep=keep)
    big = _side(BIG, n_deals, n_deals, keep=keep)
    figures = _alternating(small, big)
    connections[DEFAULT_DB_ALIAS] = big["connection"]
    viewer = viewer_plan(big["roles"]["viewer"])
    office = office_totals_plan(big["roles"]["office"])

    rows = []
    for (role, label), (small_time, big_time, small_queries, big_queries) in figures.items():
        rows.append(
            (
                f"deal list: {role} {label}, {n_deals:,} deals ÷ 1,000 (aim ≤ 1.5)",
                big_time / small_time,
                f"{big_time * 1e3:.1f}ms vs {small_time * 1e3:.1f}ms; "
                f"queries {big_queries} vs {small_queries}",
            )
        )
    for label, plan, index in [
        ("viewer's first page", viewer, "deal_list_newest_first"),
        ("office's totals", office, "deal_delegation_newest_first"),
    ]:
        rows.append(
            (
                f"deal list: {label} walks {index} (1 = yes)",
                1.0 if walks(plan, index) else 0.0,
                plan.split("\n")[0][:90],
            )
        )
    return rows
