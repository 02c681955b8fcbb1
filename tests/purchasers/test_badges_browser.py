"""The office's badge day in a browser: the official status file uploaded, its preview
looked at, confirmed, and a unit's hand-over list printed and marked handed over."""

import importlib
import os

import pytest
from django.apps import apps

from purchasers.badges import season as s
from purchasers.badges.models import Badge, BadgeStatus

SHOTS = "/tmp/shots_i18badges"


@pytest.fixture(autouse=True)
def reference_data(transactional_db):

    importlib.import_module("delegations.migrations.0002_zones_and_regions").load(apps, None)


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_office_uploads_the_status_file_confirms_and_prints_a_hand_over_list(
    login, live_server, cast, world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    people = s.build_season(
        agencies=[world.s1_hospitals, world.s2_agency], by=cast.registrant, people=40, per_firm=4
    ).attendees
    rows = [s.row_for(p, "证件可领取") for p in people[:16]]
    rows += [
        s.row_for(p, "寄递发放中", tracking=f"SF77{i:06d}") for i, p in enumerate(people[16:24])
    ]
    rows += [s.row_for(p, "审核中", review="不通过") for p in people[24:28]]
    rows.append([s.credit_code(99_999), people[30].id_number, "", "通过", "证件可领取", "", ""])
    rows.append(
        [
            people[31].registration.purchaser.credit_code,
            people[31].id_number,
            "",
            "通过",
            "作废",
            "",
            "",
        ]
    )
    path = tmp_path / "官方证件状态.xlsx"
    path.write_bytes(s.status_file(rows))

    page = login(cast.organiser)
    page.click("nav >> text=证件")
    shot(page, "01_overview")
    page.click("#badge-import-link")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-status")
    page.wait_for_load_state()
    assert "28 个证件将变更" in page.locator("#ready").inner_text()
    assert page.locator("#status-changes tbody tr").count() == 28
    assert page.locator("#status-unmatched tbody tr").count() == 1
    assert page.locator("#row-errors tbody tr").count() == 1
    shot(page, "02_preview")
    assert not Badge.objects.exists()

    page.click("#confirm-status-import")
    page.wait_for_url(f"{live_server.url}/badges/")
    assert "已记录 28 个证件状态" in page.locator(".messages").inner_text()
    assert Badge.objects.filter(status=BadgeStatus.READY).count() == 16
    shot(page, "03_after_confirm")

    page.click(
        f"#badges-delegation-{world.a.pk} >> #badge-distribution tbody tr:first-child >> text=打开"
    )
    page.wait_for_load_state()
    unit_people = page.locator("#hand-over-list tbody tr").count()
    assert unit_people == 20
    assert people[0].id_number not in page.content()
    page.emulate_media(media="print")
    assert page.locator("#print-list").is_hidden()
    assert page.locator("nav.main-nav").is_hidden()
    shot(page, "04_hand_over_list_print")
    page.pdf(path=f"{SHOTS}/04_hand_over_list.pdf")
    page.emulate_media(media="screen")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#hand-over-all")
    page.wait_for_load_state()
    assert "已向" in page.locator(".messages").inner_text()
    shot(page, "05_handed_over")
    unit = world.units.health
    handed = Badge.objects.filter(
        attendee__registration__unit=unit, status=BadgeStatus.HANDED_OVER
    ).count()
    assert (
        handed
        == Badge.objects.filter(attendee__registration__unit=unit, attendee__in=people[:24]).count()
        > 0
    )
