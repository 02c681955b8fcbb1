"""The office's and the national viewer's day in Chromium: home,
dashboard, progress, the deal list page by page, a deal recorded in ten thousands of
renminbi with the exhibitor picker, rates, deadlines and the totals workbook; in Chinese at
phone width and in English at desktop width. Screenshots go to /tmp/shots_i21deals/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from deals.models import Deal
from delegations.models import Delegation, User
from purchasers.models import Registration
from tests import factories as f
from tests.browsing import demo_login, load_demo

SHOTS = Path("/tmp/shots_i21deals")
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1366, "height": 900}
SETTINGS = [("zh-hans", PHONE), ("en", DESKTOP)]
WORDS = {
    "zh-hans": {
        "next": "下一页", "previous": "上一页", "record": "登记成交", "save": "保存",
        "cny": "人民币", "usd": "美元", "workbook": "生成工作簿（.xlsx）",
    },
    "en": {
        "next": "Next page", "previous": "Previous page", "record": "Record a deal",
        "save": "Save", "cny": "renminbi", "usd": "USD", "workbook": "Build the workbook (.xlsx)",
    },
}  # fmt: skip


@pytest.fixture
def demo(transactional_db):
    load_demo()
    # Enough deals in Qinghai's scope for the list to page.
    registration = Registration.objects.filter(
        sub_delegation__delegation__name__contains="青海",
        status=Registration.Status.LEAD_APPROVED,
    ).first()
    for _ in range(30):
        f.DealFactory(registration=registration, exhibitor_country="美国")


class Day:
    def __init__(self, page, base: str, role: str, language: str, viewport: dict):
        self.page, self.base, self.language, self.viewport = page, base, language, viewport
        self.prefix = f"{role}-{language}-{viewport['width']}"
        self.step = 0
        page.set_viewport_size(viewport)

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response.status < 400, (path, response.status)
        return self.see(path.strip("/").replace("/", "_") or "home")

    def see(self, name: str):
        self.page.wait_for_load_state()
        self.step += 1
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(
            path=SHOTS / f"{self.prefix}-{self.step:02d}-{name}.png", full_page=True
        )
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.viewport["width"], f"{self.page.url} is {wide}px wide"
        return self.page

    def first_heading(self) -> str:
        return self.page.locator("main h2").first.inner_text()


def _pages_through_the_deal_list(day: Day, words: dict) -> None:
    page = day.open("/deals/")
    first_rows = page.locator("table.deals tbody tr").all_inner_texts()
    expect(page.locator("#page-totals")).to_be_visible()
    page.get_by_role("link", name=words["next"]).click()
    day.see("deals-page-2")
    assert page.locator("table.deals tbody tr").all_inner_texts() != first_rows
    page.get_by_role("link", name=words["previous"]).click()
    day.see("deals-page-1-again")
    assert page.locator("table.deals tbody tr").all_inner_texts() == first_rows


def _records_a_deal_in_wan_cny(day: Day, words: dict) -> None:
    page = day.open("/deals/new/")
    registration = Registration.objects.filter(
        sub_delegation__delegation__name__contains="青海",
        status=Registration.Status.LEAD_APPROVED,
    ).first()
    page.select_option("#id_registration", str(registration.pk))
    page.fill("#id_exhibitor_search", "Roche")
    # The picker asks the server as one types and offers the match.
    expect(page.locator("#id_exhibitor option", has_text="罗氏诊断")).to_have_count(1)
    roche = page.locator("#id_exhibitor option", has_text="罗氏诊断").get_attribute("value")
    page.select_option("#id_exhibitor", roche)
    page.fill("#id_product", "诊断试剂")
    page.select_option("#id_currency", "CNY")
    page.check("#id_amount_unit_1")
    page.fill("#id_amount", "7000")
    page.fill("#id_signed_on", registration.edition.opens_on.isoformat())
    day.see("deal-form-filled")
    page.get_by_role("button", name=words["save"], exact=True).last.click()
    page.wait_for_url(re.compile(r"/deals/\d+/$"))
    day.see("deal-recorded")
    expect(page.locator("#amount")).to_have_text(f"70,000,000.00 {words['cny']}")
    expect(page.locator("#amount-usd")).to_have_text(f"10,000,000.00 {words['usd']}")
    deal = Deal.objects.get(product="诊断试剂")
    assert deal.exhibitor.name == "罗氏诊断" and deal.exhibitor_country == "瑞士"


def _builds_the_workbook(day: Day, words: dict) -> None:
    page = day.open("/dashboard/?edition=5")
    page.get_by_role("button", name=words["workbook"]).click()
    page.wait_for_url(re.compile(r"/dashboard/exports/\d+/$"))
    day.see("export")
    expect(page.get_by_role("link", name=re.compile(r"下载|Download"))).to_be_visible()


@pytest.mark.parametrize("language,viewport", SETTINGS, ids=["zh-375", "en-1366"])
def test_office_day(demo, live_server, login, language, viewport):
    words = WORDS[language]
    day = Day(demo_login(login, "qh_office", language=language), live_server.url, "office",
              language, viewport)  # fmt: skip
    day.open("/")
    print(f"office ({language}) sees first:", day.first_heading())
    day.open("/dashboard/?edition=5")
    qinghai = Delegation.objects.get(name__contains="青海")
    day.open(reverse("review:delegation-progress", args=[qinghai.pk]))
    _pages_through_the_deal_list(day, words)
    _records_a_deal_in_wan_cny(day, words)
    page = day.open("/deals/rates/")
    expect(page.locator("form")).not_to_have_count(0)
    day.open("/deadlines/")
    _builds_the_workbook(day, words)


@pytest.mark.parametrize("language,viewport", SETTINGS, ids=["zh-375", "en-1366"])
def test_national_viewer_day(demo, live_server, login, language, viewport):
    words = WORDS[language]
    day = Day(demo_login(login, "bureau", language=language), live_server.url, "viewer",
              language, viewport)  # fmt: skip
    day.open("/")
    print(f"viewer ({language}) sees first:", day.first_heading())
    day.open("/dashboard/?edition=7")
    _pages_through_the_deal_list(day, words)
    page = day.see("deals")
    page.locator("table.deals tbody tr a").first.click()
    day.see("deal-detail")
    # Read-only: no correction, no follow-up, no recording.
    expect(page.locator("#follow-up-form")).to_have_count(0)
    page = day.open("/deals/")
    expect(page.get_by_role("link", name=words["record"])).to_have_count(0)
    page = day.open("/deals/rates/")
    expect(page.locator("#id_rate")).to_have_count(0)
    day.open("/deadlines/")
    _builds_the_workbook(day, words)
    assert User.objects.get(username="bureau").role == User.Role.NATIONAL_VIEWER
