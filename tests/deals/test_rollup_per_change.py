"""A changed deal updates only the roll-up rows of its own groups, at a cost that does not
grow with the number of deals; marks left by a broker outage are picked up by the sweep,
the nightly run clears what it covers, and the dashboard says when figures are waiting."""

import datetime
import socket
import subprocess
import time
from decimal import Decimal

import kombu.pools
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ciie_delegations.celery import app as celery_app
from deals.models import Deal, RollupDirty, RollupDirtyRegistration, RollupRow, RollupRun
from deals.rollups.services import rollup_recompute, rollup_refresh_dirty
from deals.tasks import sweep_rollups_task
from tests import factories as f
from tests.local_servers import free_port

from .posts import api_post
from .rollup_helpers import rollups_as_stored, truth_from_deals

Level = RollupRow.Level


def test_a_changed_deal_updates_only_the_rows_of_its_groups(registrations):
    deal = f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    f.RollupDealFactory(registration=registrations.s2, amount_usd=Decimal("7.00"))
    f.RollupDealFactory(registration=registrations.b, amount_usd=Decimal("11.00"))
    rollup_recompute()
    before = dict(RollupRow.objects.values_list("pk", "refreshed_at"))
    deal.amount_usd = deal.amount = Decimal("6.00")
    deal.save()
    report = rollup_refresh_dirty()
    touched = RollupRow.objects.exclude(
        pk__in=[pk for pk, at in before.items() if at == RollupRow.objects.get(pk=pk).refreshed_at]
    )
    # Its seventeen groups: the edition, its zone, country, purchaser's ownership and type
    # and exhibitor's continent; delegation A and the same six; sub-delegation S1, its zone,
    # ownership, type and continent. Nothing of S2's or B's own rows.
    assert report.updated == touched.count() == 17
    assert not touched.filter(sub_delegation=registrations.s2.sub_delegation).exists()
    assert not touched.filter(delegation=registrations.b.sub_delegation.delegation).exists()
    assert RollupRow.objects.get(level=Level.EDITION).total_usd == Decimal("24.00")
    assert rollups_as_stored() == truth_from_deals()


def _refresh_queries(deal) -> int:
    deal.amount_usd = deal.amount = deal.amount_usd + 1
    deal.save()
    with CaptureQueriesContext(connection) as captured:
        rollup_refresh_dirty()
    return len(captured)


def test_refreshing_one_change_costs_the_same_with_ten_or_two_hundred_deals(registrations):
    deal = f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    for i in range(10):
        f.RollupDealFactory(registration=registrations.s2, amount_usd=Decimal(i))
    rollup_recompute()
    few = _refresh_queries(deal)
    for i in range(190):
        f.RollupDealFactory(
            registration=[registrations.s2, registrations.b, registrations.s1_firms][i % 3],
            amount_usd=Decimal(i),
        )
    rollup_recompute()
    assert _refresh_queries(deal) == few
    assert rollups_as_stored() == truth_from_deals()


