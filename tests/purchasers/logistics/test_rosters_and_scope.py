"""Rosters remember what they sent; full ID numbers only in the office's recorded ticket
export; a lead sees its own sub-delegation's plans, another delegation gets 404."""

import io

import pytest
from python_calamine import CalamineWorkbook

from purchasers.logistics import services
from purchasers.logistics.models import RoomType, RosterSend

from .conftest import room


def cells(response) -> list[list[str]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


@pytest.fixture
def planned(cast, world, stay):
    twin = RoomType.TWIN
    a, b, c = stay.s1
    services.plans_assign(
        by=cast.organiser,
        delegation=world.a,
        assignments=[
            room(stay.jinjiang, a, room_type=twin, shares=b),
            room(stay.jinjiang, b, room_type=twin, shares=a),
            room(stay.jinjiang, c),
            services.Assignment(
                attendee=stay.s2[0],
                there=services.JourneyWish(group=stay.there),
                buses=[stay.buses[6]],
            ),
        ],
    )
    return stay


def test_the_change_list_says_what_changed_since_the_rooming_list_was_sent(
    client, cast, world, planned
):
    client.force_login(cast.organiser)
    url = f"/logistics/{world.a.pk}/rooming/{planned.jinjiang.pk}/"
    first = cells(client.get(url + "?format=xlsx"))
    assert {row[0] for row in first[1:]} == {"张伟", "王芳", "李娜"}
    # 李娜 moves to the other hotel, 刘洋 arrives, 王芳 leaves a day early.
    services.plans_assign(
        by=cast.organiser,
        delegation=world.a,
        assignments=[
            room(planned.hilton, planned.s1[2]),
            room(planned.jinjiang, planned.s1_firms[0]),
            room(
                planned.jinjiang,
                planned.s1[1],
                check_out=9,
                room_type=RoomType.TWIN,
                shares=planned.s1[0],
            ),
        ],
    )
    changes = cells(client.get(url + "?format=xlsx&changes=1"))
    by_change = {}
    for row in changes[1:]:
        by_change.setdefault(row[0], []).append(row[1])
    assert by_change["已移除" if "已移除" in by_change else "removed"] == ["李娜"]
    assert by_change.get("新增", by_change.get("added")) == ["刘洋"]
    assert len(changes) == 1 + 1 + 1 + 2  # header, added, removed, 王芳 before and after
    page = client.get(url)
    assert "刘洋" in page.content.decode()
    assert RosterSend.objects.filter(kind="rooming").count() == 2
    # Nothing changed since the change list was sent.
    assert len(cells(client.get(url + "?format=xlsx&changes=1"))) == 1


def test_full_id_numbers_only_in_the_recorded_ticket_export(client, cast, world, planned):
    person = planned.s2[0]
    client.force_login(cast.organiser)
    url = f"/logistics/{world.a.pk}/tickets/{planned.there.pk}/"
    page = client.get(url).content.decode()
    assert person.id_number not in page and person.id_number[-4:] in page
    masked = cells(client.get(url + "?format=xlsx"))
    assert person.id_number not in str(masked)
    assert not RosterSend.objects.filter(full_numbers=True).exists()
    full = cells(client.post(url))
    assert full[1][2] == person.id_number
    send = RosterSend.objects.get(full_numbers=True)
    assert send.sent_by == cast.organiser and send.key == str(planned.there.pk)
    assert person.id_number not in str(send.rows)  # what it keeps is masked


def test_a_lead_cannot_download_tickets_or_rosters(client, cast, world, planned):
    client.force_login(cast.lead)
    assert client.post(f"/logistics/{world.a.pk}/tickets/{planned.there.pk}/").status_code == 403
    assert client.get(f"/logistics/{world.a.pk}/rooming/{planned.jinjiang.pk}/").status_code == 403
    assert not RosterSend.objects.exists()


def test_a_lead_sees_only_its_sub_delegations_plans(client, cast, world, planned):
    client.force_login(cast.lead)  # leads 卫生分团 (s1), not 商贸分团 (s2)
    page = client.get(f"/logistics/{world.a.pk}/people/").content.decode()
    assert "张伟" in page and "陈静" not in page
    assert client.get(f"/logistics/{world.a.pk}/people/{planned.s2[0].pk}/").status_code == 404
    assert client.get(f"/logistics/itinerary/{planned.s2[0].pk}/").status_code == 404
    assert client.get(f"/logistics/itinerary/{planned.s1[0].pk}/").status_code == 200
    assert (
        client.post(f"/logistics/{world.a.pk}/assign/", {"ids": [planned.s1[0].pk]}).status_code
        == 403
    )
    figures = client.get(f"/api/logistics/figures/?delegation={world.a.pk}").json()
    assert [row["name"] for row in figures["sub_delegations"]] == ["卫生分团"]
    assert figures["tickets_booked"] == 0  # 陈静's ticket is in 商贸分团


def test_another_delegation_gets_404(client, cast, world, planned):
    client.force_login(cast.b_organiser)
    for path in ("", "people/", "figures/", f"rooming/{planned.jinjiang.pk}/"):
        assert client.get(f"/logistics/{world.a.pk}/{path}").status_code == 404
    assert client.post(f"/logistics/{world.a.pk}/publish/").status_code == 404
    assert client.get(f"/logistics/itinerary/{planned.s1[0].pk}/").status_code == 404
    assert client.get(f"/api/logistics/figures/?delegation={world.a.pk}").status_code == 404


def test_figures_count_a_shared_room_once_and_halve_its_cost(client, cast, world, planned):
    client.force_login(cast.organiser)
    figures = client.get(f"/api/logistics/figures/?delegation={world.a.pk}").json()
    # Twin 4-10 Nov shared: 6 room-nights at 500; single 6 nights at 400.
    hotels = {row["name"]: row for row in figures["hotels"]}
    assert hotels["锦江饭店"] == {"name": "锦江饭店", "room_nights": "12.0", "cost": "5400.00"}
    days = dict((row["day"], row["people"]) for row in figures["days"])
    assert days["2022-11-05"] == 3 and days["2022-11-10"] == 3
    budget = client.get(f"/logistics/{world.a.pk}/figures/?format=xlsx")
    assert budget["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_rooming_list_for_one_night_has_who_sleeps_there_that_night(client, cast, world, planned):
    services.plans_assign(
        by=cast.organiser,
        delegation=world.a,
        assignments=[room(planned.jinjiang, planned.s1[2], check_in=4, check_out=7)],
    )
    client.force_login(cast.organiser)
    url = f"/logistics/{world.a.pk}/rooming/{planned.jinjiang.pk}/"
    late = cells(client.get(url + "?night=2022-11-08&format=xlsx"))
    assert {row[0] for row in late[1:]} == {"张伟", "王芳"}
    early = cells(client.get(url + "?night=2022-11-05&format=xlsx"))
    assert {row[0] for row in early[1:]} == {"张伟", "王芳", "李娜"}
    assert client.get(url + "?night=junk").status_code == 404


def test_a_room_mate_leaving_early_leaves_the_room_counted_whole(client, cast, world, planned):
    a, b = planned.s1[:2]
    services.plans_assign(
        by=cast.organiser,
        delegation=world.a,
        assignments=[room(planned.jinjiang, b, room_type=RoomType.TWIN, shares=a, check_out=8)],
    )
    client.force_login(cast.organiser)
    figures = client.get(f"/api/logistics/figures/?delegation={world.a.pk}").json()
    hotels = {row["name"]: row for row in figures["hotels"]}
    # The twin room is still taken 4-10 Nov (6 room-nights), 张伟 alone the last two.
    assert hotels["锦江饭店"]["room_nights"] == "12.0"
    assert hotels["锦江饭店"]["cost"] == "5400.00"
