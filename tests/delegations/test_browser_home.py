import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organiser_logs_in_and_sees_progress_then_switches_to_english(login, cast, world):
    page = login(cast.organiser)
    assert page.locator("h2", has_text="作为交易团办公室的任务").is_visible()
    row = page.locator("table.data tbody tr", has_text="医院")
    assert row.locator("td.num").first.inner_text() == "10"
    page.select_option("#language", "en")
    page.wait_for_load_state()
    assert page.locator("h2", has_text="Your tasks as the delegation office").is_visible()
