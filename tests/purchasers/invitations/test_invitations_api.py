"""Invitations over the API: the pages' services, capabilities and scope."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from purchasers.invitations.models import Invitation

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_lead_issues_sends_and_revokes_over_the_api(world, cast, smtp):
    api = _api(cast.lead)
    response = api.post(
        "/api/invitations/",
        {
            "lead_agency": world.s1_hospitals.pk,
            "name": "API 邀请",
            "expires_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "max_firms": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    invitation = Invitation.objects.get()
    assert body["link"].endswith(f"/i/{invitation.token}/") and body["used"] == 0
    assert api.get("/api/invitations/").json()["count"] == 1
    sent = api.post(
        f"/api/invitations/{invitation.pk}/send/", {"contacts": ["x@firm.example"]}, format="json"
    )
    assert sent.status_code == 200
    assert api.post(f"/api/invitations/{invitation.pk}/revoke/").json()["state"] == "revoked"
    assert api.post(f"/api/invitations/{invitation.pk}/revoke/").status_code == 409


def test_the_api_keeps_the_scope_and_the_capabilities(world, cast, invitation):
    assert _api(cast.b_organiser).get(f"/api/invitations/{invitation.pk}/").status_code == 404
    assert (
        _api(cast.b_organiser).post(f"/api/invitations/{invitation.pk}/revoke/").status_code == 404
    )
    viewer = _api(cast.viewer)
    assert viewer.get(f"/api/invitations/{invitation.pk}/").status_code == 200
    assert viewer.post(f"/api/invitations/{invitation.pk}/revoke/").status_code == 403
    other = _api(cast.lead).post(
        "/api/invitations/",
        {"lead_agency": world.s1_firms.pk, "name": "x", "expires_on": "2099-01-01"},
        format="json",
    )
    assert other.status_code == 400 and "lead_agency" in other.json()
    assert APIClient().get("/api/invitations/").status_code == 401