def _part_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'deals_rolluppart'"
            " AND indexname <> 'deals_rolluppart_pkey'"
        )
        return {row[0].split(" USING ")[1] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL run's own path")
def test_the_first_full_run_leaves_the_parts_indexed_for_the_refresh(registrations):
    """The first run builds the parts' indexes after filling the table (cheaper than keeping
    them up row by row): they are there afterwards, and a refresh reads by them."""
    indexed = _part_indexes()
    assert indexed == {"btree (registration_id)", "btree (edition_id, delegation_id)"}
    deal = f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    f.RollupDealFactory(registration=registrations.b, amount_usd=Decimal("7.00"))
    rollup_recompute()
    assert _part_indexes() == indexed
    deal.amount_usd = deal.amount = Decimal("9.00")
    deal.save()
    assert rollup_refresh_dirty().updated
    assert rollups_as_stored() == truth_from_deals()


OTHER_REGIONS = ["110000", "120000", "130000", "140000", "150000", "210000", "220000"]


def _more_of_everything(world, *, regions: list[str], subs_each: int, purchasers_each: int):
    """Delegations of other regions, their sub-delegations, purchasers and their deals."""
    for code in regions:
        delegation = f.DelegationFactory(edition=world.edition, region=f.region(code))
        for _s in range(subs_each):
            sub = f.SubDelegationFactory(delegation=delegation)
            agency = f.LeadAgencyFactory(sub_delegation=sub)
            for p in range(purchasers_each):
                f.RollupDealFactory(
                    registration=f.RegistrationFactory(lead_agency=agency),
                    amount_usd=Decimal(p + 1),
                )


def _refresh_statements(deal) -> list[str]:
    deal.amount_usd = deal.amount = deal.amount_usd + 1
    deal.save()
    with CaptureQueriesContext(connection) as captured:
        rollup_refresh_dirty()
    return [query["sql"] for query in captured.captured_queries]


def test_refreshing_one_change_reads_the_same_however_many_sub_delegations_there_are(
    registrations, world
):
    deal = f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    _more_of_everything(world, regions=OTHER_REGIONS[:1], subs_each=1, purchasers_each=1)
    rollup_recompute()
    few = _refresh_statements(deal)
    _more_of_everything(world, regions=OTHER_REGIONS[1:], subs_each=5, purchasers_each=3)
    rollup_recompute()
    many = _refresh_statements(deal)
    assert len(many) == len(few)
    # No statement reads every delegation, sub-delegation, part or deal.
    for statement in many:
        for table in ("delegations_subdelegation", "delegations_delegation", "deals_deal"):
            if f'FROM "{table}"' in statement or f"FROM {table}" in statement:
                assert "WHERE" in statement, statement
    assert rollups_as_stored() == truth_from_deals()
    assert rollup_recompute().corrected == 0


def test_cancelling_the_first_deal_of_a_group_moves_its_first_date(registrations, world):
    first = f.RollupDealFactory(registration=registrations.s1, signed_on=world.edition.opens_on)
    f.RollupDealFactory(
        registration=registrations.s2,
        signed_on=world.edition.opens_on + datetime.timedelta(days=2),
    )
    rollup_recompute()
    first.status = Deal.Status.CANCELLED
    first.save()
    rollup_refresh_dirty()
    edition = RollupRow.objects.get(level=Level.EDITION)
    assert edition.deals == 1
    assert edition.first_signed_on == registrations.s2.deals.get().signed_on
    assert rollup_recompute().corrected == 0


def test_the_nightly_run_clears_the_marks_it_covers_and_says_so(registrations):
    rollup_recompute()
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    assert RollupDirty.objects.exists() and RollupDirtyRegistration.objects.exists()
    report = rollup_recompute()
    assert report.marks_cleared == 2
    assert not RollupDirty.objects.exists() and not RollupDirtyRegistration.objects.exists()
    assert report.created == 17  # the new deal's groups, counted as drift it corrected
    assert RollupRun.objects.latest().corrected == report.corrected
    # Nothing left for the refresh that was queued with the mark.
    assert rollup_refresh_dirty() is None


def test_dashboard_says_when_figures_wait_for_a_refresh(client, cast, registrations):
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    rollup_recompute()
    client.force_login(cast.organiser)
    assert "等待刷新" not in client.get(reverse("dashboard:dashboard")).content.decode()
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("6.00"))
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "等待刷新" in page
    rollup_refresh_dirty()
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "等待刷新" not in page


def _start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not start")


def _reset_broker_pools() -> None:
    """Forget the pooled broker connections, so the next send connects to the URL now set."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(settings):
    """A Redis of the test's own on a free port, as the Celery broker (stopped at the end)."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    server = _start_redis(port)
    before = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    _reset_broker_pools()
    state = {"server": server, "port": port}
    yield state
    state["server"].kill()
    state["server"].wait()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = before
    _reset_broker_pools()


@pytest.mark.real_broker
def test_a_deal_recorded_while_the_broker_is_down_is_counted_once_it_is_back(
    client, cast, approved, deal_data, rmb_rate, own_redis, django_capture_on_commit_callbacks
):
    rollup_recompute()
    own_redis["server"].kill()
    own_redis["server"].wait()
    client.force_login(cast.registrant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/deals/", api_post(deal_data), content_type="application/json")
    assert response.status_code == 201  # the deal is saved; its refresh could not be queued
    assert Deal.objects.filter(pk=response.json()["id"]).exists()
    assert RollupDirtyRegistration.objects.filter(registration_id=approved.s1.pk).exists()
    assert not RollupRow.objects.exists()

    # The broker comes back; no one touches a deal. Beat's sweep (every minute) finds the
    # mark left older than the refresh delay and refreshes.
    own_redis["server"] = _start_redis(own_redis["port"])
    RollupDirty.objects.update(marked_at=RollupDirty.objects.get().marked_at.replace(year=2000))
    sweep_rollups_task.apply()
    assert not RollupDirty.objects.exists() and not RollupDirtyRegistration.objects.exists()
    assert rollups_as_stored() == truth_from_deals()
    assert RollupRow.objects.get(level=Level.EDITION).deals == 1


def test_a_purchaser_moved_to_another_sub_delegation_takes_its_totals_along(registrations, world):
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    rollup_recompute()
    registration = registrations.s1
    registration.lead_agency = world.s2_agency
    registration.sub_delegation = world.s2
    registration.save()
    rollup_refresh_dirty()
    assert RollupRow.objects.get(level=Level.SUB_DELEGATION).sub_delegation == world.s2
    assert rollups_as_stored() == truth_from_deals()
    assert rollup_recompute().corrected == 0
