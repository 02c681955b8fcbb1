"""A registration keeps the firm as it registered it.

The credit code is the firm's identity across editions and delegations; everything else a
registrant enters belongs to that registration. The attack: a Qinghai
registrant, in its own 5th-edition registration, gives the credit code of a firm Shanghai's
国资分团 registered in the 7th edition, with the name "HIJACKED" and its own contact. Through
every path (registration page, API create, API change, spreadsheet import by page and by
API) Shanghai's registration, pages, history, API, deal export and roll-up stay
byte-identical.
"""

import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from deals.models import RollupRow
from deals.rollups.figures import FIELDS as ROLLUP_FIELDS
from deals.rollups.services import rollup_recompute
from delegations.models import User
from purchasers.models import Purchaser, Registration, RegistrationEvent
from purchasers.registration.services import (
    RegistrationError,
    registration_save_draft,
    registration_submit,
    registrations_carry_over,
)
from purchasers.review import services as review
from tests import factories as f

from .helpers import firm, page_post, person
from .import_sheets import firm_row, sheet, upload

HIJACK = {"name": "HIJACKED", "contact_name": "冒名者", "contact_phone": "13911110000"}


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path  # where the import keeps an upload until it is confirmed


@pytest.fixture
def shanghai(world, cast):
    """Shanghai's 国资分团 at the 7th edition, with a firm registered, approved by its lead,
    with a deal in the roll-up. Its office is the same as the 5th edition's (b_organiser)."""
    seventh = f.EditionFactory(number=7, year=2024)
    delegation = f.DelegationFactory(
        edition=seventh,
        name="上海交易团",
        region=f.region("310000"),
        office_unit=world.b.office_unit,
    )
    delegation.member_units.set([world.units.b_lead])
    sub = f.SubDelegationFactory(delegation=delegation, name="国资分团")
    agency = f.LeadAgencyFactory(sub_delegation=sub, units=[world.units.b_lead], target=50)
    registrant = f.UserFactory(
        username="sh_registrant", role=User.Role.REGISTRANT, unit=world.units.b_lead
    )
    lead = f.UserFactory(username="sh_lead", role=User.Role.LEAD, unit=world.units.b_lead)
    registration = registration_save_draft(
        by=registrant,
        sub_delegation=sub,
        lead_agency=agency,
        purchaser=firm(
            777,
            name="上海电气集团股份有限公司",
            contact_name="上海联系人",
            contact_phone="021-63210000",
        ),
        attendees=[person(77)],
    )
    registration_submit(registration=registration, by=registrant)
    review.registration_lead_approve(registration=registration, by=lead)
    f.RollupDealFactory(registration=registration, amount_usd=Decimal("120000000.00"))
    rollup_recompute()
    return SimpleNamespace(
        edition=seventh, sub=sub, agency=agency, registration=registration, registrant=registrant
    )


_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, url, **params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # The form token is new on every page; nothing else may differ.
    return _CSRF.sub(b'name="csrfmiddlewaretoken" value=""', body)


def snapshot(client, cast, shanghai) -> dict:
    """What Shanghai's office and registrant see of their registration, and what is stored."""
    pk = shanghai.registration.pk
    seen = {}
    for who in (cast.b_organiser, shanghai.registrant):
        client.force_login(who)
        seen[who.username] = {
            "detail": _page(client, reverse("registrations:detail", args=[pk])),
            "list": _page(client, reverse("registrations:list"), edition=7),
            "api": _page(client, f"/api/registrations/{pk}/"),
        }
    client.force_login(cast.b_organiser)
    seen["review"] = _page(client, reverse("review:detail", args=[pk]))
    seen["deals_csv"] = _page(client, reverse("exports:deals-csv"), edition=7)
    seen["dashboard"] = _page(client, reverse("dashboard:dashboard"), edition=7)
    seen["rollup"] = rollup(shanghai)
    seen["row"] = Registration.objects.filter(pk=pk).values().get()
    seen["history"] = list(
        RegistrationEvent.objects.filter(registration=pk).values_list("kind", "changes")
    )
    seen["latest_known"] = (
        Purchaser.objects.filter(pk=shanghai.registration.purchaser_id).values().get()
    )
    return seen


