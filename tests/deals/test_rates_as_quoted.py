"""Exchange rates as offices quote them: both directions, one exact conversion, mistakes
caught unless confirmed, and what a change means for deals already recorded."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from deals.models import Deal, ExchangeRate
from deals.money import RateQuote, usd_from
from deals.rates import services as rate_services
from deals.records import services
from delegations.models import SetupEvent
from tests import factories as f
from tests.languages import speaking

PER_USD, USD_PER = RateQuote.PER_USD, RateQuote.USD_PER_UNIT


@pytest.mark.parametrize(
    ("amount", "rate", "quote", "usd"),
    [
        ("70000000", "7.0", PER_USD, "10000000.00"),  # not 9,999,999.80 from 0.14285714
        ("30000000", "7.0", PER_USD, "4285714.29"),  # not 4,285,714.20
        ("1234567.89", "6.4", PER_USD, "192901.23"),  # 192,901.2328...
        ("1000000", "0.15625", USD_PER, "156250.00"),  # 6.4 the other way round
        ("1.00", "0.125", USD_PER, "0.13"),  # half up
        ("0.01", "2", PER_USD, "0.01"),  # 0.005 goes up
    ],
)
def test_amount_converts_from_the_quoted_rate_in_one_exact_step(amount, rate, quote, usd):
    assert usd_from(Decimal(amount), rate=Decimal(rate), quote=quote) == Decimal(usd)


def test_deals_at_seven_cny_per_usd_sum_to_round_dollars(cast, world, approved, deal_data):
    rate_services.exchange_rate_set(
        delegation=world.a, currency="CNY", rate=Decimal("7.0"), quote=PER_USD, by=cast.organiser
    )
    first = services.deal_record(by=cast.registrant, data={**deal_data, "amount": 70_000_000})
    second = services.deal_record(
        by=cast.registrant, data={**deal_data, "amount": 30_000_000, "product": "MRI"}
    )
    assert first.amount_usd == Decimal("10000000.00")
    assert second.amount_usd == Decimal("4285714.29")
    assert (second.rate, second.rate_quote) == (Decimal("7.0"), PER_USD)


def test_rate_is_shown_both_ways(client, cast, world):
    rate_services.exchange_rate_set(
        delegation=world.a, currency="CNY", rate=Decimal("6.4"), quote=PER_USD, by=cast.organiser
    )
    rate = ExchangeRate.objects.get()
    assert (rate.per_usd, rate.usd_per) == (Decimal("6.4"), Decimal("0.15625000"))
    client.force_login(cast.organiser)
    with speaking("en"):
        page = client.get("/deals/rates/").content.decode()
    assert "6.4 CNY per USD" in page and "0.15625" in page


def test_a_rate_entered_the_wrong_way_round_is_refused_with_the_reason(cast, world):
    with pytest.raises(rate_services.UnusualRate) as refused:
        rate_services.exchange_rate_set(
            delegation=world.a,
            currency="CNY",
            rate=Decimal("6.4"),
            quote=USD_PER,
            by=cast.organiser,
        )
    assert "6.4 CNY per USD" in refused.value.message_text  # it says what was meant
    assert not ExchangeRate.objects.exists()


def test_the_same_mistake_on_the_page_asks_for_a_confirmation_which_is_recorded(
    client, cast, world
):
    client.force_login(cast.organiser)
    wrong = {"delegation": world.a.pk, "currency": "CNY", "rate": "6.4", "quote": "usd_per_unit"}
    response = client.post("/deals/rates/", wrong)
    assert response.status_code == 200
    assert 'name="confirm"' in response.content.decode()
    assert not ExchangeRate.objects.exists()

    response = client.post("/deals/rates/", {**wrong, "confirm": "on"})
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert rate.confirmed_unusual and rate.usd_rate == Decimal("6.4")
    event = SetupEvent.objects.get(kind="rate_set")
    assert event.actor == cast.organiser and event.delegation == world.a
    assert "6.4 CNY per USD" in event.reason


def test_a_rate_far_from_last_editions_needs_a_confirmation_and_a_close_one_does_not(cast, world):
    sixth = f.EditionFactory(number=6, year=2023)
    next_a = f.DelegationFactory(
        edition=sixth, region=world.a.region, office_unit=world.a.office_unit
    )
    rate_services.exchange_rate_set(
        delegation=world.a, currency="EUR", rate=Decimal("1.05"), by=cast.organiser
    )
    with pytest.raises(rate_services.UnusualRate) as refused:
        rate_services.exchange_rate_set(
            delegation=next_a, currency="EUR", rate=Decimal("1.60"), by=cast.organiser
        )
    assert "1.05" in refused.value.message_text
    rate_services.exchange_rate_set(
        delegation=next_a, currency="EUR", rate=Decimal("1.10"), by=cast.organiser
    )
    rate = ExchangeRate.objects.get(delegation=next_a)
    assert rate.usd_rate == Decimal("1.1") and not rate.confirmed_unusual


def test_the_api_refuses_an_unusual_rate_until_confirmed(client, cast, world):
    client.force_login(cast.organiser)
    body = {"delegation": world.a.pk, "currency": "CNY", "rate": "6.4", "quote": "usd_per_unit"}
    response = client.post("/api/exchange-rates/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "unusual_rate"
    response = client.post(
        "/api/exchange-rates/", {**body, "confirm": True}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["confirmed_unusual"] is True


def test_changing_a_rate_says_how_many_deals_keep_their_stored_rate(
    client, cast, world, approved, deal_data
):
    rate_services.exchange_rate_set(
        delegation=world.a, currency="CNY", rate=Decimal("7"), quote=PER_USD, by=cast.organiser
    )
    for product in ("CT", "MRI"):
        services.deal_record(by=cast.registrant, data={**deal_data, "product": product})
    client.force_login(cast.organiser)
    response = client.post(
        "/deals/rates/",
        {"delegation": world.a.pk, "currency": "CNY", "rate": "7.1", "quote": "per_usd"},
        follow=True,
    )
    assert "2 deals already recorded in CNY keep their stored rate" in response.content.decode()
    assert set(Deal.objects.values_list("rate", flat=True)) == {Decimal("7")}


def test_the_data_migration_recomputes_old_deals_and_lists_each_change(cast, world, approved):
    """Deals stored before rates were kept as quoted: 0.14285714 × 70,000,000 = 9,999,999.80."""
    ExchangeRate.objects.create(
        delegation=world.a, currency="CNY", rate=Decimal("0.14285714"), quote=USD_PER,
        usd_rate=Decimal("0.14285714"), set_by=cast.organiser,
    )  # fmt: skip
    old = []
    for amount, stored in (("70000000.00", "9999999.80"), ("30000000.00", "4285714.20")):
        old.append(
            f.DealFactory(
                registration=approved.s1,
                amount=Decimal(amount),
                currency="CNY",
                usd_rate=Decimal("0.14285714"),
                rate=Decimal("0.14285714"),
                rate_quote=USD_PER,
                amount_usd=Decimal(stored),
            )  # fmt: skip
        )
    untouched = f.DealFactory(registration=approved.s1, amount=Decimal("5000000.00"))
    migration = importlib.import_module("deals.migrations.0009_recompute_deals_from_quoted_rates")
    lines = []
    changed = migration.recompute(apps, None, out=lines.append)

    assert [(c["deal"], c["before"], c["after"]) for c in changed] == [
        (old[0].pk, Decimal("9999999.80"), Decimal("10000000.00")),
        (old[1].pk, Decimal("4285714.20"), Decimal("4285714.29")),
    ]
    assert any("9,999,999.80 -> 10,000,000.00 USD" in line for line in lines)
    rate = ExchangeRate.objects.get()
    assert (rate.rate, rate.quote) == (Decimal("7"), PER_USD)
    old[0].refresh_from_db()
    assert (old[0].rate, old[0].rate_quote, old[0].amount_usd) == (
        Decimal("7"),
        PER_USD,
        Decimal("10000000.00"),
    )
    assert old[0].events.get(kind="recomputed").changes == {
        "amount_usd": ["9999999.80", "10000000.00"]
    }
    untouched.refresh_from_db()
    assert untouched.amount_usd == Decimal("5000000.00") and not untouched.events.exists()
