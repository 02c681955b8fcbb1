"""Each purchaser-side role's working day in Chromium, as a new user clicks through it:
on a phone (375 px) in Chinese and on a laptop (1366 px) in English. At every step the page
fits the screen, and a screenshot is kept (``SHOTS``) to be looked at.

* the registrant registers a firm, imports a sheet with an error, downloads the sheet with
  its errors marked, corrects it, uploads it again, imports it, submits, then acts on a
  return from their home page;
* the lead opens the queue, opens a registration and sees the firm, returns it with a
  reason (the next opens), approves that one (the next opens), then approves the rest
  with "select all";
* the checkers (market regulation, public security) filter their list and record one
  verdict for everything it shows.
"""

import os
import re

import pytest
from openpyxl import load_workbook

from purchasers.imports.sheet import COLUMNS
from purchasers.models import Attendee, CheckStatus, Registration
from purchasers.review import services as review
from tests import factories as f

from .helpers import person
from .import_sheets import good_rows, write_rows

ID_NUMBER = [c.key for c in COLUMNS].index("id_number")

Status = Registration.Status
SHOTS = os.environ.get("SHOTS_DIR", "/tmp/shots_i21review")
VARIANTS = [
    pytest.param("zh-hans", {"width": 375, "height": 800}, id="phone-zh"),
    pytest.param("en", {"width": 1366, "height": 900}, id="laptop-en"),
]
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


class Day:
    """One user's browser page, with a screenshot and a width check at each step."""

    def __init__(self, page, base_url: str, role: str, language: str, size: dict):
        self.page, self.base, self.step = page, base_url, 0
        self.name = f"{role}-{language}-{size['width']}"
        page.set_viewport_size(size)
        os.makedirs(SHOTS, exist_ok=True)

    def go(self, path: str):
        self.page.goto(self.base + path)

    def shot(self, what: str):
        self.step += 1
        self.page.screenshot(path=f"{SHOTS}/{self.name}-{self.step:02d}-{what}.png", full_page=True)
        assert self.page.evaluate(FITS), f"{what}: wider than the screen"


def _fill_sheet(template_path: str, rows: list[list], out_path) -> str:
    with open(template_path, "rb") as handle:  # a download's path has no extension
        workbook = load_workbook(handle)
    write_rows(workbook.worksheets[0], rows)
    workbook.save(out_path)
    return str(out_path)


