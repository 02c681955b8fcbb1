"""The roll-up rows always equal the sums over the deals, whatever happened to the deals."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deals.models import Deal, RollupDirty, RollupRow, RollupRun
from deals.rollups.services import queue_rollup_refresh, rollup_recompute, rollup_refresh_dirty
from tests import factories as f

from .rollup_helpers import rollups_as_stored, shanghai_state_owned_7th, truth_from_deals

Level = RollupRow.Level
ZONES = ["services", "automobile", "equipment", "consumer", "medical", "food"]
COUNTRIES = ["德国", "法国", "日本", "=cmd", "美国"]
OWNERSHIPS = [None, "state_owned", "private", "foreign_invested"]
KINDS = ["import_trader", "hospital", "association"]

amounts = st.integers(min_value=0, max_value=25_000_000_000).map(lambda c: Decimal(c) / 100)
operation = st.one_of(
    st.tuples(
        st.just("create"),
        st.integers(0, 4),
        st.integers(0, 5),
        st.integers(0, 4),
        amounts,
    ),
    st.tuples(
        st.just("edit"), st.integers(0, 10_000), st.integers(0, 5), st.integers(0, 4), amounts
    ),
    st.tuples(st.just("cancel"), st.integers(0, 10_000)),
    st.tuples(st.just("reinstate"), st.integers(0, 10_000)),
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(0, 4)),
    # A registration corrected: its firm's ownership and type (its deals change groups).
    st.tuples(st.just("reclassify"), st.integers(0, 4), st.integers(0, 3), st.integers(0, 2)),
    st.tuples(st.just("refresh")),
    # The set-based run of one edition (what a large import's refresh does), the others'
    # changes still waiting for the refresh per purchaser.
    st.tuples(st.just("recompute_edition"), st.integers(0, 4)),
)


@pytest.fixture
def five_registrations(registrations, world):
    """The cast's four registrations plus one in the previous edition's delegation A."""
    fourth = f.EditionFactory(number=4, year=2021)
    a4 = f.DelegationFactory(edition=fourth, name="交易团A", region=f.region("630000"))
    s1_4 = f.SubDelegationFactory(delegation=a4, name="卫生分团")
    previous = f.RegistrationFactory(lead_agency=f.LeadAgencyFactory(sub_delegation=s1_4))
    five = [registrations.s1, registrations.s1_firms, registrations.s2, registrations.b, previous]
    for n, registration in enumerate(five):
        _reclassify(registration, n % len(OWNERSHIPS), n % len(KINDS))
    return five


def _reclassify(registration, ownership: int, kind: int) -> None:
    code = OWNERSHIPS[ownership]
    registration.ownership = f.ownership(code) if code else None
    registration.kind = KINDS[kind]
    registration.save()


def assert_equal_to_sql():
    truth = truth_from_deals()
    assert rollups_as_stored() == truth
    # And the same totals from the database's own aggregate over the deals.
    direct = (
        Deal.objects.exclude(status=Deal.Status.CANCELLED)
        .values("registration__sub_delegation__delegation")
        .annotate(total=Sum("amount_usd"), n=Count("pk"))
    )
    stored = {
        r.delegation_id: (r.total_usd, r.deals)
        for r in RollupRow.objects.filter(level=Level.DELEGATION)
    }
    assert stored == {
        d["registration__sub_delegation__delegation"]: (d["total"], d["n"]) for d in direct
    }
    # The new levels likewise: the database's aggregate by ownership and by type.
    for level, by in ((Level.EDITION_OWNERSHIP, "ownership"), (Level.EDITION_KIND, "kind")):
        direct = (
            Deal.objects.exclude(status=Deal.Status.CANCELLED)
            .values("registration__edition", f"registration__{by}")
            .annotate(total=Sum("amount_usd"), n=Count("pk"))
        )
        stored = {
            (r.edition_id, getattr(r, "ownership_id" if by == "ownership" else by)): (
                r.total_usd,
                r.deals,
            )
            for r in RollupRow.objects.filter(level=level)
        }
        assert stored == {
            (d["registration__edition"], d[f"registration__{by}"]): (d["total"], d["n"])
            for d in direct
        }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, max_size=25))
def test_refresh_per_purchaser_equals_full_recompute_after_any_changes(
    five_registrations, operations
):
    # Each example in a savepoint rolled back at the end: examples start from the same state.
    with transaction.atomic():
        _apply_and_check(five_registrations, operations)
        transaction.set_rollback(True)


def _apply_and_check(five_registrations, operations):
    rollup_recompute()
    for op in operations:
        deals = list(Deal.objects.order_by("pk"))
        if op[0] == "create":
            _, reg, zone, country, amount = op
            f.RollupDealFactory(
                registration=five_registrations[reg],
                zone=f.zone(ZONES[zone]),
                exhibitor_country=COUNTRIES[country],
                amount_usd=amount,
                signed_on=datetime.date(2022, 11, 5) + datetime.timedelta(days=zone),
            )
        elif op[0] == "reclassify":
            _reclassify(five_registrations[op[1]], op[2], op[3])
        elif op[0] == "recompute_edition":
            rollup_recompute(edition_ids=[five_registrations[op[1]].edition_id])
        elif op[0] == "refresh":
            # The refresh per purchaser leaves every row as a full recompute would have it,
            # year on year and accumulated included.
            rollup_refresh_dirty()
            assert rollups_as_stored() == truth_from_deals()
            assert rollup_recompute().corrected == 0
        elif deals:
            deal = deals[op[1] % len(deals)]
            if op[0] == "edit":
                deal.zone = f.zone(ZONES[op[2]])
                deal.exhibitor_country = COUNTRIES[op[3]]
                deal.amount = deal.amount_usd = op[4]
                deal.save()
            elif op[0] == "cancel":
                deal.status = Deal.Status.CANCELLED
                deal.save()
            elif op[0] == "reinstate":
                deal.status = Deal.Status.CONTRACTED
                deal.save()
            elif op[0] == "move":
                # An edit that gives the deal to another purchaser (perhaps another edition).
                deal.registration = five_registrations[op[2]]
                deal.save()
            else:
                deal.delete()
    # The refresh queued by the changes, then the nightly recompute: both must agree.
    rollup_refresh_dirty()
    assert_equal_to_sql()
    second = rollup_recompute()
    assert second.corrected == 0
    assert_equal_to_sql()


def test_purchasers_above_100_million_count_only_firms_strictly_above(registrations):
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("60000000.00"))
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("40000000.01"))
    f.RollupDealFactory(registration=registrations.s1_firms, amount_usd=Decimal("100000000.00"))
    f.RollupDealFactory(registration=registrations.s2, amount_usd=Decimal("250000000.00"))
    f.RollupDealFactory(
        registration=registrations.b,
        amount_usd=Decimal("500000000.00"),
        status=Deal.Status.CANCELLED,
    )
    rollup_recompute()
    a = RollupRow.objects.get(
        level=Level.DELEGATION, delegation=registrations.s1.sub_delegation.delegation
    )
    assert (a.deals, a.purchasers, a.purchasers_over_100m) == (4, 3, 2)
    assert a.total_usd == Decimal("450000000.01")
    assert not RollupRow.objects.filter(
        level=Level.DELEGATION, delegation=registrations.b.sub_delegation.delegation
    ).exists()


def test_year_on_year_change_and_accumulated_total(db):
    shanghai_state_owned_7th()
    rollup_recompute()
    row = RollupRow.objects.get(
        level=Level.SUB_DELEGATION, sub_delegation__name="国资分团", edition__number=7
    )
    assert row.deals == 136
    assert row.total_usd == Decimal("2837000000.00")
    assert row.purchasers_over_100m == 7
    assert row.previous_total_usd == Decimal("2800000000.00")
    assert row.change_usd == Decimal("37000000.00")
    assert row.change_percent == Decimal("1.32")  # 37 / 2800 = 1.3214 %
    assert row.accumulated_usd == Decimal("19637000000.00")  # "超过196亿美元"
    first = RollupRow.objects.get(
        level=Level.SUB_DELEGATION, sub_delegation__name="国资分团", edition__number=1
    )
    assert first.previous_total_usd is None and first.change_percent is None


def test_nightly_recompute_reports_and_corrects_drift(registrations):
    deal = f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    rollup_recompute()
    # Someone changed a deal behind the services' back (no signal: a bulk update).
    Deal.objects.filter(pk=deal.pk).update(amount_usd=Decimal("7.00"))
    RollupRow.objects.filter(level=Level.EDITION).update(deals=99)
    report = rollup_recompute()
    assert report.updated >= 2
    assert any(d["level"] == "edition" and "deals" in d["changes"] for d in report.differences)
    run = RollupRun.objects.latest()
    assert run.kind == RollupRun.Kind.FULL and run.corrected == report.corrected
    assert_equal_to_sql()
    assert rollup_recompute().corrected == 0


def test_rollup_command_recomputes_and_prints_what_it_corrected(registrations, capsys):
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5.00"))
    call_command("rollup", "--edition", str(registrations.s1.edition.number))
    assert "rows created" in capsys.readouterr().out
    assert_equal_to_sql()


def test_burst_of_edits_in_one_transaction_queues_one_refresh(
    registrations, django_capture_on_commit_callbacks
):
    rollup_recompute()
    with django_capture_on_commit_callbacks() as callbacks:
        for i in range(1000):
            f.RollupDealFactory(registration=registrations.s2, amount_usd=Decimal(i))
    assert len(callbacks) == 1
    assert RollupDirty.objects.count() == 1
    runs_before = RollupRun.objects.count()
    rollup_refresh_dirty()
    assert rollup_refresh_dirty() is None
    assert RollupRun.objects.count() == runs_before + 1
    assert_equal_to_sql()


def test_a_change_with_a_refresh_already_pending_queues_nothing(registrations):
    assert queue_rollup_refresh(registrations.s1.edition_id) is True
    assert queue_rollup_refresh(registrations.s1.edition_id) is False
    rollup_refresh_dirty()
    assert queue_rollup_refresh(registrations.s1.edition_id) is True
