"""Two people editing the same deal do not overwrite each other silently."""

from decimal import Decimal

import pytest

from deals.models import Deal
from deals.records import services

from .posts import form_post


@pytest.fixture
def deal(cast, rmb_rate, deal_data):
    return services.deal_record(by=cast.registrant, data=deal_data)


def test_second_save_of_a_stale_version_is_refused_with_what_changed(cast, deal, deal_data):
    services.deal_update(
        deal=deal, by=cast.lead, data={**deal_data, "product": "CT 扫描仪 64排"}, version=1
    )
    with pytest.raises(services.StaleDeal) as refused:
        services.deal_update(
            deal=deal, by=cast.registrant, data={**deal_data, "amount": Decimal("7")}, version=1
        )
    [event] = refused.value.events
    assert event.actor == cast.lead
    assert event.changes == {"product": ["CT 扫描仪", "CT 扫描仪 64排"]}
    deal.refresh_from_db()
    assert (deal.product, deal.amount, deal.version) == ("CT 扫描仪 64排", deal_data["amount"], 2)


def test_every_change_is_recorded_with_who_when_before_and_after(cast, deal, deal_data):
    services.deal_update(
        deal=deal, by=cast.organiser, data={**deal_data, "amount": Decimal("7000000")}, version=1
    )
    recorded, changed = deal.events.order_by("pk")
    assert (recorded.kind, recorded.actor, recorded.version) == ("recorded", cast.registrant, 1)
    assert (changed.kind, changed.actor, changed.version) == ("corrected", cast.organiser, 2)
    assert changed.at is not None
    assert changed.changes == {
        "amount": ["1234567.89", "7000000"],
        "amount_usd": ["176366.84", "1000000.00"],
    }


def test_page_refuses_the_second_of_two_edits_and_shows_the_first(client, cast, deal, deal_data):
    lead, registrant = client, type(client)()
    lead.force_login(cast.lead)
    registrant.force_login(cast.registrant)
    # Both open the form at version 1.
    assert 'name="version" value="1"' in lead.get(f"/deals/{deal.pk}/edit/").content.decode()
    assert 'value="1"' in registrant.get(f"/deals/{deal.pk}/edit/").content.decode()

    response = lead.post(
        f"/deals/{deal.pk}/edit/", form_post(deal_data, product="MRI 磁共振", version=1)
    )
    assert response.status_code == 302
    response = registrant.post(
        f"/deals/{deal.pk}/edit/", form_post(deal_data, amount="99.00", version=1)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not saved: someone changed this deal" in page
    assert "MRI 磁共振" in page and "CT 扫描仪" in page
    deal.refresh_from_db()
    assert (deal.product, deal.amount) == ("MRI 磁共振", Decimal("1234567.89"))
    # Having read what changed, saving again is a deliberate overwrite.
    assert 'name="version" value="2"' in page
    response = registrant.post(
        f"/deals/{deal.pk}/edit/", form_post(deal_data, amount="99.00", version=2)
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert (deal.amount, deal.version) == (Decimal("99.00"), 3)


def test_api_refuses_a_stale_version_with_409_and_the_changes(client, cast, deal):
    client.force_login(cast.lead)
    response = client.patch(
        f"/api/deals/{deal.pk}/", {"product": "MRI", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    client.force_login(cast.registrant)
    response = client.patch(
        f"/api/deals/{deal.pk}/", {"amount": "5.00", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale" and body["version"] == 2
    assert body["changes"][0]["changes"] == {"product": ["CT 扫描仪", "MRI"]}
    assert body["changes"][0]["actor"] == "lead"
    assert Deal.objects.get().amount == Decimal("1234567.89")


def test_api_change_without_a_version_is_refused(client, cast, deal):
    client.force_login(cast.lead)
    response = client.patch(
        f"/api/deals/{deal.pk}/", {"product": "MRI"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "version" in response.json()