def _said(language: str, zh: str, en: str) -> str:
    return zh if language == "zh-hans" else en


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language,size", VARIANTS)
def test_registrant_day(login, live_server, world, cast, media, language, size):
    day = Day(
        login(cast.registrant, language=language), live_server.url, "registrant", language, size
    )
    page = day.page
    day.shot("home")

    # One firm on the page.
    day.go("/registrations/new/")
    page.select_option("#id_lead_agency", str(world.s2_agency.pk))
    page.fill("#id_p-credit_code", f.valid_credit_code(5151))
    page.fill("#id_p-name", "一日测试贸易有限公司")
    page.select_option("#id_p-kind", "import_trader")
    page.fill("#id_p-contact_name", "孙经理")
    page.fill("#id_p-contact_phone", "13912340000")
    data = person(31)
    page.fill("#id_attendees-0-name", data["name"])
    page.fill("#id_attendees-0-id_number", data["id_number"])
    page.fill("#id_attendees-0-phone", data["phone"])
    day.shot("form")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r".*/registrations/\d+/$"))
    day.shot("registered")
    registered = Registration.objects.get(name="一日测试贸易有限公司")
    assert registered.status == Status.SUBMITTED

    # Many from a sheet: one row has an error.
    day.go("/registrations/import/")
    with page.expect_download() as download:
        page.click("#template-link")
    rows = good_rows()
    good_id = rows[1][10]
    rows[1][10] = good_id[:-1] + ("1" if good_id[-1] != "1" else "2")
    bad = _fill_sheet(download.value.path(), rows, media / "bad.xlsx")
    page.select_option("#id_sub_delegation", str(world.s2.pk))
    page.set_input_files("#id_file", bad)
    page.click("main button.primary")
    page.wait_for_selector("#row-errors")
    error = page.locator("#row-errors tbody tr").first.inner_text()
    assert "3" in error and "青海昆仑商贸有限公司" in error and rows[1][10] in error
    day.shot("import-errors")

    # The sheet with its errors marked, corrected in place and uploaded again.
    with page.expect_download() as marked:
        page.click("#errors-sheet")
    with open(marked.value.path(), "rb") as handle:
        workbook = load_workbook(handle)
    for row in workbook.worksheets[0].iter_rows(min_row=2):
        # The errors column first, then the sheet's columns.
        if row[1 + ID_NUMBER].value == rows[1][10]:
            row[1 + ID_NUMBER].value = good_id
    workbook.save(media / "fixed.xlsx")
    page.set_input_files("#upload-again input[type=file]", str(media / "fixed.xlsx"))
    page.click("#upload-again-button")
    page.wait_for_selector("#ready")
    assert page.locator("#import-firms tbody tr").count() == 2
    day.shot("import-preview")
    page.click("#confirm-import")
    page.wait_for_url(re.compile(r".*/registrations/\?status=draft$"))
    day.shot("imported-drafts")
    assert Registration.objects.filter(status=Status.DRAFT).count() == 2

    # Submit every complete draft the list shows.
    page.click("#bulk-submit-all")
    page.wait_for_selector("#confirm-bulk-submit")
    day.shot("submit-confirm")
    page.click("#confirm-bulk-submit")
    page.wait_for_url(re.compile(r".*status=submitted$"))
    assert not Registration.objects.filter(status=Status.DRAFT).exists()

    # The lead returns one; the registrant acts on it from their home page.
    review.registration_return(registration=registered, by=cast.other_lead, reason="请补全单位地址")
    day.go("/")
    day.shot("home-returned")
    page.click(f"ul.returned-list a[href='/registrations/{registered.pk}/']")
    assert "请补全单位地址" in page.inner_text("#return-reason")
    assert (
        page.locator("#return-reason").bounding_box()["y"]
        < page.locator("#history").bounding_box()["y"]
    )
    day.shot("returned-registration")
    page.click(f"a[href='/registrations/{registered.pk}/edit/']")
    page.fill("#id_p-address", "西宁市城西区五四大街1号")
    page.click("button[value=submit]")
    page.wait_for_url(f"{live_server.url}/registrations/{registered.pk}/")
    assert page.locator("#return-reason").count() == 0
    day.shot("resubmitted")
    registered.refresh_from_db()
    assert registered.status == Status.SUBMITTED and registered.address.startswith("西宁")


