"""Totals read as people say them: 28.37 亿美元 in Chinese, 2.837 billion USD in English."""

from decimal import Decimal

import pytest

from deals.rollups.services import rollup_recompute
from deals.templatetags.rollup_format import amount, usd_words
from tests.languages import speaking

from .rollup_helpers import shanghai_state_owned_7th


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("2837000000.00", "28.37 亿美元", "2.837 billion USD"),
        ("19637000000.00", "196.37 亿美元", "19.637 billion USD"),
        ("15000000.00", "1,500.00 万美元", "15 million USD"),
        ("4285714.29", "428.57 万美元", "4.29 million USD"),
        ("9876.50", "9,876.50 美元", "9,876.50 USD"),
    ],
)
def test_totals_in_both_languages(value, zh, en):
    with speaking("zh-hans"):
        assert usd_words(Decimal(value)) == zh
    with speaking("en"):
        assert usd_words(Decimal(value)) == en


def test_amounts_carry_thousands_separators():
    assert amount(Decimal("70000000")) == "70,000,000.00"


def test_the_dashboard_total_reads_naturally_in_english(client, cast, db):

    sh = shanghai_state_owned_7th(previous_editions=False)
    organiser = type(cast.organiser).objects.create(
        username="sh", role="organiser", unit=sh.delegation.office_unit
    )
    rollup_recompute()
    client.force_login(organiser)
    page = client.get("/dashboard/").content.decode()
    # 国资分团's 2.837 bn and 青浦分团's 12 million USD.
    assert "2,849,000,000.00 (2.849 billion USD)" in page and "28.49 100 million" not in page
