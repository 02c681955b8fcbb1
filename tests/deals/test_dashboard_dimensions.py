"""The dashboard and the totals workbook break the deals down by the purchaser's ownership,
its type and the exhibitor's continent, each reader seeing the groups of their own scope."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from deals.models import ExportJob
from deals.rollups.services import rollup_recompute, rollup_refresh_dirty
from purchasers.models import Registration
from tests import factories as f

from .rollup_helpers import read_xlsx

Kind = Registration.Kind


@pytest.fixture
def classified(registrations):
    """A's S1: a state-owned hospital (150 M, Germany) and a private trader (30 M, Japan);
    A's S2: a private trader (20 M, the United States); B: a foreign-invested trader
    (99 M, France)."""
    for registration, ownership, kind, amount, country in (
        (registrations.s1, "state_owned", Kind.HOSPITAL, "150000000.00", "德国"),
        (registrations.s1_firms, "private", Kind.IMPORT_TRADER, "30000000.00", "日本"),
        (registrations.s2, "private", Kind.IMPORT_TRADER, "20000000.00", "美国"),
        (registrations.b, "foreign_invested", Kind.IMPORT_TRADER, "99000000.00", "法国"),
    ):
        registration.ownership = f.ownership(ownership)
        registration.kind = kind
        registration.save()
        f.RollupDealFactory(
            registration=registration, amount_usd=Decimal(amount), exhibitor_country=country
        )
    rollup_recompute()
    return registrations


def breakdown(html: str, dimension: str) -> dict[str, str]:
    """The section's groups: label -> total (USD) as the page shows them."""
    section = html.split(f'id="by-{dimension}"')[1].split("</section>")[0]
    rows = re.findall(r"<tr>\s*<td>\d+</td>\s*<td>(.*?)</td>(.*?)</tr>", section, re.S)
    return {
        label.strip(): re.findall(r'<td class="num">([^<]*)</td>', cells)[3]
        for label, cells in rows
    }


def dashboard(client, user, **args):
    client.force_login(user)
    if args:
        url = reverse("dashboard:dashboard-delegation", args=[args["delegation"].pk])
    else:
        url = reverse("dashboard:dashboard")
    return client.get(url).content.decode()


def test_the_office_sees_its_delegation_by_ownership_type_and_continent(client, cast, classified):
    html = dashboard(client, cast.organiser)
    assert breakdown(html, "ownership") == {
        "国有及国有控股": "150,000,000.00",
        "民营": "50,000,000.00",
    }
    assert breakdown(html, "kind") == {
        "医院或医疗机构": "150,000,000.00",
        "进口贸易企业": "50,000,000.00",
    }
    assert breakdown(html, "continent") == {
        "欧洲": "150,000,000.00",
        "亚洲": "30,000,000.00",
        "北美洲": "20,000,000.00",
    }


def test_a_lead_sees_only_its_sub_delegations_groups(client, cast, classified):
    html = dashboard(client, cast.lead)
    assert breakdown(html, "ownership") == {
        "国有及国有控股": "150,000,000.00",
        "民营": "30,000,000.00",  # S1's private trader, not S2's
    }
    assert breakdown(html, "continent") == {"欧洲": "150,000,000.00", "亚洲": "30,000,000.00"}


def test_the_national_viewer_sees_every_delegation_and_another_office_its_own(
    client, cast, world, classified
):
    national = dashboard(client, cast.viewer)
    assert breakdown(national, "ownership") == {
        "国有及国有控股": "150,000,000.00",
        "外商投资": "99,000,000.00",
        "民营": "50,000,000.00",
    }
    assert breakdown(national, "continent")["欧洲"] == "249,000,000.00"  # Germany and France
    assert breakdown(dashboard(client, cast.b_organiser), "ownership") == {
        "外商投资": "99,000,000.00"
    }
    # The viewer on delegation A's page: A's groups only.
    assert "外商投资" not in breakdown(
        dashboard(client, cast.viewer, delegation=world.a), "ownership"
    )


def test_a_purchaser_reclassified_moves_its_deals_to_its_new_group(client, cast, classified):
    classified.s2.ownership = f.ownership("hk_macao_taiwan")
    classified.s2.save()
    rollup_refresh_dirty()
    assert breakdown(dashboard(client, cast.organiser), "ownership") == {
        "国有及国有控股": "150,000,000.00",
        "民营": "30,000,000.00",
        "港澳台投资": "20,000,000.00",
    }


def test_the_workbook_has_the_same_breakdowns_as_the_dashboard(
    client, cast, classified, django_capture_on_commit_callbacks
):
    client.force_login(cast.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:export-create"), {"edition": 5})
    job = ExportJob.objects.latest("created_at")
    response = client.get(reverse("exports:export-download", args=[job.pk]))
    book = read_xlsx(b"".join(response.streaming_content))
    assert {row[0]: row[4] for row in book["按所有制性质"][1:]} == {
        "国有及国有控股": 150000000.0,
        "民营": 50000000.0,
    }
    assert {row[0]: row[2] for row in book["按所有制性质"][1:]} == {
        "国有及国有控股": 1.0,
        "民营": 2.0,  # purchasers with deals
    }
    assert {row[0]: row[4] for row in book["按大洲"][1:]} == {
        "欧洲": 150000000.0,
        "亚洲": 30000000.0,
        "北美洲": 20000000.0,
    }
    # The countries grouped by continent.
    assert [row[1:3] for row in book["按国别"][1:]] == [
        ["亚洲", "日本"],
        ["欧洲", "德国"],
        ["北美洲", "美国"],
    ]
    deal_list = book["成交明细"]
    assert deal_list[0][-2:] == ["采购商类型", "所有制性质"]
    assert {row[-1] for row in deal_list[1:]} == {"国有及国有控股", "民营"}


def test_the_api_gives_the_same_groups_by_ownership_type_and_continent(client, cast, classified):
    def groups(user, by):
        client.force_login(user)
        response = client.get("/api/totals/", {"by": by, "edition": 5})
        assert response.status_code == 200, response.content
        return [
            (row["ownership"], row["kind"], row["continent"], row["total_usd"])
            for row in response.json()["results"]
        ]

    assert groups(cast.organiser, "ownership") == [
        ("state_owned", "", "", "150000000.00"),
        ("private", "", "", "50000000.00"),
    ]
    assert groups(cast.lead, "kind") == [
        (None, "hospital", "", "150000000.00"),
        (None, "import_trader", "", "30000000.00"),
    ]
    assert [g[2] for g in groups(cast.viewer, "continent")] == ["europe", "asia", "north_america"]
