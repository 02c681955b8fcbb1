"""Approved purchasers in each corner of the world, and the office's renminbi rate."""

from decimal import Decimal

import pytest

from deals.models import ExchangeRate
from deals.money import RateQuote
from purchasers.models import Registration
from tests import factories as f

# The office quotes 7 CNY to the dollar; as USD per CNY that is 0.14285714 (8 places).
RMB_RATE = Decimal("0.14285714")


@pytest.fixture
def approved(registrations):
    for registration in vars(registrations).values():
        registration.status = Registration.Status.LEAD_APPROVED
        registration.save()
    return registrations


@pytest.fixture
def rmb_rate(world, cast):
    return ExchangeRate.objects.create(
        delegation=world.a,
        currency="CNY",
        rate=Decimal("7"),
        quote=RateQuote.PER_USD,
        usd_rate=RMB_RATE,
        set_by=cast.organiser,
    )


@pytest.fixture
def deal_data(world, approved):
    """What a registrant enters for a deal of the purchaser registered in S1."""

    return {
        "registration": approved.s1,
        "exhibitor": None,
        "exhibitor_name": "Siemens Healthineers",
        "exhibitor_country": "德国",
        "zone": f.zone("medical"),
        "product": "CT 扫描仪",
        "amount": Decimal("1234567.89"),
        "currency": "CNY",
        "signed_on": world.edition.opens_on,
        "at_signing_ceremony": False,
        "ceremony": "",
    }


# The roll-up, dashboard and export tests read the Chinese that organisers quote.
CHINESE_MODULES = ("test_rollup", "test_dashboard", "test_export")


@pytest.fixture(autouse=True)
def _deal_tests_in_english(request):
    """Deal pages and messages in English, whatever the Chinese catalogue holds."""
    if not request.module.__name__.rsplit(".", 1)[-1].startswith(CHINESE_MODULES):
        request.getfixturevalue("english")
