"""Procurement needs of approved purchasers and the matchmaking with exhibitors."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deals.models import Meeting, ProcurementNeed
from deals.needs import services
from deals.needs.selectors import matching_exhibitors
from tests import factories as f


def test_registrant_publishes_a_need_for_an_approved_purchaser(client, cast, approved):
    client.force_login(cast.registrant)
    response = client.post(
        "/deals/needs/new/",
        {
            "registration": approved.s1.pk,
            "zone": f.zone("medical").pk,
            "product": "CT 扫描仪, 呼吸机",
            "quantity": "3台",
            "budget": "5000000.00",
            "budget_currency": "CNY",
            "timing": "2023年上半年",
        },
    )
    assert response.status_code == 302
    need = ProcurementNeed.objects.get()
    assert need.budget == Decimal("5000000.00") and need.published_by == cast.registrant


def test_no_need_for_a_purchaser_not_approved(cast, registrations):
    with pytest.raises(ValidationError):
        services.need_publish(
            by=cast.registrant,
            data=services.NeedData(
                registration=registrations.s1, zone=f.zone("medical"), product="CT"
            ),
        )


def test_matchmaking_lists_exhibitors_of_the_same_zone_whose_products_match(
    client, cast, approved, world
):
    need = ProcurementNeed.objects.create(
        registration=approved.s1,
        zone=f.zone("medical"),
        product="ct 扫描仪、呼吸机",
        published_by=cast.registrant,
    )
    ge = f.ExhibitorFactory(edition=world.edition, name="GE", products="CT scanners; 超声")
    drager = f.ExhibitorFactory(edition=world.edition, name="Dräger", products="进口呼吸机 麻醉机")
    f.ExhibitorFactory(edition=world.edition, name="Roche", products="诊断试剂")
    f.ExhibitorFactory(edition=world.edition, name="Food CT", zone=f.zone("food"), products="CT")
    other_edition = f.EditionFactory(number=6, year=2023)
    f.ExhibitorFactory(edition=other_edition, name="Old GE", products="CT")

    matches = dict(matching_exhibitors(need))
    assert set(matches) == {ge, drager}
    assert matches[ge] == ["ct"] and matches[drager] == ["呼吸机"]

    client.force_login(cast.organiser)
    response = client.get(f"/deals/needs/{need.pk}/")
    assert [x.name for x, _words in response.context["matches"]] == ["Dräger", "GE"]
    assert "Arrange a meeting" in response.content.decode()
    api = client.get(f"/api/procurement-needs/{need.pk}/matches/").json()
    assert {m["exhibitor"]["name"] for m in api} == {"GE", "Dräger"}


def test_meeting_arranged_then_held_with_its_outcome(client, cast, approved, world):
    need = ProcurementNeed.objects.create(
        registration=approved.s1, zone=f.zone("medical"), product="CT", published_by=cast.registrant
    )
    ge = f.ExhibitorFactory(edition=world.edition, name="GE", products="CT")
    client.force_login(cast.lead)
    response = client.post(
        f"/deals/needs/{need.pk}/",
        {
            "exhibitor": ge.pk,
            "meets_on": "2022-11-06",
            "status": "arranged",
            "participants": "采购部王经理 — GE 中国区李总",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    response = client.post(
        f"/deals/needs/{need.pk}/",
        {
            "meeting": meeting.pk,
            "exhibitor": ge.pk,
            "meets_on": "2022-11-07",
            "status": "held",
            "participants": meeting.participants,
            "outcome": "达成意向, 金额待定",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.outcome) == ("held", "达成意向, 金额待定")
    assert Meeting.objects.count() == 1


def test_meeting_with_an_exhibitor_of_another_edition_is_refused(cast, approved):
    need = ProcurementNeed.objects.create(
        registration=approved.s1, zone=f.zone("medical"), product="CT", published_by=cast.registrant
    )
    old = f.ExhibitorFactory(edition=f.EditionFactory(number=4, year=2021))
    with pytest.raises(ValidationError):
        services.meeting_record(
            by=cast.organiser, need=need, exhibitor=old, meets_on=need.created_at.date()
        )
