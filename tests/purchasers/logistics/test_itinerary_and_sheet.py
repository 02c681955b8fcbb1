"""Bulk assignment by filter and by sheet go through the one service; publishing emails
each attendee their itinerary, and a change after publishing emails the changed one."""

import io

import xlsxwriter

from purchasers.logistics.models import AttendeePlan, BusSeat, Stay
from purchasers.logistics.sheet import ASSIGNMENT_SHEET

from .conftest import NOV


def sheet(rows) -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    headers = list(ASSIGNMENT_SHEET.headers("zh-hans").values())
    for c, header in enumerate(headers):
        ws.write_string(0, c, header)
    keys = [c.key for c in ASSIGNMENT_SHEET.columns]
    for r, row in enumerate(rows, start=1):
        for key, value in row.items():
            ws.write_string(r, keys.index(key), value)
    book.close()
    buffer.seek(0)
    buffer.name = "assignments.xlsx"
    return buffer


def test_bulk_assignment_by_sub_delegation_pairs_colleagues_in_twin_rooms(
    client, cast, world, stay
):
    client.force_login(cast.organiser)
    response = client.post(
        f"/logistics/{world.a.pk}/assign/",
        {
            "sub_delegation": world.s1.pk,
            "hotel": stay.jinjiang.pk,
            "room_type": "twin",
            "check_in": "2022-11-04",
            "check_out": "2022-11-10",
            "there": stay.there.pk,
        },
    )
    assert response.status_code == 302
    planned = set(AttendeePlan.objects.values_list("attendee__name", flat=True))
    assert planned == {"张伟", "王芳", "李娜", "刘洋"}  # all of 卫生分团, nobody of 商贸分团
    shares = dict(Stay.objects.values_list("plan__attendee__name", "shares_with__name"))
    assert shares["张伟"] == "王芳" and shares["王芳"] == "张伟"
    # The odd ones out of two organisations share: two twin rooms of the three held.
    assert shares["李娜"] == "刘洋" and shares["刘洋"] == "李娜"


def test_bulk_assignment_over_capacity_names_the_people_and_assigns_nobody(
    client, cast, world, stay
):
    client.force_login(cast.organiser)
    response = client.post(
        f"/logistics/{world.a.pk}/assign/",
        {
            "sub_delegation": world.s1.pk,
            "buses": [stay.buses[5].pk],
        },
        follow=True,
    )
    assert "刘洋" in response.content.decode()
    assert not AttendeePlan.objects.exists()


def test_a_sheet_is_previewed_with_its_conflicts_then_confirmed(client, cast, world, stay):
    client.force_login(cast.organiser)
    a, b, c = stay.s1
    rows = [
        {
            "id_number": p.id_number,
            "hotel": "虹桥希尔顿",
            "room_type": "单人间",
            "check_in": "2022-11-04",
            "check_out": "2022-11-08",
            "there": "G1234",
            "bus": "1号车",
        }
        for p in (a, b)
    ]
    response = client.post(f"/logistics/{world.a.pk}/import/", {"file": sheet(rows)})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "王芳" in preview and "虹桥希尔顿" in preview  # one single room held there
    assert not AttendeePlan.objects.exists()
    rows[1]["hotel"] = "锦江饭店"
    response = client.post(f"/logistics/{world.a.pk}/import/", {"file": sheet(rows)})
    assert 'id="ready"' in client.get(response["Location"]).content.decode()
    assert not AttendeePlan.objects.exists()  # the preview saved nothing
    client.post(response["Location"])
    assert Stay.objects.get(plan__attendee=b).hotel == stay.jinjiang
    assert BusSeat.objects.filter(plan__attendee=a).count() == 6  # 1号车 on every day


def test_a_sheet_row_naming_nobody_is_a_row_error(client, cast, world, stay):
    client.force_login(cast.organiser)
    response = client.post(
        f"/logistics/{world.a.pk}/import/",
        {"file": sheet([{"id_number": stay.b[0].id_number, "there": "G1234"}])},
    )
    page = client.get(response["Location"]).content.decode()
    assert "行" in page or "Row" in page
    assert not AttendeePlan.objects.exists()


def test_publishing_emails_itineraries_and_a_change_sends_the_new_one(
    client, cast, world, stay, smtp, django_capture_on_commit_callbacks
):
    client.force_login(cast.organiser)
    client.post(
        f"/logistics/{world.a.pk}/assign/",
        {
            "sub_delegation": world.s2.pk,
            "hotel": stay.jinjiang.pk,
            "room_type": "single",
            "check_in": "2022-11-04",
            "check_out": "2022-11-10",
            "there": stay.there.pk,
        },
    )
    assert smtp.messages == []  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/logistics/{world.a.pk}/publish/")
    first = stay.s2[0]
    mail = smtp.to(first.email)
    assert len(mail) == 1 and "锦江饭店" in mail[0].text and "G1234" in mail[0].text
    assert len(smtp.messages) == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/logistics/{world.a.pk}/people/{first.pk}/",
            {
                "hotel": stay.hilton.pk,
                "room_type": "single",
                "check_in": "2022-11-04",
                "check_out": "2022-11-09",
            },
        )
    mail = smtp.to(first.email)
    assert len(mail) == 2 and "虹桥希尔顿" in mail[1].text
    assert len(smtp.messages) == 3  # the other person's itinerary did not change
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/logistics/{world.a.pk}/publish/")
    assert len(smtp.messages) == 3  # publishing again sends only what changed
    assert NOV(9).isoformat()[5:] in mail[1].text
