"""The dashboard's badge completeness: each sub-delegation's counts, as each role's scope
has them (the office its delegation, a lead its own sub-delegations, the bureau all)."""

import re

import pytest
from django.urls import reverse

from purchasers.badges import season as s
from purchasers.badges.models import BadgeStatus
from purchasers.badges.services import BadgeChange, badges_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world, cast):
    """卫生分团 (医院) 10 people, 4 with badges ready; 商贸分团 5, 2 in review;
    B's 国资分团 6, none applied."""
    a = s.build_season(
        agencies=[world.s1_hospitals, world.s2_agency], by=cast.registrant, people=15, per_firm=5
    ).attendees
    b = s.build_season(agencies=[world.sb_agency], by=cast.registrant, people=6, start=900)
    health = [p for p in a if p.registration.lead_agency_id == world.s1_hospitals.pk]
    commerce = [p for p in a if p.registration.lead_agency_id == world.s2_agency.pk]
    assert (len(health), len(commerce)) == (10, 5)
    badges_change(
        changes=[BadgeChange(p.pk, BadgeStatus.READY) for p in health[:4]]
        + [BadgeChange(p.pk, BadgeStatus.IN_REVIEW) for p in commerce[:2]],
        by=cast.organiser,
        kind="set",
    )
    return a + b.attendees


def _rows(client, user) -> dict[str, list[str]]:
    """Each sub-delegation's row of the badge table: its cells as read."""
    client.force_login(user)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    section = re.search(
        r'<section class="card" id="badge-completeness">(.*?)</section>', page, re.S
    )
    assert section, "no badge completeness on the dashboard"
    rows = {}
    for row in re.findall(r'<tr class="sub-delegation"[^>]*>(.*?)</tr>', section.group(1), re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        name = next(c for c in cells if c.endswith("分团"))
        rows[name] = cells[cells.index(name) + 2 :]  # people, not applied, ready, stuck, %
    return rows


def test_office_sees_each_sub_delegation_of_its_delegation(client, cast, people):
    rows = _rows(client, cast.organiser)
    assert rows == {
        "卫生分团": ["10", "6", "4", "0", "40% 40%"],
        "商贸分团": ["5", "3", "0", "0", "40% 40%"],
    }


def test_lead_sees_only_its_sub_delegation(client, cast, people):
    assert _rows(client, cast.lead) == {"卫生分团": ["10", "6", "4", "0", "40% 40%"]}
    assert list(_rows(client, cast.other_lead)) == ["商贸分团"]


def test_national_viewer_sees_every_delegation(client, cast, people):
    rows = _rows(client, cast.viewer)
    assert rows["国资分团"] == ["6", "6", "0", "0", "0% 0%"]
    assert rows["卫生分团"][:3] == ["10", "6", "4"]


def test_another_delegations_office_sees_only_its_own(client, cast, people):
    assert _rows(client, cast.b_organiser) == {"国资分团": ["6", "6", "0", "0", "0% 0%"]}
