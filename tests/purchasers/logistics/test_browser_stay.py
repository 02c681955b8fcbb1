"""The office plans the stay in headless Chromium: rooms at two hotels, a sub-delegation
assigned at once, the rooming list, two people changed, the change list, publication,
and an attendee's itinerary arriving at the SMTP server."""

import io
import os
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from purchasers.logistics import services
from purchasers.models import Registration

from .conftest import at, people

SHOTS = "/tmp/shots_i20stay"


def rows_of(download) -> list[list[str]]:
    path = download.path()
    with open(path, "rb") as file:
        book = CalamineWorkbook.from_filelike(io.BytesIO(file.read()))
    return book.get_sheet_by_index(0).to_python()


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_office_plans_the_stay_and_an_attendee_gets_the_itinerary(
    login, live_server, cast, world, registrations, smtp
):
    for r in (registrations.s1, registrations.s1_firms, registrations.s2):
        r.status = Registration.Status.LEAD_APPROVED
        r.save()
    zhang, wang, li = people(registrations.s1, "张伟", "王芳", "李娜")
    [liu] = people(registrations.s1_firms, "刘洋")
    people(registrations.s2, "陈静")
    services.travel_group_save(
        by=cast.organiser,
        delegation=world.a,
        direction="there",
        mode="train",
        number="G1234",
        departs_at=at(4, 8),
        arrives_at=at(4, 18),
        from_place="西宁",
        to_place="上海虹桥",
        seats=20,
        fare=Decimal("900"),
    )
    page = login(cast.organiser)
    base = f"{live_server.url}/logistics/{world.a.pk}"
    page.goto(f"{live_server.url}/")
    page.click("nav.main-nav >> text=在沪食宿行")
    page.wait_for_url(f"{base}/")

    # Rooms at two hotels.
    for name, room_type, rooms, rate in (
        ("锦江饭店", "twin", "3", "500"),
        ("虹桥希尔顿", "single", "2", "800"),
    ):
        page.click("#declare-hotel summary")
        page.fill("#id_hotel-name", name)
        page.click("#declare-hotel button")
        page.click("#declare-block summary")
        page.select_option("#id_block-hotel", label=name)
        page.select_option("#id_block-room_type", room_type)
        page.fill("#id_block-first_night", "2022-11-04")
        page.fill("#id_block-last_night", "2022-11-09")
        page.fill("#id_block-rooms", rooms)
        page.fill("#id_block-rate", rate)
        page.click("#declare-block button")
        page.wait_for_selector(f".hotel[data-hotel='{name}']")
    shot(page, "01-overview-rooms-held")

    # 卫生分团's four people at once, in twin rooms, on the train.
    page.click("#assign-people")
    page.select_option("#f-sub", label="卫生分团")
    page.click("#filter button")
    page.select_option("#id_hotel", label="锦江饭店")
    page.select_option("#id_room_type", "twin")
    page.fill("#id_check_in", "2022-11-04")
    page.fill("#id_check_out", "2022-11-10")
    page.select_option("#id_there", index=1)
    page.click("#assign")
    assert "已安排 4 人" in page.inner_text(".messages")
    assert "陈静" not in page.inner_text("#people")
    shot(page, "02-people-assigned")

    # The rooming list goes to the hotel.
    page.goto(f"{base}/")
    page.click(".hotel[data-hotel='锦江饭店'] .rooming-link")
    with page.expect_download() as sent:
        page.click("#download-roster")
    assert {row[0] for row in rows_of(sent.value)[1:]} == {"张伟", "王芳", "李娜", "刘洋"}

    # Two people change: 王芳 moves to a single room at the other hotel, 李娜 leaves early.
    page.goto(f"{base}/people/{wang.pk}/")
    page.select_option("#id_hotel", label="虹桥希尔顿")
    page.select_option("#id_room_type", "single")
    page.fill("#id_check_in", "2022-11-04")
    page.fill("#id_check_out", "2022-11-09")
    page.click("#save-plan")
    assert "虹桥希尔顿" in page.inner_text("#current-plan")
    page.goto(f"{base}/people/{li.pk}/")
    page.select_option("#id_hotel", label="锦江饭店")
    page.select_option("#id_room_type", "twin")
    page.fill("#id_check_in", "2022-11-04")
    page.fill("#id_check_out", "2022-11-08")
    page.fill("#id_shares_with", str(liu.pk))
    page.click("#save-plan")
    assert "11-08" in page.inner_text("#current-plan")

    # What changed since the list was sent.
    page.goto(f"{base}/")
    page.click(".hotel[data-hotel='锦江饭店'] .rooming-link")
    assert "王芳" in page.inner_text("#changes .removed")
    shot(page, "03-rooming-changes")
    with page.expect_download() as changes:
        page.click("#download-changes")
    changed = rows_of(changes.value)
    kinds = {(row[0], row[1]) for row in changed[1:]}
    assert ("已移除", "王芳") in kinds
    assert ("变更后", "李娜") in kinds and ("变更后", "张伟") in kinds  # 张伟 has the room alone

    # Publication: each attendee is emailed their itinerary.
    page.goto(f"{base}/")
    page.click("#publish")
    page.wait_for_selector("#published")
    mail = smtp.to(li.email)
    assert len(mail) == 1
    assert "锦江饭店" in mail[0].text and "G1234" in mail[0].text and "11-08" in mail[0].text
    assert len(smtp.messages) == 4  # the four planned people; 陈静 has no plan

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/logistics/itinerary/{li.pk}/")
    assert "刘洋" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "04-itinerary-phone")
    page.goto(f"{base}/figures/")
    shot(page, "05-figures-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
