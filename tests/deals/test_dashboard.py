"""The dashboard shows each role its figures, read from the roll-up rows only."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals.rollups.services import rollup_recompute
from delegations.models import User
from tests import factories as f

from .rollup_helpers import shanghai_state_owned_7th


@pytest.fixture
def deals(registrations):
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("150000000.00"))
    f.RollupDealFactory(
        registration=registrations.s2, amount_usd=Decimal("20000000.00"), zone=f.zone("food")
    )
    f.RollupDealFactory(registration=registrations.b, amount_usd=Decimal("99000000.00"))
    rollup_recompute()
    return registrations


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    "who, status",
    [
        ("organiser", 200),
        ("lead", 200),
        ("other_lead", 200),
        ("viewer", 200),
        ("b_organiser", 200),
        ("registrant", 404),
        ("other_registrant", 404),
        ("nobody", 404),
    ],
)
def test_dashboard_is_for_organisers_leads_and_the_national_viewer(
    client, cast, deals, who, status
):
    assert page(client, getattr(cast, who), reverse("dashboard:dashboard")).status_code == status


def test_dashboard_asks_anonymous_visitors_to_log_in(client, deals):
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "who, delegation, status",
    [
        ("organiser", "a", 200),
        ("organiser", "b", 404),
        ("b_organiser", "a", 404),
        ("lead", "a", 200),
        ("lead", "b", 404),
        ("viewer", "a", 200),
        ("viewer", "b", 200),
        ("registrant", "a", 404),
        ("nobody", "a", 404),
    ],
)
def test_delegation_dashboard_outside_scope_is_not_found(
    client, cast, world, deals, who, delegation, status
):
    url = reverse("dashboard:dashboard-delegation", args=[getattr(world, delegation).pk])
    assert page(client, getattr(cast, who), url).status_code == status


def test_organiser_sees_their_delegation_totals_zones_and_ranked_sub_delegations(
    client, cast, deals
):
    response = page(client, cast.organiser, reverse("dashboard:dashboard"))
    text = response.content.decode()
    assert "170,000,000.00" in text  # A: 150 M + 20 M; B's 99 M is not theirs
    assert "99,000,000.00" not in text
    assert text.index("卫生分团") < text.index("商贸分团")  # ranked by amount
    assert "<svg" in text and "食品及农产品" in text  # the zone chart, inline
    # Nothing is fetched from elsewhere: the only scripts are the product's own.
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]*)"', text))
    assert "cdn" not in text.lower()
    assert "最近刷新" in text or "last refreshed" in text.lower()


def test_lead_sees_only_their_sub_delegations(client, cast, deals):
    text = page(client, cast.lead, reverse("dashboard:dashboard")).content.decode()
    assert "150,000,000.00" in text
    assert "20,000,000.00" not in text and "170,000,000.00" not in text


def test_national_viewer_sees_delegations_ranked(client, cast, world, deals):
    text = page(client, cast.viewer, reverse("dashboard:dashboard")).content.decode()
    assert "269,000,000.00" in text  # all delegations
    assert text.index("交易团A") < text.index("交易团B")


def test_seed_figures_come_out_of_the_dashboard_exactly(client, db):
    shanghai = shanghai_state_owned_7th()
    rollup_recompute()
    organiser = f.UserFactory(role=User.Role.ORGANISER, unit=shanghai.delegation.office_unit)
    text = page(client, organiser, reverse("dashboard:dashboard") + "?edition=7").content.decode()
    row = text[text.index("<td>国资分团</td>") :]
    assert "136" in row[:400]
    assert "2,837,000,000.00" in row[:800]
    assert ">7<" in row[:800]  # firms above 100 million USD
    assert "+1.32%" in row[:1000]
    assert "19,637,000,000.00" in row[:1200]
    assert text.index("<td>国资分团</td>") < text.index("<td>青浦分团</td>")
    assert "80,010,000,000.00" in text  # the national total of the 7th edition


def test_dashboard_query_count_does_not_grow_with_deals(client, cast, registrations, world):
    f.RollupDealFactory(registration=registrations.s1)
    rollup_recompute()
    client.force_login(cast.organiser)
    url = reverse("dashboard:dashboard-delegation", args=[world.a.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    zones = ["services", "automobile", "equipment", "consumer", "medical", "food"]
    for i in range(300):
        f.RollupDealFactory(
            registration=[registrations.s1, registrations.s1_firms, registrations.s2][i % 3],
            zone=f.zone(zones[i % 6]),
            exhibitor_country=f"国家{i % 17}",
        )
    rollup_recompute()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) > 0 and len(many) == len(few)
    assert not any("deals_deal" in q["sql"] for q in many.captured_queries)
