"""The import writes through the registration service: its bulk variant
has the page's fields, history entry and duplicate rules, every imported registration's
page answers 200 with a readable history, and a firm known from another edition is not
silently overwritten by a sheet."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from purchasers.models import Purchaser, Registration, RegistrationEvent
from purchasers.registration.drafts import Draft, registrations_create_drafts
from purchasers.registration.services import (
    RegistrationError,
    registration_save_draft,
    registration_submit,
)
from tests import factories as f

from .helpers import firm, person
from .import_sheets import CODE_A, CODE_B, firm_row, good_rows, sheet, upload


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def import_by_page(client, user, content, *, sub, agency=None):
    client.force_login(user)
    data = {"sub_delegation": sub.pk, "file": upload(content)}
    if agency:
        data["lead_agency"] = agency.pk
    response = client.post(reverse("imports:upload"), data)
    assert response.status_code == 302, response.content
    preview = client.get(response.url)
    confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    return preview


def test_every_imported_registration_page_answers_with_its_history(client, cast, world):
    import_by_page(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    imported = list(Registration.objects.filter(sub_delegation=world.s2).order_by("pk"))
    assert len(imported) == 2
    for registration in imported:
        response = client.get(
            reverse("registrations:detail", args=[registration.pk]),
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "从表格导入" in page  # the history entry's label
        assert registration.name in page
    kunlun = next(r for r in imported if r.credit_code == CODE_A)
    page = client.get(reverse("registrations:detail", args=[kunlun.pk])).content.decode()
    assert "新增参会人员：张三" in page and "新增参会人员：李四" in page
    assert "来自表格第 2 行" in page
    # What the registrant lands on after submitting it answers too.
    registration_submit(registration=kunlun, by=cast.registrant)
    assert client.get(reverse("registrations:detail", args=[kunlun.pk])).status_code == 200


def test_import_history_entry_is_the_pages_created_entry(client, cast, world):
    """Same fields, same shape: only the action and the sheet's row say where it came from."""
    import_by_page(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    imported = Registration.objects.get(purchaser__credit_code=CODE_A)
    entry = imported.events.get()
    by_page = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s2,
        lead_agency=world.s2_agency,
        purchaser=firm(
            950,
            name=imported.name,
            kind=imported.kind,
            industry=imported.industry,
            address=imported.address,
            contact_name=imported.contact_name,
            contact_phone=imported.contact_phone,
            contact_email="",
        ),
        attendees=[person(31, name="王五")],
    ).events.get()
    assert (entry.kind, by_page.kind) == ("imported", "created")
    assert entry.to_status == by_page.to_status == Registration.Status.DRAFT
    row = entry.changes.pop("row")
    assert row == 2
    assert set(entry.changes) == set(by_page.changes)
    for name in ("name", "kind", "industry", "address", "contact_name", "contact_phone"):
        assert entry.changes[name] == by_page.changes[name]
    assert entry.changes["sub_delegation"] == by_page.changes["sub_delegation"]
    assert entry.changes["attendees"]["added"] == [
        f"张三 {f.valid_resident_id(11)[:3]}{'*' * 11}{f.valid_resident_id(11)[-4:]}",
        f"李四 {f.valid_resident_id(12)[:3]}{'*' * 11}{f.valid_resident_id(12)[-4:]}",
    ]


def test_history_of_an_import_made_before_the_fix_still_reads(client, cast, registrations):
    """Entries written by the old import (``"attendees": [None, n]``) are shown, not a 500."""
    RegistrationEvent.objects.create(
        registration=registrations.s1,
        actor=cast.registrant,
        kind="imported",
        to_status="draft",
        changes={"source": "spreadsheet", "row": 7, "attendees": [None, 3]},
    )
    client.force_login(cast.registrant)
    response = client.get(
        reverse("registrations:detail", args=[registrations.s1.pk]),
    )
    assert response.status_code == 200
    assert "来自表格第 7 行" in response.content.decode()


