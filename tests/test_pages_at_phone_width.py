"""Every page of every role at phone width (375 px): nothing scrolls the page sideways.

The demo's logins, one per role, each walk from their home page through every kind of
page linked from what they see (tests/browsing.py).
"""

import pytest
from playwright.sync_api import expect

from .browsing import DEMO_ROLES, demo_login, load_demo, walk

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1366, "height": 900}

# The right edges of the first few elements that stick out, to name the culprit.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = document.documentElement.scrollWidth;
  const out = wide <= width ? [] : [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 4)
    .map(e => `${e.tagName.toLowerCase()}.${e.className}`
              + ` → ${Math.round(e.getBoundingClientRect().right)}px`);
  return {document: wide, viewport: width, out};
}"""


@pytest.fixture
def demo(transactional_db):
    load_demo()


def test_no_page_of_any_role_is_wider_than_a_phone(demo, live_server, login):
    too_wide, broken, seen = [], [], 0
    for role, username in DEMO_ROLES.items():
        page = demo_login(login, username)
        page.set_viewport_size(PHONE)
        for path, status in walk(page, live_server.url):
            seen += 1
            if status >= 400:
                broken.append(f"{role} {path}: {status}")
            measured = page.evaluate(MEASURE)
            if measured["document"] > measured["viewport"]:
                too_wide.append(f"{role} {path}: {measured['document']}px {measured['out']}")
        page.context.close()
    assert seen > 7 * 8, f"only {seen} pages reached"
    assert not broken, "links that lead nowhere:\n" + "\n".join(broken)
    assert not too_wide, "pages wider than 375 px:\n" + "\n".join(too_wide)


def test_header_folds_its_links_under_a_menu_on_a_phone(demo, live_server, login):
    page = demo_login(login, "qh_office")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    nav = page.locator("nav.main-nav")
    expect(nav).to_be_hidden()
    expect(page.locator("#language")).to_be_visible()
    page.get_by_text("菜单").click()
    expect(nav.get_by_role("link", name="成交")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    assert page.evaluate(MEASURE)["document"] <= 375
    page.goto(live_server.url + "/no-such-page/")
    expect(page.locator("h1")).to_contain_text("页面不存在")
    assert page.evaluate(MEASURE)["document"] <= 375
    page.set_viewport_size(DESKTOP)
    expect(page.get_by_text("菜单")).to_be_hidden()
    expect(nav.get_by_role("link", name="成交")).to_be_visible()


def test_lists_become_cards_forms_one_column_and_charts_fit_on_a_phone(demo, live_server, login):
    page = demo_login(login, "qh_office")
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/registrations/")
    # Each cell is labelled with its column heading (the first one ticks the row for bulk
    # submission); the firm's cell is the one labelled 采购商.
    firm = page.locator("table.data tbody tr").first.locator('td[data-label="采购商"]')
    expect(firm).to_have_count(1)
    # The firm's name reads on a line or two, not one character a line.
    assert firm.bounding_box()["height"] < 60
    assert firm.bounding_box()["width"] > 300

    page.goto(live_server.url + "/registrations/new/")
    lefts = {
        round(page.locator(f"#id_p-{name}").bounding_box()["x"])
        for name in ("credit_code", "name", "kind", "industry")
    }
    assert len(lefts) == 1, "the registration form's fields stand in one column"

    page.goto(live_server.url + "/dashboard/?edition=5")
    charts = page.locator("figure.chart svg")
    assert charts.count() >= 2
    for i in range(charts.count()):
        assert charts.nth(i).bounding_box()["width"] <= 375 - 2 * 16

    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/registrations/")
    expect(page.locator("table.data thead")).to_be_visible()
