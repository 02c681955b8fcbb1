"""The whole invitation at phone width in headless Chromium: a lead issues a link, a firm
registers itself through it (a checksum error, its email confirmed with the code from the
real SMTP server), the lead returns it, the firm corrects it through its status link, the
lead approves. Screenshots go to /tmp/shots_i16invite/."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from purchasers.models import Registration
from tests import factories as f
from tests.test_pages_at_phone_width import MEASURE, PHONE

from .conftest import code_in

SHOTS = Path("/tmp/shots_i16invite")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    measured = page.evaluate(MEASURE)
    assert measured["document"] <= measured["viewport"], measured


def _fill_firm(page, *, credit_code: str) -> None:
    page.fill("#id_p-credit_code", credit_code)
    page.fill("#id_p-name", "青海高原商超有限公司")
    page.select_option("#id_p-kind", "wholesale_retail")
    page.fill("#id_p-address", "西宁市城中区")
    page.fill("#id_p-contact_name", "马经理")
    page.fill("#id_p-contact_phone", "13997001234")
    page.fill("#id_p-contact_email", "ma@gaoyuan.example")
    page.fill("#id_attendees-0-name", "马明")
    page.fill("#id_attendees-0-id_number", f.valid_resident_id(4321))
    page.fill("#id_attendees-0-phone", "13997001234")


@pytest.mark.django_db(transaction=True)
def test_a_firm_registers_itself_through_a_link_on_a_phone(
    login, live_server, browser, cast, world, smtp
):
    SHOTS.mkdir(exist_ok=True)
    # The lead issues an invitation on a phone.
    lead = login(cast.lead)
    lead.set_viewport_size(PHONE)
    lead.goto(f"{live_server.url}/invitations/new/")
    lead.select_option("#id_lead_agency", str(world.s1_hospitals.pk))
    lead.fill("#id_name", "2022 卫生分团 — 医院")
    lead.fill("#id_expires_on", (timezone.localdate() + timedelta(days=20)).isoformat())
    _fits(lead)
    lead.click("#issue")
    lead.wait_for_selector("#invitation-link")
    _fits(lead)
    _shot(lead, "01_lead_invitation_issued")
    link = lead.input_value("#invitation-link")
    path = re.sub(r"^https?://[^/]+", "", link)
    code = lead.inner_text("#invitation-code")

    # A firm on its phone, without an account: the short code typed at /i/ leads to the
    # same page as the link.
    firm = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    firm.goto(f"{live_server.url}/i/")
    _fits(firm)
    firm.fill("#id_code", code.lower())
    firm.click("button.primary")
    firm.wait_for_selector("#send-code")
    assert firm.url == live_server.url + path
    assert "登记贵单位" in firm.inner_text("h1")
    _fits(firm)
    _shot(firm, "02_firm_form")
    good_code = f.valid_credit_code(777)
    wrong_check = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    _fill_firm(firm, credit_code=wrong_check)
    firm.click("#send-code")
    firm.wait_for_selector("#form-errors")
    error = firm.inner_text(".field.has-error")
    assert "校验" in error or "统一社会信用代码" in error, error
    _fits(firm)
    _shot(firm, "03_firm_checksum_error")
    firm.fill("#id_p-credit_code", good_code)
    firm.click("#send-code")
    firm.wait_for_selector("#id_code")
    assert "ma@gaoyuan.example" in firm.inner_text("main")
    _fits(firm)
    _shot(firm, "04_firm_code_asked")
    firm.fill("#id_code", code_in(smtp, "ma@gaoyuan.example"))
    firm.click("#confirm")
    firm.wait_for_selector("#registration-status")
    assert firm.inner_text("#registration-status") == "已提交"
    status_url = firm.url
    assert "/i/status/" in status_url
    _fits(firm)
    _shot(firm, "05_firm_submitted")

    # The lead finds it in its review queue and returns it with a reason.
    registration = Registration.objects.get(invitation__isnull=False)
    lead.goto(f"{live_server.url}/review/")
    assert "青海高原商超有限公司" in lead.inner_text("main")
    lead.goto(f"{live_server.url}/review/{registration.pk}/")
    assert "自主登记" in lead.inner_text("#self-registered")
    lead.fill("#return_reason", "请填写详细地址（街道门牌号）")
    lead.click("#return")
    lead.wait_for_selector(".messages")

    # The firm answers through its status link.
    firm.goto(status_url)
    assert "请填写详细地址" in firm.inner_text("#return-reason")
    _fits(firm)
    _shot(firm, "06_firm_returned")
    firm.fill("#id_p-address", "西宁市城中区长江路88号")
    firm.click("#resubmit")
    firm.wait_for_selector(".messages")
    assert firm.inner_text("#registration-status") == "已提交"
    _shot(firm, "07_firm_resubmitted")

    # The lead approves; the firm sees it, in English after the language switch.
    lead.goto(f"{live_server.url}/review/{registration.pk}/")
    lead.click("#approve")
    lead.wait_for_selector(".messages")
    _shot(lead, "08_lead_approved")
    firm.goto(status_url)
    firm.select_option("#language", "en")
    firm.wait_for_load_state()
    firm.wait_for_selector("#registration-status")
    assert firm.inner_text("#registration-status") == "approved by lead agency"
    _fits(firm)
    _shot(firm, "09_firm_approved_english")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.LEAD_APPROVED
    assert registration.address == "西宁市城中区长江路88号"
    firm.context.close()