@pytest.fixture
def known_from_4th(world, cast):
    """Firm A as the unit registered it at the 4th edition, with other details."""
    fourth = f.EditionFactory(number=4, year=2021)
    delegation = f.DelegationFactory(edition=fourth, region=f.region("630000"))
    delegation.member_units.set([world.units.tourism])
    agency = f.LeadAgencyFactory(
        sub_delegation=f.SubDelegationFactory(delegation=delegation),
        units=[world.units.commerce_lead],
    )
    return registration_save_draft(
        by=cast.registrant,
        sub_delegation=agency.sub_delegation,
        lead_agency=agency,
        purchaser=firm(
            0,
            credit_code=CODE_A,
            name="青海昆仑贸易公司",
            contact_name="李经理",
            contact_phone="0971-6000000",
        ),
        attendees=[],
    )


def test_sheet_differences_from_a_known_firm_are_previewed_and_kept_in_history(
    client, cast, world, known_from_4th
):
    before = Registration.objects.filter(pk=known_from_4th.pk).values().get()
    preview = import_by_page(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    table = preview.content.decode().split('id="known-firms"')[1].split("</table>")[0]
    assert CODE_A in table and CODE_B not in table
    assert "青海昆仑贸易公司 → 青海昆仑商贸有限公司" in table
    # Whom the other registration calls at the firm is its own (personal) data.
    assert "李经理" not in table and "0971-6000000" not in table

    new = Registration.objects.get(edition=world.edition, purchaser__credit_code=CODE_A)
    assert (new.name, new.contact_name) == ("青海昆仑商贸有限公司", "王经理")
    entry = new.events.get()
    assert entry.changes["name"] == ["青海昆仑贸易公司", "青海昆仑商贸有限公司"]
    assert entry.changes["contact_phone"] == ["", "09716321489"]
    # The 4th-edition registration is as it was registered; the 5th is now the latest known.
    assert Registration.objects.filter(pk=known_from_4th.pk).values().get() == before
    assert Purchaser.objects.get(credit_code=CODE_A).name == "青海昆仑商贸有限公司"


def test_bulk_service_keeps_the_duplicate_rules(cast, world, registrations):
    """A firm or a person already registered this edition, or twice in the batch, stops the
    whole batch, whoever registered it."""
    taken = registrations.b.credit_code
    drafts = [
        Draft(purchaser=firm(960), attendees=[person(61)]),
        Draft(purchaser=firm(0, credit_code=taken), attendees=[]),
        Draft(purchaser=firm(961), attendees=[person(61)]),
    ]
    with pytest.raises(RegistrationError) as caught:
        registrations_create_drafts(
            by=cast.registrant, sub_delegation=world.s2, lead_agency=None, drafts=drafts
        )
    text = str(caught.value)
    assert taken in text and "交易团B" in text
    assert "参会人61" in text
    codes = [f.valid_credit_code(960), f.valid_credit_code(961)]
    assert not Registration.objects.filter(purchaser__credit_code__in=codes).exists()
    assert not Purchaser.objects.filter(credit_code__in=codes).exists()


def test_bulk_service_keeps_to_the_registrants_scope(cast, world):
    drafts = [Draft(purchaser=firm(970), attendees=[])]
    with pytest.raises(RegistrationError):
        registrations_create_drafts(
            by=cast.registrant, sub_delegation=world.sb, lead_agency=None, drafts=drafts
        )
    with pytest.raises(PermissionDenied):
        registrations_create_drafts(
            by=cast.viewer, sub_delegation=world.s2, lead_agency=None, drafts=drafts
        )
    assert not Registration.objects.exists()


def test_import_and_page_refuse_the_same_firm_with_the_same_words(client, cast, world):
    """The sheet's row check and the page say the same thing about a firm registered by
    another delegation this edition."""
    other = registration_save_draft(
        by=cast.b_registrant,
        sub_delegation=world.sb,
        lead_agency=world.sb_agency,
        purchaser=firm(0, credit_code=CODE_A),
        attendees=[],
    )
    with pytest.raises(RegistrationError) as by_page:
        registration_save_draft(
            by=cast.registrant,
            sub_delegation=world.s2,
            lead_agency=world.s2_agency,
            purchaser=firm(0, credit_code=CODE_A),
            attendees=[],
        )
    client.force_login(cast.registrant)
    response = client.post(
        reverse("imports:upload"),
        {"sub_delegation": world.s2.pk, "file": upload(sheet([firm_row(CODE_A)]))},
    )
    preview = client.get(response.url).content.decode()
    assert by_page.value.fields["credit_code"][0] in preview
    assert Registration.objects.filter(purchaser__credit_code=CODE_A).get() == other
