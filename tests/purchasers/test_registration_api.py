import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from purchasers.models import Registration
from tests import factories as f

from .helpers import firm, person

Status = Registration.Status
LIST = "/api/registrations/"


def detail(registration):
    return f"{LIST}{registration.pk}/"


def submit(registration):
    return f"{LIST}{registration.pk}/submit/"


@pytest.fixture
def api():
    return APIClient()


def test_registrant_creates_updates_and_submits_a_draft(api, world, cast):
    api.force_authenticate(cast.registrant)
    response = api.post(
        LIST,
        {"sub_delegation": world.s2.pk, "purchaser": firm(kind=""), "attendees": [person(1)]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["lead_agency"] == world.s2_agency.pk
    # The registering unit entered the person's data: it reads it back whole.
    assert body["attendees"][0]["id_number"] == person(1)["id_number"]
    registration = Registration.objects.get(pk=body["id"])

    response = api.post(submit(registration), format="json")
    assert response.status_code == 400
    assert any(
        "purchaser type" in m.lower() or "采购商类型" in m
        for m in response.json()["non_field_errors"]
    )

    response = api.patch(detail(registration), {"purchaser": {"kind": "hospital"}}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["purchaser"]["kind"] == "hospital"
    assert len(response.json()["attendees"]) == 1  # left alone when not sent

    response = api.post(submit(registration), format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    actions = list(registration.events.values_list("kind", flat=True))
    assert actions == ["created", "updated", "submitted"]


def test_api_checks_with_the_same_validators_as_the_page(english, api, world, cast):
    api.force_authenticate(cast.registrant)
    response = api.post(
        LIST,
        {
            "sub_delegation": world.s2.pk,
            "purchaser": firm(credit_code="91630100MA0000001X"),
            "attendees": [person(1, phone="12345")],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "credit_code" in errors["purchaser"]
    assert "phone" in errors["attendees"][0]
    assert Registration.objects.count() == 0


def test_api_refuses_a_firm_registered_elsewhere_saying_where(api, world, cast):
    f.RegistrationFactory(
        purchaser=f.PurchaserFactory(credit_code=firm()["credit_code"]), lead_agency=world.sb_agency
    )
    api.force_authenticate(cast.registrant)
    response = api.post(LIST, {"sub_delegation": world.s2.pk, "purchaser": firm()}, format="json")
    assert response.status_code == 400
    assert "交易团B" in response.json()["purchaser"]["credit_code"][0]


def test_submitted_registration_cannot_be_changed_through_the_api(api, world, cast, registrations):
    registrations.s1.status = Status.SUBMITTED
    registrations.s1.save()
    api.force_authenticate(cast.registrant)
    response = api.patch(detail(registrations.s1), {"purchaser": {"name": "改名"}}, format="json")
    assert response.status_code == 409
    assert api.post(submit(registrations.s1)).status_code == 409
    registrations.s1.refresh_from_db()
    assert registrations.s1.purchaser.name != "改名"


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("organiser", True),
        ("lead", True),
        ("other_lead", False),
        ("registrant", True),
        ("other_registrant", False),
        ("b_organiser", False),
        ("viewer", True),
        ("nobody", False),
    ],
)
def test_api_scope_per_role(api, cast, registrations, role, sees):
    user = getattr(cast, role)
    api.force_authenticate(user)
    listed = {r["id"] for r in api.get(LIST).json()["results"]}
    assert (registrations.s1.pk in listed) is sees
    assert api.get(detail(registrations.s1)).status_code == (200 if sees else 404)
    # Only the registering unit changes or submits it; for anyone else it is not there,
    # and the national viewer may not write at all.
    expected = 403 if role == "viewer" else 404
    if role != "registrant":
        assert api.patch(detail(registrations.s1), {}, format="json").status_code == expected
        assert api.post(submit(registrations.s1)).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("organiser", 201),
        ("lead", 201),
        ("other_lead", 201),
        ("registrant", 201),
        ("other_registrant", 201),
        ("b_organiser", 201),
        ("viewer", 403),
        ("nobody", 403),
    ],
)
def test_api_create_per_role(api, world, cast, role, expected):
    user = getattr(cast, role)
    api.force_authenticate(user)
    own = {
        "organiser": world.s2,
        "lead": world.s1,
        "other_lead": world.s2,
        "b_organiser": world.sb,
    }.get(role, world.s2)
    body = {"sub_delegation": own.pk, "purchaser": firm()}
    if own == world.s1:
        body["lead_agency"] = world.s1_hospitals.pk
    assert api.post(LIST, body, format="json").status_code == expected


def test_registrant_cannot_register_into_another_delegation_through_the_api(api, world, cast):
    api.force_authenticate(cast.registrant)
    response = api.post(LIST, {"sub_delegation": world.sb.pk, "purchaser": firm()}, format="json")
    assert response.status_code == 400 and "sub_delegation" in response.json()
    assert Registration.objects.count() == 0


def test_api_needs_authentication(api, registrations):
    assert api.get(LIST).status_code in (401, 403)
    assert api.post(LIST, {}, format="json").status_code in (401, 403)


def test_schema_documents_registration_endpoints(api, cast):
    api.force_authenticate(cast.viewer)
    response = api.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"post", "get"} <= set(paths["/api/registrations/"])
    assert "patch" in paths["/api/registrations/{id}/"]
    assert "put" not in paths["/api/registrations/{id}/"]
    assert "post" in paths["/api/registrations/{id}/submit/"]


def test_schema_generates_without_warnings(tmp_path):

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/registrations/{id}/submit/" in (tmp_path / "schema.yml").read_text()
