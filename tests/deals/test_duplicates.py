"""The same deal entered twice is flagged before it is saved, and saved only when asked."""

from decimal import Decimal

import pytest

from deals.models import Deal
from deals.records import services

from .posts import api_post, form_post


def test_same_deal_twice_is_flagged_by_the_service(cast, rmb_rate, deal_data):
    first = services.deal_record(by=cast.registrant, data=deal_data)
    with pytest.raises(services.DuplicateDeal) as flagged:
        services.deal_record(
            by=cast.organiser, data={**deal_data, "exhibitor_name": "SIEMENS HEALTHINEERS"}
        )
    assert flagged.value.duplicates == [first]
    assert Deal.objects.count() == 1


def test_a_different_amount_is_not_a_duplicate(cast, rmb_rate, deal_data):
    services.deal_record(by=cast.registrant, data=deal_data)
    services.deal_record(by=cast.registrant, data={**deal_data, "amount": Decimal("1.00")})
    assert Deal.objects.count() == 2


def test_page_warns_of_a_duplicate_and_saves_it_only_when_confirmed(
    client, cast, rmb_rate, deal_data
):
    services.deal_record(by=cast.registrant, data=deal_data)
    client.force_login(cast.registrant)

    response = client.post("/deals/new/", form_post(deal_data))
    assert response.status_code == 200
    assert "This deal seems to be recorded already" in response.content.decode()
    assert "Save anyway" in response.content.decode()
    assert Deal.objects.count() == 1

    response = client.post("/deals/new/", form_post(deal_data, confirm_duplicate="on"))
    assert response.status_code == 302
    assert Deal.objects.count() == 2
    assert Deal.objects.latest("pk").events.get().reason == "Saved although a similar deal exists."


def test_api_answers_409_for_a_duplicate_and_201_when_confirmed(client, cast, rmb_rate, deal_data):
    first = services.deal_record(by=cast.registrant, data=deal_data)
    client.force_login(cast.registrant)
    response = client.post("/api/deals/", api_post(deal_data), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert response.json()["duplicates"] == [first.pk]
    response = client.post(
        "/api/deals/",
        api_post(deal_data, confirm_duplicate=True),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Deal.objects.count() == 2
