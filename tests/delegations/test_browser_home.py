import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_organiser_logs_in_and_sees_progress_then_switches_to_english(login, cast, world):
    page = login(cast.organiser)
    expect(page.locator("h2", has_text="作为交易团办公室的任务")).to_be_visible()
    hospitals = page.locator("table.data tbody tr", has_text="医院")
    expect(hospitals.locator("td.num").first).to_have_text("10")
    page.select_option("#language", "en")
    expect(page.locator("h2", has_text="Your tasks as the delegation office")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
