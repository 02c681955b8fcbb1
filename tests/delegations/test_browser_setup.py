"""In Chromium: the Shanghai office starts a new edition from its 7th, renames a
sub-delegation, changes a target and invites a lead's staff member, who sets a password
from the email and sees only their sub-delegation. Another office gets 404 on all of it."""

import re

import pytest

from delegations.models import Delegation, LeadAgency, SubDelegation, User
from tests import factories as f


@pytest.fixture
def shanghai(db):
    region = f.region("310000")
    seventh = f.EditionFactory(number=7, year=2024)
    eighth = f.EditionFactory(number=8, year=2025)
    office = f.MemberUnitFactory(region=region, name="市商务委")
    soe = f.MemberUnitFactory(region=region, name="市国资委")
    qingpu = f.MemberUnitFactory(region=region, name="青浦区人民政府")
    delegation = f.DelegationFactory(
        edition=seventh, region=region, name="上海交易团", office_unit=office
    )
    delegation.member_units.set([office, soe, qingpu])
    for order, (name, unit, target) in enumerate(
        [("国资分团", soe, 60), ("青浦分团", qingpu, 100)], start=1
    ):
        sub = f.SubDelegationFactory(delegation=delegation, name=name, sort_order=order)
        f.LeadAgencyFactory(sub_delegation=sub, units=[unit], target=target)
    qinghai = f.DelegationFactory(edition=seventh, region=f.region("630000"), name="青海交易团")
    return {
        "seventh": delegation,
        "eighth": eighth,
        "soe": soe,
        "office": f.UserFactory(username="sh_office", role=User.Role.ORGANISER, unit=office),
        "other_office": f.UserFactory(
            username="qh_office", role=User.Role.ORGANISER, unit=qinghai.office_unit
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_shanghai_office_sets_up_a_new_edition_and_its_lead_staff_gets_in(
    login, live_server, browser, smtp, shanghai
):
    page = login(shanghai["office"])
    page.click("nav.main-nav >> text=设置")
    page.select_option("#id_source", str(shanghai["seventh"].pk))
    page.select_option("#id_edition", str(shanghai["eighth"].pk))
    page.click("#copy-forward button[type=submit]")
    eighth = Delegation.objects.get(edition=shanghai["eighth"])
    page.wait_for_url(f"**/setup/{eighth.pk}/")
    assert page.locator("#open-registration").is_visible()  # a draft
    assert page.locator("#sub-delegations tr[data-sub]").count() == 2

    # 青浦分团 is renamed 青浦交易分团 and keeps its lineage.
    page.click("#sub-delegations tr[data-sub='青浦分团'] td:first-child a")
    page.fill("#id_name", "青浦交易分团")
    page.click("#setup-form button[type=submit]")
    page.wait_for_url(f"**/setup/{eighth.pk}/")
    row = page.locator("#sub-delegations tr[data-sub='青浦交易分团']")
    assert "青浦分团" in row.inner_text()  # continues: 青浦分团 · 7th edition
    qingpu = SubDelegation.objects.get(delegation=eighth, name="青浦交易分团")
    assert qingpu.continues.name == "青浦分团"

    # 国资分团's target goes from 60 to 75.
    page.click("#sub-delegations tr[data-sub='国资分团'] li[data-agency] a")
    page.fill("#id_target", "75")
    page.click("#setup-form button[type=submit]")
    page.wait_for_url(f"**/setup/{eighth.pk}/")
    assert page.locator("#sub-delegations tr[data-sub='国资分团'] .target").inner_text() == "75"
    assert (
        LeadAgency.objects.get(sub_delegation__delegation=eighth, units=shanghai["soe"]).target
        == 75
    )

    # A staff member of 市国资委 is invited as a lead.
    page.click("text=邀请工作人员")
    page.fill("#id_email", "soe.staff@example.org")
    page.fill("#id_last_name", "贺")
    page.select_option("#id_role", "lead")
    page.select_option("#id_unit", str(shanghai["soe"].pk))
    page.click("#setup-form button[type=submit]")
    page.wait_for_url(f"**/setup/{eighth.pk}/")
    assert page.locator("#accounts tr[data-account='soe.staff@example.org']").is_visible()
    history = page.locator("#setup-history").inner_text()
    assert "青浦分团 → 青浦交易分团" in history and "60 → 75" in history

    # The email arrived at the SMTP server; its link opens the set-password page.
    [email] = smtp.to("soe.staff@example.org")
    path = re.search(r"https://ciie\.example\.org(/accounts/set-password/\S+/)", email.text)
    staff = browser.new_context(locale="zh-hans").new_page()
    staff.goto(live_server.url + path.group(1))
    staff.fill("#id_new_password1", "Guozi-2025-pass")
    staff.fill("#id_new_password2", "Guozi-2025-pass")
    staff.click("#set-password-form button[type=submit]")
    staff.wait_for_url("**/accounts/login/")
    staff.fill("#id_username", "soe.staff@example.org")
    staff.fill("#id_password", "Guozi-2025-pass")
    staff.click("button[type=submit]")
    staff.wait_for_url(f"{live_server.url}/")
    staff.goto(f"{live_server.url}/delegations/{eighth.pk}/")
    structure = staff.locator("main").inner_text()
    assert "国资分团" in structure and "青浦交易分团" not in structure
    assert staff.goto(f"{live_server.url}/sub-delegations/{qingpu.pk}/").status == 404
    assert staff.goto(f"{live_server.url}/setup/{eighth.pk}/").status == 404

    # Another office: 404 on every page of it.
    other = login(shanghai["other_office"])
    soe_sub = SubDelegation.objects.get(delegation=eighth, name="国资分团")
    agency = soe_sub.lead_agencies.get()
    for url in (
        f"/setup/{eighth.pk}/",
        f"/setup/{eighth.pk}/sub-delegations/{qingpu.pk}/",
        f"/setup/{eighth.pk}/sub-delegations/{soe_sub.pk}/agencies/{agency.pk}/",
        f"/setup/{eighth.pk}/units/{shanghai['soe'].pk}/",
        f"/setup/{eighth.pk}/accounts/invite/",
    ):
        assert other.goto(live_server.url + url).status == 404, url
