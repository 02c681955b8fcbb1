"""Fields a caller may not set through the API are refused or ignored:
status, version, edition, reviewer, dollar amounts, another delegation's sub-delegation or
purchaser."""

import pytest
from rest_framework.test import APIClient

from deals.models import Deal
from purchasers.models import Registration
from tests import factories as f
from tests.purchasers.helpers import firm, person

from .posts import api_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_deal_body_cannot_set_its_dollars_status_version_or_recorder(
    api, cast, rmb_rate, deal_data
):
    api.force_authenticate(cast.registrant)
    body = api_post(
        deal_data,
        amount_usd="1.00",
        usd_rate="1",
        status=Deal.Status.COMPLETED,
        version=99,
        recorded_by=cast.organiser.pk,
    )
    response = api.post("/api/deals/", body, format="json")
    assert response.status_code == 201, response.json()
    deal = Deal.objects.get(pk=response.json()["id"])
    assert deal.amount_usd != 1 and deal.usd_rate == rmb_rate.usd_rate
    assert deal.status == Deal.Status.INTENDED and deal.version == 1
    assert deal.recorded_by == cast.registrant


def test_a_deal_for_another_delegations_purchaser_is_refused(api, cast, approved, deal_data):
    api.force_authenticate(cast.registrant)
    response = api.post(
        "/api/deals/", api_post(deal_data, registration=approved.b.pk), format="json"
    )
    assert response.status_code in (400, 404)
    assert not Deal.objects.filter(registration=approved.b).exists()


def test_a_registration_body_cannot_set_status_edition_or_reviewer(api, world, cast):
    api.force_authenticate(cast.registrant)
    other = f.EditionFactory(number=6, year=2023)
    response = api.post(
        "/api/registrations/",
        {
            "sub_delegation": world.s2.pk,
            "purchaser": firm(),
            "attendees": [person(1)],
            "status": Registration.Status.REPORTED,
            "edition": other.pk,
            "reviewed_by": cast.organiser.pk,
            "version": 42,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    registration = Registration.objects.get(pk=response.json()["id"])
    assert registration.status == Registration.Status.DRAFT
    assert registration.edition == world.edition
    assert not registration.events.exclude(actor=cast.registrant).exists()


def test_a_registration_cannot_be_placed_in_another_delegations_sub_delegation(api, world, cast):
    api.force_authenticate(cast.registrant)
    response = api.post(
        "/api/registrations/",
        {"sub_delegation": world.sb.pk, "purchaser": firm(), "attendees": [person(1)]},
        format="json",
    )
    assert response.status_code in (400, 404)
    assert not Registration.objects.filter(sub_delegation=world.sb).exists()
