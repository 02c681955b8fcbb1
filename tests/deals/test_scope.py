"""Scope: every role of the cast, every deal page and endpoint; outside scope is 404."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from deals.models import Deal, Meeting, ProcurementNeed
from deals.records import services
from tests import factories as f

from .posts import api_post, form_post

# Who sees the deal of the purchaser registered in S1 by the registrant's unit.
SEES_S1 = {"organiser", "lead", "registrant", "viewer"}
CHANGES_S1 = {"organiser", "lead", "registrant"}
FOLLOWS_UP_S1 = {"organiser", "lead"}
EVERYONE = [
    "organiser",
    "lead",
    "other_lead",
    "registrant",
    "other_registrant",
    "b_organiser",
    "viewer",
    "nobody",
]


@pytest.fixture
def deal(approved):
    return f.DealFactory(registration=approved.s1)


@pytest.fixture
def need(approved, cast):
    return ProcurementNeed.objects.create(
        registration=approved.s1, zone=f.zone("medical"), product="CT", published_by=cast.registrant
    )


@pytest.mark.parametrize("role", EVERYONE)
def test_deal_pages_answer_404_outside_scope(client, cast, deal, role):
    client.force_login(getattr(cast, role))
    listed = client.get("/deals/").context["deals"]
    assert (deal in listed) == (role in SEES_S1)
    assert client.get(f"/deals/{deal.pk}/").status_code == (200 if role in SEES_S1 else 404)
    edit = client.get(f"/deals/{deal.pk}/edit/").status_code
    assert edit == (200 if role in CHANGES_S1 else 404)
    moved = client.post(f"/deals/{deal.pk}/move/", {"to_status": "contracted", "version": 1})
    assert moved.status_code == (302 if role in FOLLOWS_UP_S1 else 404)
    noted = client.post(f"/deals/{deal.pk}/notes/", {"noted_on": "2023-01-05", "text": "x"})
    assert noted.status_code == (302 if role in FOLLOWS_UP_S1 else 404)
    deal.refresh_from_db()
    assert deal.status == ("contracted" if role in FOLLOWS_UP_S1 else "intended")


@pytest.mark.parametrize("role", EVERYONE)
def test_deal_api_answers_404_outside_scope(client, cast, deal, role):
    client.force_login(getattr(cast, role))
    ids = [d["id"] for d in client.get("/api/deals/").json()["results"]]
    assert (deal.pk in ids) == (role in SEES_S1)
    assert client.get(f"/api/deals/{deal.pk}/").status_code == (200 if role in SEES_S1 else 404)
    assert client.get(f"/api/deals/{deal.pk}/history/").status_code == (
        200 if role in SEES_S1 else 404
    )
    patched = client.patch(
        f"/api/deals/{deal.pk}/", {"product": "MRI", "version": 1}, content_type="application/json"
    )
    expected = 200 if role in CHANGES_S1 else 403 if role == "viewer" else 404
    assert patched.status_code == expected


@pytest.mark.parametrize("role", EVERYONE)
def test_recording_a_deal_only_for_own_approved_purchasers(client, cast, rmb_rate, deal_data, role):
    client.force_login(getattr(cast, role))
    page = client.post("/deals/new/", form_post(deal_data))
    api = client.post("/api/deals/", api_post(deal_data), content_type="application/json")
    if role in CHANGES_S1:
        assert page.status_code == 302
        assert api.status_code == 409  # the page's deal is already there: flagged duplicate
    elif role in ("viewer", "nobody"):
        assert page.status_code == 404
        assert api.status_code == 403
    else:
        assert page.status_code == 200  # the purchaser is not among the form's choices
        assert api.status_code == 400
        assert "does not exist" in api.json()["registration"][0]
    assert Deal.objects.count() == (1 if role in CHANGES_S1 else 0)


def test_no_deal_for_a_purchaser_not_yet_approved(cast, rmb_rate, deal_data, approved):
    approved.s1.status = "submitted"
    approved.s1.save()
    with pytest.raises(Exception) as refused:
        services.deal_record(by=cast.registrant, data=deal_data)
    assert "registration" in refused.value.message_dict


def test_date_outside_the_recording_window_is_refused(cast, rmb_rate, deal_data, world):

    for day in (datetime.date(2022, 8, 1), datetime.date(2024, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            services.deal_record(by=cast.registrant, data={**deal_data, "signed_on": day})
        assert (
            "are dated from 2022-09-10 to 2023-12-31" in refused.value.message_dict["signed_on"][0]
        )
    deal = services.deal_record(
        by=cast.registrant, data={**deal_data, "signed_on": datetime.date(2023, 12, 31)}
    )
    assert deal.pk


@pytest.mark.parametrize("role", EVERYONE)
def test_needs_and_matchmaking_answer_404_outside_scope(client, cast, need, role):
    client.force_login(getattr(cast, role))
    assert (need in client.get("/deals/needs/").context["needs"]) == (role in SEES_S1)
    assert client.get(f"/deals/needs/{need.pk}/").status_code == (200 if role in SEES_S1 else 404)
    assert client.get(f"/api/procurement-needs/{need.pk}/").status_code == (
        200 if role in SEES_S1 else 404
    )
    assert client.get(f"/api/procurement-needs/{need.pk}/matches/").status_code == (
        200 if role in SEES_S1 else 404
    )
    exhibitor = f.ExhibitorFactory(edition=need.registration.edition)
    response = client.post(
        "/api/meetings/",
        {"need": need.pk, "exhibitor": exhibitor.pk, "meets_on": "2022-11-06"},
        content_type="application/json",
    )
    expected = 201 if role in CHANGES_S1 else 403 if role == "viewer" else 404
    assert response.status_code == expected
    assert Meeting.objects.count() == (1 if role in CHANGES_S1 else 0)


@pytest.mark.parametrize("role", EVERYONE)
def test_exhibitor_directory_read_by_roles_edited_by_office_and_leads(client, cast, world, role):
    exhibitor = f.ExhibitorFactory(edition=world.edition)
    client.force_login(getattr(cast, role))
    reads = role != "nobody"
    assert client.get(f"/api/exhibitors/{exhibitor.pk}/").status_code == (200 if reads else 404)
    assert (exhibitor in client.get("/deals/exhibitors/").context["exhibitors"]) == reads
    edits = role in ("organiser", "lead", "other_lead", "b_organiser")
    assert client.get(f"/deals/exhibitors/{exhibitor.pk}/edit/").status_code == (
        200 if edits else 404
    )
    assert client.get("/deals/exhibitors/new/").status_code == (200 if edits else 404)


@pytest.mark.parametrize("role", EVERYONE)
def test_follow_up_and_rates_pages_by_role(client, cast, role):
    client.force_login(getattr(cast, role))
    office_page = role in ("organiser", "lead", "other_lead", "b_organiser", "viewer")
    assert client.get("/deals/follow-up/").status_code == (200 if office_page else 404)
    rates = client.get("/deals/rates/")
    assert rates.status_code == 200
    assert (rates.context["form"] is not None) == (role in ("organiser", "b_organiser"))


def test_deal_of_another_delegation_is_404_for_the_first_office(client, cast, approved):
    deal_b = f.DealFactory(registration=approved.b)
    client.force_login(cast.organiser)
    assert client.get(f"/deals/{deal_b.pk}/").status_code == 404
    assert client.get(f"/api/deals/{deal_b.pk}/").status_code == 404
    client.force_login(cast.b_organiser)
    assert client.get(f"/deals/{deal_b.pk}/").status_code == 200
