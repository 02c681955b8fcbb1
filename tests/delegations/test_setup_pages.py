"""The office sets up its own delegation; the bureau its editions and delegations. Another
office's set-up is a 404 on every page and action."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from delegations.models import (
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    SetupEvent,
    SubDelegation,
    User,
)
from purchasers.registration.services import RegistrationError, _place
from tests import factories as f


def _urls(world, cast, staff):
    a, s1, agency = world.a, world.s1, world.s1_hospitals
    unit = world.units.health
    return [
        ("get", reverse("setup:detail", args=[a.pk])),
        ("get", reverse("setup:sub-new", args=[a.pk])),
        ("get", reverse("setup:sub-edit", args=[a.pk, s1.pk])),
        ("post", reverse("setup:sub-edit", args=[a.pk, s1.pk])),
        ("get", reverse("setup:agency-new", args=[a.pk, s1.pk])),
        ("post", reverse("setup:agency-edit", args=[a.pk, s1.pk, agency.pk])),
        ("get", reverse("setup:unit-new", args=[a.pk])),
        ("post", reverse("setup:unit-edit", args=[a.pk, unit.pk])),
        ("post", reverse("accounts:invite", args=[a.pk])),
        ("post", reverse("accounts:action", args=[a.pk, staff.pk, "deactivate"])),
        ("post", reverse("accounts:action", args=[a.pk, staff.pk, "reset"])),
        ("post", reverse("setup:open", args=[a.pk])),
    ]


@pytest.mark.parametrize("who", ["b_organiser", "lead", "registrant", "viewer", "nobody"])
def test_nobody_but_the_office_reaches_its_set_up(client, world, cast, who):
    staff = cast.lead
    client.force_login(getattr(cast, who))
    for method, url in _urls(world, cast, staff):
        response = getattr(client, method)(url, {"name": "x", "target": 1})
        assert response.status_code == 404, (who, method, url)
    staff.refresh_from_db()
    assert staff.is_active and SetupEvent.objects.count() == 0


def test_the_office_reaches_every_page_of_its_set_up(client, world, cast):
    client.force_login(cast.organiser)
    for method, url in _urls(world, cast, cast.lead):
        if method == "get":
            assert client.get(url).status_code == 200, url
    page = client.get(reverse("setup:detail", args=[world.a.pk])).content.decode()
    assert "卫生分团" in page and "国资分团" not in page


def test_office_renames_a_sub_delegation_and_changes_a_target_with_history(client, world, cast):
    client.force_login(cast.organiser)
    response = client.post(
        reverse("setup:sub-edit", args=[world.a.pk, world.s2.pk]),
        {"name": "商贸流通分团", "kind": "sector", "sort_order": 2},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("setup:agency-edit", args=[world.a.pk, world.s2.pk, world.s2_agency.pk]),
        {
            "units": [world.units.commerce_lead.pk],
            "target": 80,
            "focus": "商贸企业",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert SubDelegation.objects.get(pk=world.s2.pk).name == "商贸流通分团"
    assert LeadAgency.objects.get(pk=world.s2_agency.pk).target == 80
    renamed, retargeted = SetupEvent.objects.order_by("pk")
    assert renamed.actor == cast.organiser and renamed.changes["name"] == [
        "商贸分团",
        "商贸流通分团",
    ]
    assert retargeted.changes["target"] == ["70", "80"]
    page = client.get(reverse("setup:detail", args=[world.a.pk])).content.decode()
    assert "商贸分团 → 商贸流通分团" in page


def test_a_lead_agency_takes_only_member_units(client, world, cast):
    client.force_login(cast.organiser)
    response = client.post(
        reverse("setup:agency-new", args=[world.a.pk, world.s2.pk]),
        {"units": [world.units.b_lead.pk], "target": 5, "sort_order": 1},
    )
    assert response.status_code == 400
    assert world.s2.lead_agencies.count() == 1


def test_office_adds_a_member_unit_with_its_liaison_officer(client, world, cast):
    client.force_login(cast.organiser)
    response = client.post(
        reverse("setup:unit-new", args=[world.a.pk]),
        {
            "name": "省外事办",
            "kind": "government",
            "liaison_name": "李联络",
            "liaison_phone": "0971-1234567",
            "liaison_email": "waishi@example.org",
        },
    )
    assert response.status_code == 302
    unit = MemberUnit.objects.get(name="省外事办")
    assert unit.region == world.a.region and world.a.member_units.filter(pk=unit.pk).exists()
    assert SetupEvent.objects.get(kind="unit_added").subject == "省外事办"


def test_invite_deactivate_and_reset_a_staff_account(
    client, world, cast, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://ciie.example.org"
    client.force_login(cast.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite", args=[world.a.pk]),
            {"email": "New.Lead@Example.org", "last_name": "张", "first_name": "三",
             "role": "lead", "unit": world.units.drugs.pk},
        )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="new.lead@example.org")
    assert (user.role, user.unit, user.has_usable_password()) == ("lead", world.units.drugs, False)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.lead@example.org"]
    link = re.search(
        r"https://ciie\.example\.org(/accounts/set-password/\S+/)", mail.outbox[0].body
    )
    client.logout()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-Pass-2026", "new_password2": "a-long-Pass-2026"},
    )
    assert response.status_code == 302
    assert client.login(username="new.lead@example.org", password="a-long-Pass-2026")
    # The link works once.
    assert "new_password1" not in client.get(link.group(1), follow=True).content.decode()

    client.force_login(cast.organiser)
    client.post(reverse("accounts:action", args=[world.a.pk, user.pk, "deactivate"]))
    user.refresh_from_db()
    assert not user.is_active
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:action", args=[world.a.pk, user.pk, "reset"]))
    user.refresh_from_db()
    assert user.is_active and not user.has_usable_password() and len(mail.outbox) == 2
    assert [e.kind for e in SetupEvent.objects.order_by("pk")] == [
        "account_invited",
        "account_deactivated",
        "account_reset",
    ]


def test_an_office_cannot_invite_into_another_delegations_unit_or_make_an_organiser(
    client, world, cast
):
    client.force_login(cast.organiser)
    for data in (
        {"email": "x@example.org", "role": "lead", "unit": world.units.b_lead.pk},
        {"email": "y@example.org", "role": "organiser", "unit": world.units.health.pk},
    ):
        assert client.post(reverse("accounts:invite", args=[world.a.pk]), data).status_code == 400
    assert not User.objects.filter(email__in=["x@example.org", "y@example.org"]).exists()


def test_an_office_cannot_touch_the_account_of_another_offices_staff(client, world, cast):
    b_staff = f.UserFactory(role=User.Role.LEAD, unit=world.units.b_lead)
    client.force_login(cast.organiser)
    url = reverse("accounts:action", args=[world.a.pk, b_staff.pk, "deactivate"])
    assert client.post(url).status_code == 404
    b_staff.refresh_from_db()
    assert b_staff.is_active


def test_the_bureau_creates_an_edition_and_a_delegation_naming_its_office(client, world, cast):
    client.force_login(cast.national_admin)
    response = client.post(
        reverse("setup:edition-new"),
        {"number": 8, "year": 2025, "opens_on": "2025-11-05", "closes_on": "2025-11-10"},
    )
    assert response.status_code == 302
    eighth = Edition.objects.get(number=8)
    assert eighth.opens_on == datetime.date(2025, 11, 5)
    response = client.post(
        reverse("setup:delegation-new"),
        {"edition": eighth.pk, "region": f.region("540000").pk, "name": "西藏交易团",
         "office_unit_name": "自治区商务厅"},
    )  # fmt: skip
    assert response.status_code == 302
    tibet = Delegation.objects.get(edition=eighth, region__code="540000")
    assert tibet.office_unit.name == "自治区商务厅" and not tibet.registration_open
    assert {e.kind for e in SetupEvent.objects.all()} == {"edition_created", "delegation_created"}
    # A second delegation for the same region and edition is refused.
    again = client.post(
        reverse("setup:delegation-new"),
        {"edition": eighth.pk, "region": f.region("540000").pk, "name": "另一个",
         "office_unit_name": "自治区商务厅"},
    )  # fmt: skip
    assert again.status_code == 400


@pytest.mark.parametrize("who", ["organiser", "viewer", "lead"])
def test_only_the_bureau_reaches_editions_and_new_delegations(client, cast, who):
    client.force_login(getattr(cast, who))
    for url in (
        reverse("setup:editions"),
        reverse("setup:edition-new"),
        reverse("setup:delegation-new"),
    ):
        assert client.get(url).status_code == 404


def test_staff_cannot_register_while_the_structure_is_a_draft(client, world, cast, registrations):

    Delegation.objects.filter(pk=world.a.pk).update(registration_open=False)
    world.s2.refresh_from_db()
    with pytest.raises(RegistrationError):
        _place(by=cast.other_registrant, sub_delegation=world.s2, lead_agency=None)
    client.force_login(cast.organiser)
    client.post(reverse("setup:open", args=[world.a.pk]))
    world.s2.refresh_from_db()
    assert _place(by=cast.other_registrant, sub_delegation=world.s2, lead_agency=None)
