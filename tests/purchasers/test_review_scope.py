"""Who may reach which review URL: out of scope answers 404 on pages, bulk actions and API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from purchasers.models import Registration, RegistrationEvent
from tests import factories as f

from .review_support import (
    set_status,
)

Status = Registration.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ACTIONS = ["review:approve", "review:reject", "review:return"]
OFFICE_ACTIONS = ["review:report", "review:send-back"]


def _statuses():
    return dict(Registration.objects.values_list("pk", "status"))


@pytest.mark.parametrize("name", ACTIONS)
def test_lead_cannot_review_another_sub_delegations_registration_through_pages(
    client, cast, submitted, name
):
    before = _statuses()
    client.force_login(cast.lead)
    for other in (submitted.s2, submitted.b, submitted.s1_firms):
        response = client.post(reverse(name, args=[other.pk]), {"reason": "试试"})
        assert response.status_code == 404
    assert _statuses() == before
    assert not RegistrationEvent.objects.exists()


@pytest.mark.parametrize("name", ACTIONS + OFFICE_ACTIONS)
@pytest.mark.parametrize(
    "who", ["registrant", "other_registrant", "b_organiser", "viewer", "nobody", "other_lead"]
)
def test_no_one_else_can_review_through_pages(client, cast, submitted, name, who):
    set_status(submitted.s1, Status.LEAD_APPROVED if name in OFFICE_ACTIONS else Status.SUBMITTED)
    client.force_login(getattr(cast, who))
    response = client.post(reverse(name, args=[submitted.s1.pk]), {"reason": "试试"})
    # Who sees the registration (its registrant, the national viewer) but may not decide is
    # refused (403); to everyone else it is not there (404).
    assert response.status_code == (403 if who in ("registrant", "viewer") else 404)
    assert not RegistrationEvent.objects.exists()


def test_review_pages_need_a_login(client, submitted):
    for url in [
        reverse("review:queue"),
        reverse("review:notices"),
        reverse("review:detail", args=[submitted.s1.pk]),
    ]:
        assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "who,status",
    [
        ("lead", 200),
        ("other_lead", 404),
        ("organiser", 200),
        ("registrant", 200),
        ("other_registrant", 404),
        ("b_organiser", 404),
        ("viewer", 200),
        ("nobody", 404),
    ],
)
def test_review_page_of_a_registration_by_role(client, cast, submitted, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("review:detail", args=[submitted.s1.pk])).status_code == status


def test_a_lead_sees_no_review_buttons_for_a_co_leads_registration(client, cast, submitted):
    client.force_login(cast.lead)
    html = client.get(reverse("review:detail", args=[submitted.s1_firms.pk])).content.decode()
    assert 'id="lead-actions"' not in html


@pytest.mark.parametrize(
    "who", ["lead", "other_lead", "organiser", "registrant", "viewer", "nobody"]
)
def test_every_role_gets_a_queue_and_notices_page(client, cast, submitted, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("review:queue")).status_code == 200
    assert client.get(reverse("review:notices")).status_code == 200


@pytest.mark.parametrize(
    "who,own,other",
    [("lead", 200, 404), ("organiser", 200, 200), ("viewer", 200, 200), ("registrant", 404, 404)],
)
def test_progress_pages_by_role(client, cast, world, who, own, other):
    client.force_login(getattr(cast, who))
    assert (
        client.get(reverse("review:sub-delegation-progress", args=[world.s1.pk])).status_code == own
    )
    assert (
        client.get(reverse("review:sub-delegation-progress", args=[world.s2.pk])).status_code
        == other
    )
    assert client.get(reverse("review:delegation-progress", args=[world.a.pk])).status_code == own


def test_progress_of_another_delegation_is_404_for_an_organiser(client, cast, world):
    client.force_login(cast.organiser)
    assert client.get(reverse("review:delegation-progress", args=[world.b.pk])).status_code == 404
    assert (
        client.get(reverse("review:sub-delegation-progress", args=[world.sb.pk])).status_code == 404
    )


def test_bulk_approve_confirms_with_the_count_then_approves(client, cast, world, submitted):

    second = set_status(
        f.RegistrationFactory(lead_agency=world.s1_hospitals, registered_by=cast.registrant),
        Status.SUBMITTED,
    )
    client.force_login(cast.lead)
    ids = [submitted.s1.pk, second.pk]
    confirm = client.post(reverse("review:bulk-approve"), {"ids": ids})
    assert confirm.status_code == 200
    assert "Approve 2 registrations?" in confirm.content.decode()
    assert set(_statuses().values()) == {Status.SUBMITTED}
    client.post(reverse("review:bulk-approve"), {"ids": ids, "confirm": "yes"})
    statuses = _statuses()
    assert statuses[submitted.s1.pk] == statuses[second.pk] == Status.LEAD_APPROVED
    assert statuses[submitted.s2.pk] == Status.SUBMITTED


@pytest.mark.parametrize("confirm", ["", "yes"])
def test_ids_of_other_scopes_smuggled_into_a_bulk_approval_void_the_request(
    client, cast, submitted, confirm
):
    client.force_login(cast.lead)
    for smuggled in (submitted.s2, submitted.b, submitted.s1_firms):
        response = client.post(
            reverse("review:bulk-approve"),
            {"ids": [submitted.s1.pk, smuggled.pk], "confirm": confirm},
        )
        assert response.status_code == 404
    assert set(_statuses().values()) == {Status.SUBMITTED}
    assert not RegistrationEvent.objects.exists()


def test_organiser_cannot_bulk_approve_at_the_lead_tier(client, cast, submitted):
    client.force_login(cast.organiser)
    response = client.post(
        reverse("review:bulk-approve"), {"ids": [submitted.s1.pk], "confirm": "yes"}
    )
    assert response.status_code == 404
    assert not RegistrationEvent.objects.exists()


# The API: the same scopes.


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_queue_holds_only_the_leads_own(cast, submitted):
    rows = _api(cast.lead).get("/api/review/").json()["results"]
    assert [r["id"] for r in rows] == [submitted.s1.pk]
    rows = _api(cast.other_lead).get("/api/review/").json()["results"]
    assert [r["id"] for r in rows] == [submitted.s2.pk]


@pytest.mark.parametrize("action", ["approve", "reject", "return"])
def test_api_lead_cannot_review_another_sub_delegations_registration(cast, submitted, action):
    api = _api(cast.lead)
    for other in (submitted.s2, submitted.b, submitted.s1_firms):
        response = api.post(f"/api/review/{other.pk}/{action}/", {"reason": "试试"}, format="json")
        assert response.status_code == 404
        assert api.get(f"/api/review/{submitted.b.pk}/").status_code == 404
    assert not RegistrationEvent.objects.exists()


def test_api_bulk_approve_with_a_smuggled_id_is_404_and_changes_nothing(cast, submitted):
    api = _api(cast.lead)
    response = api.post(
        "/api/review/bulk-approve/", {"ids": [submitted.s1.pk, submitted.b.pk]}, format="json"
    )
    assert response.status_code == 404
    assert set(_statuses().values()) == {Status.SUBMITTED}
    response = api.post("/api/review/bulk-approve/", {"ids": [submitted.s1.pk]}, format="json")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["approved"]] == [submitted.s1.pk]


def test_api_reason_is_required(cast, submitted):
    response = _api(cast.lead).post(
        f"/api/review/{submitted.s1.pk}/return/", {"reason": ""}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["detail"]


def test_api_office_cannot_report_before_checks_and_is_told_which(cast, submitted):
    set_status(submitted.s1, Status.LEAD_APPROVED)
    api = _api(cast.organiser)
    detail = api.get(f"/api/review/{submitted.s1.pk}/").json()
    assert len(detail["missing_checks"]) == 2
    response = api.post(f"/api/review/{submitted.s1.pk}/report/")
    assert response.status_code == 400
    assert "Credit check" in response.json()["detail"]


def test_api_full_path_with_history(cast, submitted):
    r = submitted.s1
    assert _api(cast.lead).post(f"/api/review/{r.pk}/approve/").status_code == 200
    assert _api(cast.lead).post(f"/api/review/{r.pk}/approve/").status_code == 409
    assert (
        _api(cast.credit_checker)
        .post(f"/api/review/{r.pk}/credit-check/", {"status": "passed"}, format="json")
        .status_code
        == 200
    )
    attendee = r.attendees.get()
    assert (
        _api(cast.background_checker)
        .post(
            f"/api/review/{r.pk}/background-check/",
            {"attendee": attendee.pk, "status": "passed"},
            format="json",
        )
        .status_code
        == 200
    )
    response = _api(cast.organiser).post(f"/api/review/{r.pk}/report/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "reported"
    assert [(e["kind"], e["tier"]) for e in body["events"] if e["to_status"]] == [
        ("lead_approved", "lead"),
        ("reported_by_office", "office"),
    ]
    notices = _api(cast.registrant).get("/api/notices/").json()["results"]
    assert {n["kind"] for n in notices} == {"lead_approved", "reported"}
    assert _api(cast.other_registrant).get("/api/notices/").json()["results"] == []


def test_api_viewer_cannot_act(cast, submitted):
    response = _api(cast.viewer).post(f"/api/review/{submitted.s1.pk}/approve/")
    assert response.status_code in (403, 404)
    assert not RegistrationEvent.objects.exists()


def test_api_schema_documents_review(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/review/bulk-approve/" in schema
    assert "/api/review/{id}/send-back/" in schema
