"""The deal list at national scale: the page and the API at DEAL_LIST_BENCH_DEALS
deals (default 1,000,000) ÷ the same at 1,000 (aim ≤ 1.5), for the national viewer and an
office, first page and a page deep in the list.

Built with the roll-up benchmark's generators in a database of its own
(``<DATABASE_URL name>_deal_list_bench``). Also prints whether PostgreSQL's plan for the
viewer's first page walks the index ``deal_list_newest_first`` (no sort of all the deals).
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from .rollups import SMALL, _deals, _page, _purchasers_and_registrations, _structure


def _bench_database() -> str:
    name = settings.DATABASES["default"]["NAME"] + "_deal_list_bench"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone()
    if not exists:
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    return name


def viewer_plan(viewer) -> str:
    """EXPLAIN of the viewer's first page as the list page runs it."""
    from deals.permissions import deals_visible_to
    from deals.records import selectors

    query = deals_visible_to(viewer).order_by("-signed_on", "-pk")[: selectors.PER_PAGE + 1]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _deep_cursor(viewer, n: int) -> str:
    from deals.permissions import deals_visible_to

    deal = deals_visible_to(viewer).order_by("-signed_on", "-pk")[n]
    return f"{deal.signed_on:%Y-%m-%d}_{deal.pk}"


def _measure(client, users, urls) -> dict:
    figures = {}
    for role, user in users.items():
        client.force_login(user)
        for label, url in urls.items():
            figures[(role, label)] = _page(client, url)
    return figures


def run() -> list[tuple[str, float, str]]:
    if connection.vendor != "postgresql":
        return [("deal list: skipped (set DATABASE_URL to PostgreSQL)", 0.0, "")]
    n_deals = int(os.environ.get("DEAL_LIST_BENCH_DEALS", "1000000"))
    from django.test import Client

    _bench_database()
    editions, subs, agencies, lead_unit, users = _structure()
    organiser, viewer = users["organiser"], users["national_viewer"]
    registrations = _purchasers_and_registrations(
        n_deals, editions, subs, agencies, lead_unit, organiser
    )
    _deals(0, SMALL, registrations, organiser)
    client = Client()
    roles = {"viewer": viewer, "office": organiser}
    first = {"page": "/deals/", "API": "/api/deals/"}
    small = _measure(client, roles, first)
    small_deep = _measure(
        client, {"viewer": viewer}, {"deep": f"/deals/?after={_deep_cursor(viewer, 500)}"}
    )

    _deals(SMALL, n_deals, registrations, organiser)
    big = _measure(client, roles, first)
    big_deep = _measure(
        client, {"viewer": viewer}, {"deep": f"/deals/?after={_deep_cursor(viewer, n_deals // 2)}"}
    )
    plan = viewer_plan(viewer)
    uses_index = "deal_list_newest_first" in plan and "Sort" not in plan.split("\n")[1]

    rows = []
    for key, (big_time, big_queries) in {**big, **big_deep}.items():
        small_time, small_queries = {**small, **small_deep}[key]
        role, label = key
        rows.append(
            (
                f"deal list: {role} {label}, {n_deals:,} deals ÷ 1,000 (aim ≤ 1.5)",
                big_time / small_time,
                f"{big_time * 1e3:.1f}ms vs {small_time * 1e3:.1f}ms; "
                f"queries {big_queries} vs {small_queries}",
            )
        )
    rows.append(
        (
            "deal list: viewer's first page walks deal_list_newest_first (1 = yes)",
            1.0 if uses_index else 0.0,
            plan.split("\n")[0][:90],
        )
    )
    return rows
