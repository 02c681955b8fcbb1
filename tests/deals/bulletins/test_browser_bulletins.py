"""In headless Chromium: the office composes a bulletin, previews it and sends it, and each
liaison's email (a real SMTP server) carries its own unit's line; the report up downloads
as an .xlsx that reads the same figures as the dashboard."""

import io
import os
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from deals.bulletins.models import Bulletin, BulletinDelivery
from deals.rollups.services import rollup_recompute
from purchasers.models import Registration
from tests import factories as f

Status = Registration.Status
SHOTS = "/tmp/shots_i19bulletin"


def shot(page, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def progress(world, cast):
    for status in (Status.SUBMITTED, Status.LEAD_APPROVED, Status.REPORTED):
        f.RegistrationFactory(
            lead_agency=world.s1_hospitals, unit=world.units.health, status=status
        )
    registration = f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.tourism, status=Status.LEAD_APPROVED
    )
    f.RollupDealFactory(registration=registration, amount_usd=Decimal("123456789.50"))
    f.RollupDealFactory(
        registration=registration, amount_usd=Decimal("1000000.25"), zone=f.zone("food")
    )
    rollup_recompute()
    return world


@pytest.mark.django_db(transaction=True)
def test_office_sends_a_bulletin_each_liaison_reads_its_own_line(
    login, live_server, cast, progress, smtp
):
    world = progress
    page = login(cast.organiser)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=交易团A工作通报")
    page.fill("#note", "请各牵头单位加快组织进度。")
    page.click("#compose")
    page.wait_for_selector("#bulletin")
    shot(page, "01_bulletin_preview")
    table = page.locator("#bulletin table.bulletin-table").inner_text()
    assert "卫生健康委" in table and "30%" in table
    assert smtp.messages == []  # a preview sends nothing
    page.click("#send")
    page.wait_for_selector("table.deliveries")
    shot(page, "02_bulletin_sent")
    bulletin = Bulletin.objects.get()
    assert bulletin.status == Bulletin.Status.SENT
    statuses = dict(bulletin.deliveries.values_list("unit__name", "status"))
    assert set(statuses.values()) == {BulletinDelivery.Status.SENT}
    assert "已发送" in page.locator("table.deliveries").inner_text()

    health = smtp.to(world.units.health.liaison_email)[0]
    assert "贵单位: 卫生健康委" in health.text
    assert "卫生分团 · 卫生健康委: 已登记 3 家，任务 10 家（完成 30%）" in health.text
    drugs = smtp.to(world.units.drugs.liaison_email)[0]
    assert "贵单位: 药品监管局" in drugs.text
    assert "卫生分团 · 药品监管局: 已登记 0 家，任务 20 家（完成 0%）" in drugs.text
    assert "贵单位: 卫生健康委" not in drugs.text
    tourism = smtp.to(world.units.tourism.liaison_email)[0]
    assert "贵单位登记的采购商：1 家（审核通过 1 家，已上报 0 家）" in tourism.text
    assert all("请各牵头单位加快组织进度。" in m.text for m in smtp.messages)
    assert len(smtp.messages) == 5

    # What the liaison of 卫生健康委 sees, as their mail program shows the HTML part.
    liaison = page.context.new_page()
    liaison.set_content(health.html)
    shot(liaison, "03_liaison_email_health")
    liaison.close()


@pytest.mark.django_db(transaction=True)
def test_report_up_downloads_the_dashboards_figures(login, live_server, cast, progress):
    world = progress
    page = login(cast.organiser)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dashboard/delegations/{world.a.pk}/")
    dashboard_total = page.locator('dd[data-figure="total_usd"]').inner_text()
    dashboard_deals = page.locator('dd[data-figure="deals"]').inner_text()
    shot(page, "04_dashboard_records")
    assert dashboard_total.startswith("124,456,789.75")
    page.goto(f"{live_server.url}/")
    page.click("text=交易团A上报")
    page.click("#report-up")
    page.wait_for_selector("#report-xlsx")
    shot(page, "05_report_up")
    assert page.locator('dd[data-figure="total_usd"]').inner_text() == "124,456,789.75"
    with page.expect_download() as download:
        page.click("#report-xlsx")
    with open(download.value.path(), "rb") as downloaded:
        content = downloaded.read()
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    deals = book.get_sheet_by_name("成交").to_python()
    assert deals[1][1] == float(dashboard_deals)
    assert f"{deals[1][4]:,.2f}" == dashboard_total.split(" ")[0]
    zones = {row[0]: row[4] for row in book.get_sheet_by_name("按展区").to_python()[1:]}
    assert zones == {"医疗器械及医药保健": 123456789.5, "食品及农产品": 1000000.25}
