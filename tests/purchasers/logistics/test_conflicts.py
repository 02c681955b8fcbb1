"""Every conflict rule of the stay refuses the assignment and names the people."""

import pytest

from purchasers.logistics import services
from purchasers.logistics.models import AttendeePlan, Journey, RoomType, Stay
from purchasers.models import Registration

from .conftest import NOV, at, room


def assign(cast, world, *assignments, reason=""):
    return services.plans_assign(
        by=cast.organiser,
        delegation=world.a,
        assignments=list(assignments),
        override_reason=reason,
    )


def refused(cast, world, *assignments, reason="") -> str:
    with pytest.raises(services.LogisticsError) as caught:
        assign(cast, world, *assignments, reason=reason)
    return "; ".join(caught.value.problems)


def test_a_room_block_over_capacity_names_who_has_no_room(cast, world, stay):
    assign(cast, world, room(stay.hilton, stay.s1[0]))
    message = refused(cast, world, room(stay.hilton, stay.s1[1]))
    assert "虹桥希尔顿" in message and "王芳" in message and "张伟" not in message
    assert not Stay.objects.filter(plan__attendee=stay.s1[1]).exists()


def test_nights_without_rooms_held_are_refused(cast, world, stay):
    message = refused(cast, world, room(stay.hilton, stay.s1[0], check_in=4, check_out=11))
    assert "张伟" in message


def test_a_shared_twin_room_counts_once_and_holds_two(cast, world, stay):
    a, b, c = stay.s1
    twin = RoomType.TWIN
    assign(
        cast,
        world,
        room(stay.jinjiang, a, room_type=twin, shares=b),
        room(stay.jinjiang, b, room_type=twin, shares=a),
    )
    message = refused(cast, world, room(stay.jinjiang, c, room_type=twin, shares=a))
    assert "李娜" in message and "张伟" in message


def test_a_person_in_two_rooms_on_one_night_is_refused(cast, world, stay):
    person = stay.s1[0]
    two = services.Assignment(
        attendee=person,
        stays=[
            services.StayWish(stay.jinjiang, RoomType.SINGLE, NOV(4), NOV(7)),
            services.StayWish(stay.hilton, RoomType.SINGLE, NOV(6), NOV(9)),
        ],
    )
    message = refused(cast, world, two)
    assert "张伟" in message and "2022-11-06" in message


def test_a_stay_outside_the_expo_dates_is_refused(cast, world, stay):
    # The expo runs 5-10 November; arrival the day before at the earliest.
    message = refused(cast, world, room(stay.jinjiang, stay.s1[0], check_in=3, check_out=6))
    assert "张伟" in message and "2022-11-04" in message


def test_a_check_out_before_the_check_in_is_refused(cast, world, stay):
    message = refused(cast, world, room(stay.jinjiang, stay.s1[0], check_in=8, check_out=6))
    assert "张伟" in message and "2022-11-06" in message


def test_two_trains_at_once_are_refused(cast, world, stay):
    early_back = services.JourneyWish(
        number="G9", departs_at=at(4, 12), arrives_at=at(4, 20), from_place="上海", to_place="西宁"
    )
    message = refused(
        cast,
        world,
        services.Assignment(
            attendee=stay.s1[0], there=services.JourneyWish(group=stay.there), back=early_back
        ),
    )
    assert "张伟" in message
    assert not Journey.objects.exists()


def test_a_bus_over_capacity_names_who_has_no_seat(cast, world, stay):
    bus = stay.buses[6]
    people = [*stay.s1, stay.s1_firms[0]]
    message = refused(cast, world, *[services.Assignment(attendee=p, buses=[bus]) for p in people])
    assert "刘洋" in message and "张伟" not in message


def test_a_travel_group_over_its_seats_is_refused(cast, world, stay):
    stay.there.seats = 1
    stay.there.save()
    message = refused(
        cast,
        world,
        *[
            services.Assignment(attendee=p, there=services.JourneyWish(group=stay.there))
            for p in stay.s1[:2]
        ],
    )
    assert "G1234" in message and "王芳" in message


def test_a_rejected_registration_gets_no_ticket_even_with_a_reason(
    cast, world, stay, registrations
):
    registrations.s2.status = Registration.Status.REJECTED
    registrations.s2.save()
    message = refused(
        cast,
        world,
        services.Assignment(attendee=stay.s2[0], there=services.JourneyWish(group=stay.there)),
        reason="领导批准",
    )
    assert "陈静" in message


def test_a_ticket_booked_before_the_registration_was_rejected_is_flagged(
    cast, world, stay, registrations
):
    assign(
        cast,
        world,
        services.Assignment(attendee=stay.s2[0], there=services.JourneyWish(group=stay.there)),
    )
    registrations.s2.status = Registration.Status.REJECTED
    registrations.s2.save()
    flagged = services.conflicts.problems(services.world_of(world.a))
    assert any("陈静" in p.message for p in flagged)


def test_an_unapproved_person_needs_the_office_reason(cast, world, stay, registrations):
    registrations.s2.status = Registration.Status.SUBMITTED
    registrations.s2.save()
    message = refused(cast, world, room(stay.jinjiang, stay.s2[0]))
    assert "陈静" in message
    assign(cast, world, room(stay.jinjiang, stay.s2[0]), reason="省领导随行")
    assert AttendeePlan.objects.get(attendee=stay.s2[0]).override_reason == "省领导随行"


def test_shrinking_a_room_block_below_its_guests_is_refused(cast, world, stay):
    assign(cast, world, room(stay.hilton, stay.s1[0]))
    with pytest.raises(services.LogisticsError) as caught:
        services.room_blocks_set(
            by=cast.organiser,
            hotel=stay.hilton,
            first_night=NOV(6),
            last_night=NOV(6),
            room_type=RoomType.SINGLE,
            rooms=0,
            rate=800,
        )
    assert "张伟" in caught.value.problems[0]


def test_all_or_nothing_one_conflict_assigns_nobody(cast, world, stay):
    ok = room(stay.jinjiang, stay.s1[0])
    bad = room(stay.jinjiang, stay.s1[1], check_in=8, check_out=6)
    refused(cast, world, ok, bad)
    assert not AttendeePlan.objects.exists()


def test_another_delegations_person_is_not_found(cast, world, stay):
    with pytest.raises(services.NotInDelegation):
        assign(cast, world, room(stay.jinjiang, stay.b[0]))
