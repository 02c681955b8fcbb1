"""Pages open on the edition the user works in, not simply the latest one."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from deals.rollups.services import rollup_recompute
from delegations.models import Delegation
from tests import factories as f


@pytest.fixture
def seventh_for_b_only(world, registrations):
    """A 5th-edition world (A = Qinghai, B = Shanghai) where only B has a 7th edition."""
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("150000000.00"))
    seventh = f.EditionFactory(number=7, year=2024)
    b7 = f.DelegationFactory(
        edition=seventh, name="交易团B", region=world.b.region, office_unit=world.b.office_unit
    )
    b7.member_units.set([world.units.b_lead])
    sub = f.SubDelegationFactory(delegation=b7, name="国资分团")
    f.LeadAgencyFactory(sub_delegation=sub, units=[world.units.b_lead])
    rollup_recompute()
    return seventh


def _dashboard_edition(client, user) -> int:
    client.force_login(user)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    return response.context["edition"].number


@pytest.mark.parametrize(
    ("who", "number"),
    [("organiser", 5), ("lead", 5), ("b_organiser", 7), ("viewer", 7)],
)
def test_dashboard_opens_on_the_edition_each_role_works_in(
    client, cast, seventh_for_b_only, who, number
):
    assert _dashboard_edition(client, getattr(cast, who)) == number


def test_the_qinghai_office_sees_its_5th_edition_figures_not_an_empty_7th(
    client, cast, seventh_for_b_only
):
    client.force_login(cast.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "150,000,000.00" in page and "1.50 亿美元" in page


def test_an_edition_asked_for_still_wins(client, cast, seventh_for_b_only):
    client.force_login(cast.organiser)
    response = client.get(reverse("dashboard:dashboard"), {"edition": 7})
    assert response.context["edition"].number == 7


def test_registrant_staff_work_in_the_last_edition_open_for_registration(
    client, world, cast, seventh_for_b_only
):
    client.force_login(cast.b_registrant)
    assert client.get(reverse("registrations:list")).context["edition"].number == 7
    # While B's office drafts its 7th-edition structure, its staff stay on the 5th.
    Delegation.objects.filter(edition__number=7).update(registration_open=False)
    assert client.get(reverse("registrations:list")).context["edition"].number == 5