def rollup(shanghai) -> list:
    return list(
        RollupRow.objects.filter(edition=shanghai.edition)
        .order_by("level", "delegation", "sub_delegation", "zone", "country")
        .values_list("level", "delegation", "sub_delegation", "zone", "country", *ROLLUP_FIELDS)
    )


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def hijack_by_api_create(client, cast, world, code):
    response = _api(cast.registrant).post(
        "/api/registrations/",
        {
            "sub_delegation": world.s1.pk,
            "lead_agency": world.s1_hospitals.pk,
            "purchaser": {"credit_code": code, **HIJACK},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def hijack_by_api_change(client, cast, world, code):
    own = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s1,
        lead_agency=world.s1_hospitals,
        purchaser=firm(901),
        attendees=[],
    )
    response = _api(cast.registrant).patch(
        f"/api/registrations/{own.pk}/",
        {"purchaser": {"credit_code": code, **HIJACK}},
        format="json",
    )
    assert response.status_code == 200, response.content
    return own.pk


def hijack_by_page(client, cast, world, code):
    client.force_login(cast.registrant)
    response = client.post(
        reverse("registrations:create"),
        page_post(
            lead_agency=world.s1_hospitals,
            purchaser=firm(0, credit_code=code, **HIJACK),
            attendees=[person(5)],
        ),
    )
    assert response.status_code == 302, response.content
    return Registration.objects.get(edition=world.edition, purchaser__credit_code=code).pk


def _hijack_sheet(code) -> bytes:
    row = firm_row(code, name="HIJACKED", id_number=f.valid_resident_id(55))
    row[5], row[6] = HIJACK["contact_name"], HIJACK["contact_phone"]
    return sheet([row])


def hijack_by_import_page(client, cast, world, code):
    client.force_login(cast.registrant)
    response = client.post(
        reverse("imports:upload"),
        {
            "sub_delegation": world.s1.pk,
            "lead_agency": world.s1_hospitals.pk,
            "file": upload(_hijack_sheet(code)),
        },
    )
    assert response.status_code == 302, response.content
    preview = client.get(response.url)
    # The preview says the firm is known with other details, before anything is saved.
    assert b'id="known-firms"' in preview.content
    assert "上海电气集团股份有限公司 → HIJACKED" in preview.content.decode()
    assert "上海联系人" not in preview.content.decode()
    assert client.post(response.url).status_code == 302
    return Registration.objects.get(edition=world.edition, purchaser__credit_code=code).pk


def hijack_by_import_api(client, cast, world, code):
    response = _api(cast.registrant).post(
        reverse("api-registration-import-list"),
        {
            "sub_delegation": world.s1.pk,
            "lead_agency": world.s1_hospitals.pk,
            "file": upload(_hijack_sheet(code)),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    known = response.json()["known_firms"]
    assert known[0]["credit_code"] == code
    differences = known[0]["differences"]
    assert differences["name"] == ["上海电气集团股份有限公司", "HIJACKED"]
    assert not {"contact_name", "contact_phone", "contact_email"} & set(differences)
    return response.json()["registrations"][0]


@pytest.mark.parametrize(
    "hijack",
    [
        hijack_by_api_create,
        hijack_by_api_change,
        hijack_by_page,
        hijack_by_import_page,
        hijack_by_import_api,
    ],
    ids=["api-create", "api-change", "page", "import-page", "import-api"],
)
def test_registering_another_delegations_firm_leaves_its_registration_untouched(
    client, cast, world, shanghai, hijack
):
    code = shanghai.registration.credit_code
    before = snapshot(client, cast, shanghai)
    assert "上海电气集团股份有限公司".encode() in before["b_organiser"]["detail"]

    # The attacker's own browser: its flash messages are not Shanghai's pages.
    pk = hijack(Client(), cast, world, code)

    # The Qinghai registration is of the same firm, with its own details...
    own = Registration.objects.get(pk=pk)
    assert own.purchaser_id == shanghai.registration.purchaser_id
    assert (own.name, own.contact_name) == ("HIJACKED", "冒名者")
    assert own.edition == world.edition
    # ...and nothing Shanghai sees or stored changed by one byte.
    after = snapshot(client, cast, shanghai)
    assert after == before
    # Computed again from the deals, the roll-up is the same too.
    rollup_recompute()
    assert rollup(shanghai) == before["rollup"]
    for page in (after["b_organiser"]["detail"], after["review"], after["deals_csv"]):
        assert b"HIJACKED" not in page
    # Its history says what the name was before (the firm as known, or this draft's own
    # earlier firm) and what this registration gives; its page reads it.
    known_as = (
        "青海测试采购901有限公司" if hijack is hijack_by_api_change else "上海电气集团股份有限公司"
    )
    last = [e.changes for e in own.events.order_by("pk") if "name" in e.changes][-1]
    assert last["name"] == [known_as, "HIJACKED"]
    client.force_login(cast.registrant)
    page = client.get(reverse("registrations:detail", args=[pk]))
    assert page.status_code == 200
    assert f"{known_as} → HIJACKED" in page.content.decode()
    # Shanghai's contact person and phone are its registration's, never shown to Qinghai.
    for leaked in ("上海联系人", "021-63210000", "02163210000"):
        assert leaked not in page.content.decode()
        assert leaked not in json.dumps(list(own.events.values_list("changes", flat=True)))


def test_a_registration_of_a_later_edition_becomes_the_latest_known_details(cast, world, shanghai):
    """An older edition's registration never changes what a new one would start from; a
    newer one does, and the older registrations keep their own details."""
    code = shanghai.registration.credit_code
    qinghai = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s1,
        lead_agency=world.s1_hospitals,
        purchaser=firm(0, credit_code=code, **HIJACK),
        attendees=[],
    )
    purchaser = Purchaser.objects.get(credit_code=code)
    assert purchaser.name == "上海电气集团股份有限公司"

    eighth = f.EditionFactory(number=8, year=2025)
    later = f.DelegationFactory(edition=eighth, region=f.region("310000"))
    later.member_units.set([world.units.b_lead])
    agency = f.LeadAgencyFactory(
        sub_delegation=f.SubDelegationFactory(delegation=later), units=[world.units.b_lead]
    )
    registration_save_draft(
        by=shanghai.registrant,
        sub_delegation=agency.sub_delegation,
        lead_agency=agency,
        purchaser=firm(0, credit_code=code, name="上海电气（集团）总公司"),
        attendees=[],
    )
    purchaser.refresh_from_db()
    assert purchaser.name == "上海电气（集团）总公司"
    shanghai.registration.refresh_from_db()
    qinghai.refresh_from_db()
    assert shanghai.registration.name == "上海电气集团股份有限公司"
    assert qinghai.name == "HIJACKED"


def test_a_new_registration_of_a_known_firm_starts_from_the_latest_details(cast, world, shanghai):
    """What the registrant does not give (here the English name, which no form asks) comes
    from the firm's latest known details; what it gives is its own."""
    code = shanghai.registration.credit_code
    Purchaser.objects.filter(credit_code=code).update(name_en="Shanghai Electric")
    Registration.objects.filter(pk=shanghai.registration.pk).update(name_en="Shanghai Electric")
    response = _api(cast.registrant).post(
        "/api/registrations/",
        {
            "sub_delegation": world.s1.pk,
            "lead_agency": world.s1_hospitals.pk,
            "purchaser": {"credit_code": code, "name": "上海电气青海分公司"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    own = Registration.objects.get(pk=response.json()["id"])
    assert (own.name, own.name_en) == ("上海电气青海分公司", "Shanghai Electric")


def test_credit_code_cannot_change_once_submitted(cast, world, registrations):
    """A returned registration is corrected, not turned into another firm."""
    registration = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s1,
        lead_agency=world.s1_hospitals,
        purchaser=firm(902),
        attendees=[person(9)],
    )
    registration_submit(registration=registration, by=cast.registrant)
    review.registration_return(registration=registration, by=cast.lead, reason="电话有误")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.RETURNED
    with pytest.raises(RegistrationError) as caught:
        registration_save_draft(
            by=cast.registrant,
            registration=registration,
            sub_delegation=world.s1,
            lead_agency=world.s1_hospitals,
            purchaser=firm(903),
            attendees=[person(9)],
        )
    assert "credit_code" in caught.value.fields
    registration.refresh_from_db()
    assert registration.credit_code == f.valid_credit_code(902)
    # The same code with a corrected phone goes through.
    registration_save_draft(
        by=cast.registrant,
        registration=registration,
        sub_delegation=world.s1,
        lead_agency=world.s1_hospitals,
        purchaser=firm(902, contact_phone="13912340000"),
        attendees=[
            {"id": registration.attendees.get().pk, **person(9)},
        ],
    )
    registration.refresh_from_db()
    assert registration.contact_phone == "13912340000"


def test_api_change_of_credit_code_on_a_returned_registration_is_refused(
    cast, world, registrations
):
    registration = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s1,
        lead_agency=world.s1_hospitals,
        purchaser=firm(904),
        attendees=[person(10)],
    )
    registration_submit(registration=registration, by=cast.registrant)
    review.registration_return(registration=registration, by=cast.lead, reason="改一下")
    response = _api(cast.registrant).patch(
        f"/api/registrations/{registration.pk}/",
        {"purchaser": {"credit_code": registrations.b.credit_code}},
        format="json",
    )
    assert response.status_code == 400
    assert "credit_code" in json.dumps(response.json())
    registration.refresh_from_db()
    assert registration.credit_code == f.valid_credit_code(904)


def test_carry_over_takes_the_firm_as_this_unit_registered_it(cast, world):
    """Another delegation's later details of the firm do not leak into the carried draft."""
    fourth = f.EditionFactory(number=4, year=2021)
    old = f.DelegationFactory(edition=fourth, region=f.region("630000"))
    old.member_units.set([world.units.tourism])
    old_agency = f.LeadAgencyFactory(
        sub_delegation=f.SubDelegationFactory(delegation=old, name="卫生分团"),
        units=[world.units.health],
    )
    previous = registration_save_draft(
        by=cast.registrant,
        sub_delegation=old_agency.sub_delegation,
        lead_agency=old_agency,
        purchaser=firm(905, name="青海昆仑商贸有限公司"),
        attendees=[person(12)],
    )
    registration_submit(registration=previous, by=cast.registrant)
    # The shared row says something else now (as a hijack did before this fix).
    Purchaser.objects.filter(pk=previous.purchaser_id).update(name="HIJACKED")
    result = registrations_carry_over(by=cast.registrant, choices=[(previous, world.s1_hospitals)])
    assert [r.name for r in result.created] == ["青海昆仑商贸有限公司"]
