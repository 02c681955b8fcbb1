"""A season of 500 attendees through the badge round trip: the official-layout download,
the official status file coming back (ready, posted, rejected, unmatched, malformed rows),
its preview and confirmation, the same file again, the hand-over list and its hand-over."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from purchasers.badges import season as s
from purchasers.badges.models import Badge, BadgeEvent, BadgeStatus, OfficialExport
from purchasers.badges.selectors import distribution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def season(world, cast):
    agencies = [world.s1_hospitals, world.s1_firms, world.s2_agency]
    return s.build_season(agencies=agencies, by=cast.registrant, people=500)


def returned_file(people):
    """What the official system sends back for the season, with every kind of row."""
    rows = [s.row_for(p, "证件可领取") for p in people[:200]]
    rows += [
        s.row_for(p, "寄递发放中", tracking=f"SF10{i:08d}") for i, p in enumerate(people[200:300])
    ]
    rows += [s.row_for(p, "审核中", review="不通过") for p in people[300:340]]
    rows += [s.row_for(p, "审核中") for p in people[340:360]]
    rows += [
        [
            people[0].registration.purchaser.credit_code,
            s.resident_id(90_000),
            "无此人",
            "通过",
            "证件可领取",
            "",
            "",
        ],
        [
            s.credit_code(99_999),
            people[361].id_number,
            people[361].name,
            "通过",
            "证件可领取",
            "",
            "",
        ],
        [
            people[362].registration.purchaser.credit_code,
            people[362].id_number,
            "",
            "通过",
            "已作废",
            "",
            "",
        ],
        [
            people[363].registration.purchaser.credit_code,
            people[363].id_number,
            "",
            "通过",
            "寄递发放中",
            "",
            "",
        ],
        ["", people[364].id_number, "", "通过", "证件可领取", "", ""],
    ]
    return s.status_file(rows)


def upload(client, content, name="官方状态.xlsx"):
    return client.post(reverse("badge-import"), {"file": SimpleUploadedFile(name, content)})


def test_official_layout_download_has_every_reported_person_in_full(client, cast, world, season):
    client.force_login(cast.organiser)
    response = client.get(reverse("badge-export", args=[world.a.pk]))
    assert response.status_code == 200
    grid = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert grid[0][:5] == [
        "单位名称",
        "统一社会信用代码",
        "单位类型",
        "所属行业",
        "注册资本（万元）",
    ]
    assert len(grid) == 501
    first = dict(zip(grid[0], grid[1], strict=True))
    ids = {row[grid[0].index("证件号码")] for row in grid[1:]}
    assert ids == {p.id_number for p in season.attendees}  # full numbers, not masked
    assert first["证件类型"] == "居民身份证"  # the document's official name by default
    assert first["注册资本（万元）"] == "500.00"
    record = OfficialExport.objects.get()
    assert (record.by, record.people, record.registrations) == (cast.organiser, 500, 100)


def test_official_download_only_for_those_who_enter_data(client, cast, world, season):
    url = reverse("badge-export", args=[world.a.pk])
    for who, status in (("registrant", 403), ("viewer", 403), ("b_organiser", 404)):
        client.force_login(getattr(cast, who))
        assert client.get(url).status_code == status, who
    client.force_login(cast.lead)  # the lead downloads its own sub-delegation only
    assert client.get(url).status_code == 403
    response = client.get(f"{url}?sub={world.s1.pk}")
    assert response.status_code == 200
    grid = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert len(grid) - 1 == sum(
        1 for p in season.attendees if p.registration.sub_delegation_id == world.s1.pk
    )
    assert client.get(f"{url}?sub={world.s2.pk}").status_code == 404  # not its scope
    assert OfficialExport.objects.filter(by=cast.lead, sub_delegation=world.s1).exists()


def test_status_file_round_trip(client, cast, world, season):
    people = season.attendees
    content = returned_file(people)
    client.force_login(cast.organiser)
    response = upload(client, content)
    assert response.status_code == 302
    preview_url = response.url
    page = client.get(preview_url).content.decode()
    assert "360 个证件将变更" in page
    assert Badge.objects.count() == 0  # nothing written by the preview
    preview = client.get(preview_url).context["preview"]
    assert len(preview.changes) == 360
    assert [row for row, _n, _why in preview.unmatched] == [362, 363]
    assert sorted({e.row for e in preview.errors}) == [364, 365, 366]
    assert people[0].id_number not in page  # masked on the preview

    response = client.post(preview_url)
    assert response.status_code == 302
    statuses = dict(Badge.objects.values_list("attendee_id", "status"))
    assert statuses[people[0].pk] == BadgeStatus.READY
    assert statuses[people[250].pk] == BadgeStatus.POSTED
    assert statuses[people[310].pk] == BadgeStatus.REJECTED
    assert statuses[people[350].pk] == BadgeStatus.IN_REVIEW
    assert people[361].pk not in statuses and people[362].pk not in statuses
    assert Badge.objects.get(attendee=people[250]).tracking_number == "SF1000000050"
    assert BadgeEvent.objects.count() == 360
    event = BadgeEvent.objects.get(badge__attendee=people[250])
    assert (event.actor, event.from_status, event.to_status) == (
        cast.organiser,
        "not_applied",
        "posted",
    )

    # The same file again changes nothing.
    again = upload(client, content)
    preview = client.get(again.url).context["preview"]
    assert preview.changes == [] and len(preview.unchanged) == 360
    client.post(again.url)
    assert BadgeEvent.objects.count() == 360


def test_preview_says_how_many_rows_are_skipped_and_why_and_downloads_them(
    client, cast, world, season
):
    people = season.attendees
    client.force_login(cast.organiser)
    preview_url = upload(client, returned_file(people)).url
    page = client.get(preview_url).content.decode()
    assert "文件中有 5 行被跳过：3 行无法读取，2 行对应不到任何人，0 行对应多人。" in page
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("badge-import-skipped", args=[token]))
    assert response.status_code == 200
    grid = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert grid[0][:3] == ["错误", "统一社会信用代码", "证件号码"]
    reasons = {row[2]: row[0] for row in grid[1:]}
    assert len(reasons) == 5  # the skipped rows only, as the bureau sent them
    assert "对应不到任何人" in reasons[s.resident_id(90_000)]
    assert "对应不到任何人" in reasons[people[361].id_number]
    assert "已作废" in reasons[people[362].id_number]
    assert "快递单号" in reasons[people[363].id_number]
    assert "必填" in reasons[people[364].id_number]
    assert Badge.objects.count() == 0  # reading them back writes nothing
    client.force_login(cast.b_organiser)  # the upload is the office's own
    assert client.get(reverse("badge-import-skipped", args=[token])).status_code == 404


def test_hand_over_list_printed_and_marked_in_one_action(client, cast, world, season):
    people = season.attendees
    client.force_login(cast.organiser)
    client.post(upload(client, returned_file(people)).url)
    unit = world.units.health
    mine = [p for p in people if p.registration.unit_id == unit.pk]
    url = reverse("badge-hand-over-list", args=[world.a.pk, unit.pk])
    page = client.get(url).content.decode()
    assert "签收" in page and "window.print()" in page
    assert mine[0].id_number not in page and mine[0].id_number[-4:] in page
    ready_or_posted = Badge.objects.filter(
        attendee__in=mine, status__in=[BadgeStatus.READY, BadgeStatus.POSTED]
    ).count()
    before = next(u for u in distribution(delegation=world.a) if u.unit == unit)
    assert before.ready + before.posted == ready_or_posted > 0

    response = client.post(reverse("badge-hand-over", args=[world.a.pk, unit.pk]))
    assert response.status_code == 302
    after = next(u for u in distribution(delegation=world.a) if u.unit == unit)
    assert (after.ready, after.posted, after.handed_over) == (0, 0, ready_or_posted)
    assert BadgeEvent.objects.filter(kind="handed_over").count() == ready_or_posted
    other = next(u for u in distribution(delegation=world.a) if u.unit == world.units.commerce_lead)
    assert other.handed_over == 0 and other.ready > 0
    # A second click has nothing left to hand over.
    client.post(reverse("badge-hand-over", args=[world.a.pk, unit.pk]))
    assert BadgeEvent.objects.filter(kind="handed_over").count() == ready_or_posted


def test_registrant_sees_the_tracking_number_of_the_people_they_registered(
    client, cast, world, season
):
    people = season.attendees
    client.force_login(cast.organiser)
    client.post(upload(client, returned_file(people)).url)
    posted = people[200]
    client.force_login(posted.registration.registered_by)
    page = client.get(reverse("registrations:detail", args=[posted.registration_id]))
    assert "SF1000000000" in page.content.decode()
    assert "SF1000000000" in client.get(reverse("badge-overview")).content.decode()


def test_only_the_office_uploads_status_files(client, cast, world, season):
    for who in ("registrant", "lead", "viewer", "national_admin"):
        client.force_login(getattr(cast, who))
        assert client.get(reverse("badge-import")).status_code == 403, who


def test_a_bad_file_writes_nothing(client, cast, world, season):
    client.force_login(cast.organiser)
    response = upload(client, b"not a workbook", name="x.xlsx")
    assert response.status_code == 200
    assert "xlsx" in response.content.decode()

    workbook = Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.active.append(["张三", "1"])
    out = io.BytesIO()
    workbook.save(out)
    response = upload(client, out.getvalue())
    assert response.status_code == 200 and "file-error" in response.content.decode()
    assert Badge.objects.count() == 0 and BadgeEvent.objects.count() == 0


def test_other_delegation_cannot_see_the_hand_over_list(client, cast, world, season):
    client.force_login(cast.b_organiser)
    url = reverse("badge-hand-over-list", args=[world.a.pk, world.units.health.pk])
    assert client.get(url).status_code == 404
    client.force_login(cast.registrant)
    assert client.get(url).status_code == 403
    client.force_login(cast.organiser)
    assert (
        client.get(
            reverse("badge-hand-over-list", args=[world.a.pk, world.units.b_lead.pk])
        ).status_code
        == 404
    )
