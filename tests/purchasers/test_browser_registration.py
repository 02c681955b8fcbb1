import pytest

from purchasers.models import Registration
from tests.factories import valid_credit_code

from .helpers import person


@pytest.mark.django_db(transaction=True)
def test_registrant_fills_two_attendees_fixes_a_checksum_saves_a_draft_and_submits(
    login, live_server, world, cast
):
    page = login(cast.registrant)
    page.click("nav.main-nav a[href='/registrations/']")
    page.click("a[href='/registrations/new/']")

    good_code = valid_credit_code(4242)
    bad_code = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    page.select_option("#id_lead_agency", str(world.s2_agency.pk))
    page.fill("#id_p-credit_code", bad_code)
    page.fill("#id_p-name", "浏览器测试贸易有限公司")
    page.select_option("#id_p-kind", "import_trader")
    page.fill("#id_p-address", "西宁市城北区")
    page.fill("#id_p-contact_name", "孙经理")
    page.fill("#id_p-contact_phone", "13912340000")
    for row, seq in ((0, 1), (1, 2)):
        data = person(seq)
        page.fill(f"#id_attendees-{row}-name", data["name"])
        page.fill(f"#id_attendees-{row}-id_number", data["id_number"])
        page.fill(f"#id_attendees-{row}-phone", data["phone"])

    # A third row, added and removed with the keyboard alone.
    page.focus("#add-attendee")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_attendees-2-name"
    page.keyboard.type("多余的人")
    page.locator("[data-row]").nth(2).locator(".remove-attendee").press("Enter")
    assert not page.locator("[data-row]").nth(2).is_visible()

    page.click("button[value=draft]")
    credit_field = page.locator(".field.has-error", has=page.locator("#id_p-credit_code"))
    assert credit_field.locator(".error").is_visible()
    assert page.input_value("#id_p-address") == "西宁市城北区"
    assert page.input_value("#id_attendees-1-id_number") == person(2)["id_number"]
    assert Registration.objects.count() == 0

    page.fill("#id_p-credit_code", good_code)
    page.click("button[value=draft]")
    page.wait_for_url(f"{live_server.url}/registrations/*/edit/")
    assert page.locator(".messages li.success").inner_text() == "草稿已保存。"
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.DRAFT
    assert registration.attendees.count() == 2

    page.click("button[value=submit]")
    page.wait_for_url(f"{live_server.url}/registrations/{registration.pk}/")
    assert page.locator("h1 .status-submitted").is_visible()
    assert page.locator("#history tr.event").count() >= 2
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    assert page.locator(f"a[href='/registrations/{registration.pk}/edit/']").count() == 0


@pytest.mark.django_db(transaction=True)
def test_registration_works_without_javascript(browser, live_server, world, cast):
    context = browser.new_context(java_script_enabled=False, locale="zh-hans")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.registrant.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("main button[type=submit]")  # the language switch has one too without JS
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/registrations/new/")
    assert not page.locator("#add-attendee").is_visible()
    assert page.locator(".no-js-only").is_visible()
    page.select_option("#id_lead_agency", str(world.s2_agency.pk))
    page.fill("#id_p-credit_code", valid_credit_code(4343))
    page.fill("#id_p-name", "无脚本贸易有限公司")
    for row, seq in ((0, 5), (1, 6)):
        data = person(seq)
        page.fill(f"#id_attendees-{row}-name", data["name"])
        page.fill(f"#id_attendees-{row}-id_number", data["id_number"])
        page.fill(f"#id_attendees-{row}-phone", data["phone"])
    page.click("button[value=draft]")
    page.wait_for_url(f"{live_server.url}/registrations/*/edit/")
    assert page.locator("#id_attendees-3-name").is_visible()  # two more empty rows
    page.check("#id_attendees-1-DELETE")
    page.click("button[value=draft]")
    page.wait_for_url(f"{live_server.url}/registrations/*/edit/")
    assert [a.name for a in Registration.objects.get().attendees.all()] == ["参会人5"]
    context.close()
