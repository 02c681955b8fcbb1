"""Amounts are exact decimals: an RMB deal at the office's rate gives USD to the cent."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deals.models import Deal, ExchangeRate
from deals.rates import services as rate_services
from deals.records import services

from .conftest import RMB_RATE


def test_rmb_deal_at_the_editions_rate_gives_usd_to_the_cent(cast, rmb_rate, deal_data):
    deal = services.deal_record(by=cast.registrant, data=deal_data)
    deal.refresh_from_db()
    # 1,234,567.89 ÷ 7 = 176,366.8414... → 176,366.84
    assert deal.amount_usd == Decimal("176366.84")
    assert (deal.rate, deal.rate_quote) == (Decimal("7"), "per_usd")
    assert deal.usd_rate == RMB_RATE
    assert isinstance(deal.amount_usd, Decimal)


@pytest.mark.parametrize(
    ("amount", "rate", "usd"),
    [
        ("1.00", "0.125", "0.13"),  # half up, where banker's rounding would give 0.12
        ("0.02", "0.25", "0.01"),  # half a cent goes up
        ("3000000000.00", "0.13812345", "414370350.00"),  # 30多亿元 of the state-owned group
        ("0.10", "0.1", "0.01"),  # 0.1 × 0.1 in floats is 0.010000000000000002
    ],
)
def test_usd_amount_rounds_half_up_to_the_cent(amount, rate, usd):
    assert rate_services.to_usd(Decimal(amount), Decimal(rate)) == Decimal(usd)


def test_a_deal_keeps_its_rate_when_the_office_changes_the_editions_rate(cast, rmb_rate, deal_data):
    deal = services.deal_record(by=cast.registrant, data=deal_data)
    rate_services.exchange_rate_set(
        delegation=rmb_rate.delegation, currency="CNY", usd_rate=Decimal("0.13"), by=cast.organiser
    )
    deal.refresh_from_db()
    assert deal.amount_usd == Decimal("176366.84")

    # Correcting the amount later still converts at the deal's own rate...
    deal = services.deal_update(
        deal=deal, by=cast.registrant, data={**deal_data, "amount": Decimal("7000000")}, version=1
    )
    assert deal.usd_rate == RMB_RATE
    assert deal.amount_usd == Decimal("1000000.00")  # 7,000,000 ÷ 7, not × 0.14285714
    # ...while a new deal takes the new rate.
    other = services.deal_record(by=cast.registrant, data={**deal_data, "product": "MRI"})
    assert other.usd_rate == Decimal("0.13")
    assert other.amount_usd == Decimal("160493.83")


def test_usd_deal_needs_no_rate(cast, deal_data):
    deal = services.deal_record(
        by=cast.registrant, data={**deal_data, "currency": "USD", "amount": Decimal("2500000")}
    )
    assert deal.amount_usd == Decimal("2500000.00")


def test_deal_in_a_currency_without_a_rate_is_refused_with_a_message(cast, deal_data):
    with pytest.raises(ValidationError) as refused:
        services.deal_record(by=cast.registrant, data=deal_data)
    assert "has not set an exchange rate for renminbi" in refused.value.message_dict["currency"][0]


def test_negative_and_zero_amounts_are_refused(cast, rmb_rate, deal_data):
    for amount in ("-1.00", "0"):
        with pytest.raises(ValidationError) as refused:
            services.deal_record(by=cast.registrant, data={**deal_data, "amount": Decimal(amount)})
        assert refused.value.message_dict["amount"] == ["An amount must be more than zero."]


def test_amount_above_the_ceiling_is_refused_with_a_clear_message(
    cast, rmb_rate, deal_data, settings
):
    # 80 bn CNY is 11.4 bn USD: above the default ceiling of 10 bn USD for one deal.
    with pytest.raises(ValidationError) as refused:
        services.deal_record(
            by=cast.registrant, data={**deal_data, "amount": Decimal("80000000000")}
        )
    message = refused.value.message_dict["amount"][0]
    assert "11,428,571,428.57 USD" in message and "10,000,000,000 USD" in message

    settings.DEAL_MAX_USD = "20000000000"
    deal = services.deal_record(
        by=cast.registrant, data={**deal_data, "amount": Decimal("80000000000")}
    )
    assert deal.amount_usd == Decimal("11428571428.57")  # 80 bn ÷ 7, half up


def test_only_the_delegations_office_sets_its_rates_and_usd_needs_none(client, world, cast):
    client.force_login(cast.b_organiser)
    response = client.post(
        "/deals/rates/",
        {"delegation": world.a.pk, "currency": "CNY", "rate": "7", "quote": "per_usd"},
    )
    assert response.status_code == 200  # form error: delegation A is not B's
    assert not ExchangeRate.objects.exists()

    client.force_login(cast.organiser)
    response = client.post(
        "/deals/rates/",
        {"delegation": world.a.pk, "currency": "CNY", "rate": "7", "quote": "per_usd"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get(delegation=world.a, currency="CNY")
    assert (rate.rate, rate.quote, rate.usd_rate) == (7, "per_usd", Decimal("0.14285714"))
    with pytest.raises(ValidationError):
        rate_services.exchange_rate_set(
            delegation=world.a, currency=Deal.Currency.USD, usd_rate=Decimal(1), by=cast.organiser
        )


def test_exchange_rate_api_only_for_the_office(client, world, cast):
    client.force_login(cast.lead)
    response = client.post(
        "/api/exchange-rates/",
        {"delegation": world.a.pk, "currency": "EUR", "usd_rate": "1.05"},
        content_type="application/json",
    )
    assert response.status_code == 400
    client.force_login(cast.organiser)
    response = client.post(
        "/api/exchange-rates/",
        {"delegation": world.a.pk, "currency": "EUR", "usd_rate": "1.05"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["usd_rate"] == "1.05000000"
    client.force_login(cast.b_organiser)
    assert client.get("/api/exchange-rates/").json()["results"] == []
