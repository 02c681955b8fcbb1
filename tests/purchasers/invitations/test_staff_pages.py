"""Issuing, sending and revoking invitations: who may, where, and what each sees."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from delegations.capabilities import can
from purchasers.invitations.models import Invitation
from tests import factories as f

from .conftest import issue

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _issue_post(lead_agency, **overrides) -> dict:
    data = {
        "lead_agency": str(lead_agency.pk),
        "name": "2022 商贸分团 — 商超企业",
        "expires_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "max_firms": "",
        "credit_codes": "",
        "contacts": "",
    }
    return {**data, **overrides}


def test_a_lead_issues_for_its_own_agency_only(world, cast):
    client = _client(cast.lead)
    response = client.post("/invitations/new/", _issue_post(world.s1_hospitals))
    invitation = Invitation.objects.get()
    assert response["Location"] == f"/invitations/{invitation.pk}/"
    assert invitation.lead_agency == world.s1_hospitals and invitation.unit == cast.lead.unit
    page = client.get(response["Location"]).content.decode()
    assert invitation.token in page and invitation.code in page
    # The co-lead's agency is not offered, and the service refuses it too.
    assert client.post("/invitations/new/", _issue_post(world.s1_firms)).status_code == 400
    with pytest.raises(PermissionDenied):
        issue(cast.lead, world.s1_firms)


def test_a_member_unit_issues_for_its_delegations_and_the_office_for_its_own(world, cast):
    assert issue(cast.registrant, world.s2_agency).unit == world.units.tourism
    assert issue(cast.organiser, world.s1_firms).unit == world.a.office_unit
    for user, agency in (
        (cast.registrant, world.sb_agency),
        (cast.organiser, world.sb_agency),
        (cast.viewer, world.s1_hospitals),
        (cast.nobody, world.s1_hospitals),
    ):
        assert not can(user, "invitations.issue", agency)
        with pytest.raises(PermissionDenied):
            issue(user, agency)
    assert _client(cast.viewer).get("/invitations/new/").status_code == 403


def test_invitations_outside_the_scope_are_404(world, cast, invitation):
    assert _client(cast.lead).get(f"/invitations/{invitation.pk}/").status_code == 200
    assert _client(cast.organiser).get(f"/invitations/{invitation.pk}/").status_code == 200
    for outsider in (cast.b_organiser, cast.other_lead, cast.registrant):
        client = _client(outsider)
        assert client.get(f"/invitations/{invitation.pk}/").status_code == 404
        assert client.get(f"/invitations/{invitation.pk}/revoke/").status_code == 404
        assert client.post(f"/invitations/{invitation.pk}/revoke/").status_code == 404
        assert invitation.name not in client.get("/invitations/").content.decode()
    assert Client().get("/invitations/").status_code == 302  # to the sign-in page


def test_revoking_asks_first_then_closes_the_link(world, cast, invitation):
    client = _client(cast.organiser)
    page = client.get(f"/invitations/{invitation.pk}/revoke/")
    assert page.status_code == 200 and "撤销此邀请？" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert client.post(f"/invitations/{invitation.pk}/revoke/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == cast.organiser
    assert Client().get(f"/i/{invitation.token}/").status_code == 404
    assert "已撤销" in client.get("/invitations/").content.decode()
    # The national viewer sees it, and may not revoke.
    assert not can(cast.viewer, "invitations.revoke", invitation)


def test_the_link_is_emailed_to_each_contact(world, cast, smtp, django_capture_on_commit_callbacks):
    client = _client(cast.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/invitations/new/",
            _issue_post(
                world.s1_hospitals, contacts="a@firm.example\nb@firm.example, a@firm.example"
            ),
        )
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    for address in ("a@firm.example", "b@firm.example"):
        (mail,) = smtp.to(address)
        assert f"https://ciie.example.org/i/{invitation.token}/" in mail.text
        assert invitation.code in mail.text
    bad = client.post(
        "/invitations/new/", _issue_post(world.s1_hospitals, contacts="not-an-address")
    )
    assert bad.status_code == 400 and "not-an-address" in bad.content.decode()


def test_the_list_says_how_many_firms_used_each(world, cast, invitation):

    for _ in range(2):
        f.RegistrationFactory(lead_agency=world.s1_hospitals, invitation=invitation)
    capped = issue(cast.lead, world.s1_hospitals, name="限量邀请", max_firms=5)
    page = _client(cast.lead).get("/invitations/").content.decode()
    assert ">2<" in page.replace(" ", "") and "0/5" in page.replace(" ", "")
    assert capped.name in page


def test_restricted_codes_are_checked_when_issued(world, cast):
    response = _client(cast.lead).post(
        "/invitations/new/", _issue_post(world.s1_hospitals, credit_codes="91630100MA7XXXXXX1")
    )
    assert response.status_code == 400 and "91630100MA7XXXXXX1" in response.content.decode()
    assert not Invitation.objects.exists()
