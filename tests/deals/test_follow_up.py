"""Follow-up: intended → contracted → executing → completed, or cancelled with a reason;
notes with dates; the office's page of deals due; execution rates per edition."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import Deal, FollowUpNote
from deals.records import services
from deals.records.selectors import execution_rates
from tests import factories as f

S = Deal.Status


@pytest.fixture
def deal(approved):
    return f.DealFactory(registration=approved.s1)


def test_deal_moves_through_each_step_to_completed(cast, deal):
    for to_status in (S.CONTRACTED, S.EXECUTING, S.COMPLETED):
        deal = services.deal_move(deal=deal, by=cast.organiser, to_status=to_status)
    assert deal.status == S.COMPLETED
    assert deal.version == 4
    assert [(e.from_status, e.to_status) for e in deal.events.all()] == [
        ("intended", "contracted"),
        ("contracted", "executing"),
        ("executing", "completed"),
    ]


def test_steps_cannot_be_skipped_nor_a_closed_deal_moved(cast, deal):
    with pytest.raises(services.FollowUpError):
        services.deal_move(deal=deal, by=cast.organiser, to_status=S.COMPLETED)
    deal = services.deal_move(deal=deal, by=cast.organiser, to_status=S.CONTRACTED)
    deal = services.deal_move(deal=deal, by=cast.organiser, to_status=S.EXECUTING)
    deal = services.deal_move(deal=deal, by=cast.organiser, to_status=S.COMPLETED)
    with pytest.raises(services.FollowUpError):
        services.deal_move(deal=deal, by=cast.organiser, to_status=S.CANCELLED, reason="x")


@pytest.mark.parametrize("steps", [0, 1, 2])
def test_cancelling_from_any_open_state_needs_a_reason(cast, deal, steps):
    for to_status in [S.CONTRACTED, S.EXECUTING][:steps]:
        deal = services.deal_move(deal=deal, by=cast.lead, to_status=to_status)
    with pytest.raises(services.FollowUpError, match="Say why"):
        services.deal_move(deal=deal, by=cast.lead, to_status=S.CANCELLED, reason="  ")
    deal = services.deal_move(
        deal=deal, by=cast.lead, to_status=S.CANCELLED, reason="供应商撤回报价"
    )
    assert (deal.status, deal.cancel_reason) == (S.CANCELLED, "供应商撤回报价")


def test_office_moves_a_deal_to_contracted_with_a_note_on_the_page(client, cast, deal):
    client.force_login(cast.organiser)
    response = client.post(
        f"/deals/{deal.pk}/move/",
        {"to_status": "contracted", "note": "已签正式合同", "version": deal.version},
    )
    assert response.status_code == 302
    page = client.get(f"/deals/{deal.pk}/").content.decode()
    assert "已签正式合同" in page
    deal.refresh_from_db()
    assert deal.status == S.CONTRACTED
    assert deal.notes.get().noted_on == timezone.localdate()


def test_registrant_cannot_move_a_deal(client, cast, deal):
    client.force_login(cast.registrant)
    response = client.post(f"/deals/{deal.pk}/move/", {"to_status": "contracted", "version": 1})
    assert response.status_code == 404
    response = client.post(
        f"/api/deals/{deal.pk}/move/", {"to_status": "contracted"}, content_type="application/json"
    )
    assert response.status_code == 403
    deal.refresh_from_db()
    assert deal.status == S.INTENDED


def test_api_moves_and_notes(client, cast, deal):
    client.force_login(cast.lead)
    response = client.post(
        f"/api/deals/{deal.pk}/move/",
        {"to_status": "executing"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "contracted" in response.json()["to_status"][0]
    response = client.post(
        f"/api/deals/{deal.pk}/move/",
        {"to_status": "contracted", "version": 1},
        content_type="application/json",
    )
    assert response.json()["status"] == "contracted"
    response = client.post(
        f"/api/deals/{deal.pk}/notes/",
        {"noted_on": "2023-03-01", "text": "首批设备已到港"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get(f"/api/deals/{deal.pk}/notes/").json()[0]["text"] == "首批设备已到港"
    history = client.get(f"/api/deals/{deal.pk}/history/").json()
    assert [e["kind"] for e in history] == ["moved", "note"]


def test_execution_rate_by_count_and_amount(cast, approved, world):
    usd = [Decimal("100.00"), Decimal("300.00"), Decimal("600.00"), Decimal("1000.00")]
    deals = [f.DealFactory(registration=approved.s1, amount=a, product=str(a)) for a in usd]
    for to_status in (S.CONTRACTED, S.EXECUTING, S.COMPLETED):
        services.deal_move(deal=deals[2], by=cast.organiser, to_status=to_status)
    services.deal_move(deal=deals[3], by=cast.organiser, to_status=S.CANCELLED, reason="没谈成")

    [rate] = execution_rates(Deal.objects.all())
    assert rate.edition == world.edition
    assert (rate.intended, rate.completed) == (4, 1)
    assert (rate.intended_usd, rate.completed_usd) == (Decimal("2000.00"), Decimal("600.00"))
    assert (rate.count_percent, rate.amount_percent) == (Decimal("25.0"), Decimal("30.0"))


def test_follow_up_page_lists_open_deals_of_past_editions_not_followed_lately(
    client, cast, approved, world
):
    forgotten = f.DealFactory(registration=approved.s1, product="CT")
    followed = f.DealFactory(registration=approved.s1, product="MRI")
    FollowUpNote.objects.create(
        deal=followed, noted_on=timezone.localdate(), text="在执行", author=cast.organiser
    )
    old_note = f.DealFactory(registration=approved.s2, product="B超")
    FollowUpNote.objects.create(
        deal=old_note,
        noted_on=timezone.localdate() - datetime.timedelta(days=200),
        text="半年前",
        author=cast.organiser,
    )
    done = f.DealFactory(registration=approved.s1, product="done", status=S.COMPLETED)
    # A deal of an edition still to come is not due.
    future = f.EditionFactory(number=30, year=timezone.localdate().year + 1)
    sub = f.SubDelegationFactory(
        delegation=f.DelegationFactory(edition=future, office_unit=world.a.office_unit)
    )
    upcoming = f.DealFactory(
        registration=f.RegistrationFactory(
            lead_agency=f.LeadAgencyFactory(sub_delegation=sub), status="lead_approved"
        ),
        product="next year",
    )
    client.force_login(cast.organiser)
    response = client.get("/deals/follow-up/")
    due = list(response.context["due"])
    assert forgotten in due and old_note in due
    assert followed not in due and done not in due and upcoming not in due
    assert "25.0%" in response.content.decode()
    assert "4000000.00" in response.content.decode()
    rates = {r.edition.number: r for r in response.context["rates"]}
    assert rates[5].intended == 4 and rates[5].completed == 1


def test_an_edition_with_nothing_completed_shows_zero_percent(client, cast, approved):
    f.DealFactory(registration=approved.s1)
    client.force_login(cast.organiser)
    rates = client.get("/deals/follow-up/").content.decode()
    assert '<td class="num">0.0%</td>' in rates
