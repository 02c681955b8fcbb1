"""In headless Chromium: a registrant records a deal in renminbi and sees its USD amount;
the office moves it to contracted with a note."""

import re

import pytest

from deals.models import Deal
from tests import factories as f


@pytest.mark.django_db(transaction=True)
def test_registrant_records_rmb_deal_and_office_moves_it_to_contracted(
    login, live_server, cast, approved, rmb_rate, world
):
    page = login(cast.registrant, language="en")
    page.click("text=Deals")
    page.click("text=Record a deal")
    page.select_option("#id_registration", str(approved.s1.pk))
    page.fill("#id_exhibitor_name", "Siemens Healthineers")
    page.select_option("#id_exhibitor_country", "德国")
    page.select_option("#id_zone", str(f.zone("medical").pk))
    page.fill("#id_product", "CT 扫描仪")
    page.fill("#id_amount", "1234567.89")
    page.select_option("#id_currency", "CNY")
    page.fill("#id_signed_on", "2022-11-06")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/deals/\d+/$"))
    assert page.locator("#amount-usd").inner_text() == "176,366.84 USD"
    assert "Deal recorded: 176,366.84 USD." in page.locator(".messages").inner_text()
    deal = Deal.objects.get()
    # The registrant follows nothing up: that is the office's work.
    assert page.locator("#follow-up-form").count() == 0

    office = login(cast.organiser, language="en")
    office.goto(f"{live_server.url}/deals/{deal.pk}/")
    office.select_option("#id_to_status", "contracted")
    office.fill("#id_note", "2022-12-01 已签正式采购合同")
    office.click("#follow-up-form button[type=submit]")
    office.wait_for_load_state()
    assert office.locator("#deal-status").inner_text() == "Contracted"
    assert "已签正式采购合同" in office.locator("#notes").inner_text()
    deal.refresh_from_db()
    assert deal.status == "contracted"