def _waiting(world, cast, names):
    made = []
    for name in names:
        registration = f.RegistrationFactory(
            lead_agency=world.s1_hospitals,
            unit=world.units.tourism,
            registered_by=cast.registrant,
            status=Status.SUBMITTED,
            purchaser=f.PurchaserFactory(
                name=name,
                kind="hospital",
                industry="医疗卫生",
                contact_name="马主任",
                contact_phone="13997260001",
            ),
        )
        f.AttendeeFactory(registration=registration, name=f"{name}代表", title="采购科长")
        made.append(registration)
    return made


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language,size", VARIANTS)
def test_lead_day(login, live_server, world, cast, language, size):
    first, second, third, fourth, fifth = _waiting(
        world, cast, ["甲医院", "乙医院", "丙医院", "丁医院", "戊医院"]
    )
    day = Day(login(cast.lead, language=language), live_server.url, "lead", language, size)
    page = day.page
    day.shot("home")
    page.click("main a[href='/review/']")
    assert page.locator("#review-queue tbody tr").count() == 5
    day.shot("queue")

    page.click(f"#review-queue a[href^='/review/{first.pk}/']")
    firm = page.inner_text("#firm")
    assert (
        _said(language, "医院或医疗机构", "Hospital or medical institution").lower() in firm.lower()
    )
    assert "马主任" in firm and "139****0001" in firm
    people = page.inner_text("#attendees")
    assert "甲医院代表" in people and "采购科长" in people
    assert first.attendees.get().id_number not in people
    assert page.locator(f"#registration-link[href='/registrations/{first.pk}/']").count() == 1
    day.shot("registration")

    # Rejection asks on a page of its own; the lead thinks better of it.
    page.click("#reject")
    page.wait_for_selector("#reject-confirm")
    day.shot("reject-confirm")
    page.click("#cancel-reject")

    page.fill("#return_reason", "营业执照已过期，请上传新的执照")
    page.click("#return")
    page.wait_for_url(re.compile(rf".*/review/{second.pk}/.*"))
    assert "甲医院" in page.inner_text(".messages")
    day.shot("returned-next-opens")
    page.click("#approve")
    page.wait_for_url(re.compile(rf".*/review/{third.pk}/.*"))
    day.shot("approved-next-opens")

    page.click("#back-to-queue")
    page.check("#select-all")
    assert page.locator("input[name=ids]:checked").count() == 3
    day.shot("select-all")
    page.click("#bulk-approve")
    page.wait_for_selector("#confirm-bulk-approve")
    day.shot("bulk-confirm")
    page.click("#confirm-bulk-approve")
    page.wait_for_selector(".messages")
    day.shot("queue-empty")
    statuses = {
        r.name: r.status
        for r in Registration.objects.filter(
            pk__in=[x.pk for x in (first, second, third, fourth, fifth)]
        )
    }
    assert statuses == {
        "甲医院": Status.RETURNED,
        "乙医院": Status.LEAD_APPROVED,
        "丙医院": Status.LEAD_APPROVED,
        "丁医院": Status.LEAD_APPROVED,
        "戊医院": Status.LEAD_APPROVED,
    }
    page.click("#tab-mine")
    assert page.locator("#review-queue tbody tr").count() == 5
    day.shot("decided-by-me")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "language,size,role",
    [
        pytest.param("zh-hans", {"width": 375, "height": 800}, "credit", id="phone-zh-credit"),
        pytest.param("en", {"width": 1366, "height": 900}, "background", id="laptop-en-police"),
        pytest.param("en", {"width": 375, "height": 800}, "credit", id="phone-en-credit"),
    ],
)
def test_checker_day(login, live_server, world, cast, language, size, role):
    waiting = _waiting(world, cast, ["甲医院", "乙医院", "丙医院"])
    elsewhere = f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.other_member, status=Status.SUBMITTED
    )
    f.AttendeeFactory(registration=elsewhere)
    checker = getattr(cast, f"{role}_checker")
    day = Day(login(checker, language=language), live_server.url, role, language, size)
    page = day.page
    assert page.locator(f"main a[href='/review/?sub_delegation={world.s1.pk}']").count() == 1
    day.shot("home-queue")

    page.click("main a[href='/review/']")
    page.click("#checks-link")
    page.select_option("#f-sub", str(world.s1.pk))
    page.click("form.filters button")
    page.wait_for_url(re.compile(r".*sub_delegation=.*"))
    assert page.locator("#check-list tbody tr").count() == 3
    day.shot("check-list")
    page.select_option("#id_status", CheckStatus.PASSED)
    page.click("#bulk-check-all")
    page.wait_for_selector("#confirm-bulk-check")
    day.shot("check-confirm")
    page.click("#confirm-bulk-check")
    page.wait_for_selector(".messages")
    day.shot("checks-recorded")
    if role == "credit":
        done = Registration.objects.filter(credit_check=CheckStatus.PASSED)
        assert set(done.values_list("pk", flat=True)) == {r.pk for r in waiting}
    else:
        done = Attendee.objects.filter(background_check=CheckStatus.PASSED)
        assert {a.registration_id for a in done} == {r.pk for r in waiting}
    elsewhere.refresh_from_db()
    assert elsewhere.credit_check == CheckStatus.PENDING
