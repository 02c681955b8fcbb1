"""A delegation's stay for the logistics tests: two hotels with rooms held, a train each
way, a bus per expo day, and approved people in both of A's sub-delegations."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from purchasers.logistics import services
from purchasers.logistics.models import RoomType
from purchasers.models import Registration

from ... import factories as f

NOV = lambda day: datetime.date(2022, 11, day)  # noqa: E731


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2022, 11, day, hour, minute))


def people(registration, *names):
    return [
        f.AttendeeFactory(registration=registration, name=name, email=f"p{i}-{name}@example.org")
        for i, name in enumerate(names)
    ]


@pytest.fixture
def stay(world, cast, registrations):
    for r in (registrations.s1, registrations.s1_firms, registrations.s2):
        r.status = Registration.Status.LEAD_APPROVED
        r.save()
    by = cast.organiser
    a = world.a
    jinjiang = services.hotel_save(by=by, delegation=a, name="锦江饭店")
    hilton = services.hotel_save(by=by, delegation=a, name="虹桥希尔顿")
    services.room_blocks_set(
        by=by,
        hotel=jinjiang,
        first_night=NOV(4),
        last_night=NOV(9),
        room_type=RoomType.TWIN,
        rooms=3,
        rate=Decimal("500"),
    )
    services.room_blocks_set(
        by=by,
        hotel=jinjiang,
        first_night=NOV(4),
        last_night=NOV(9),
        room_type=RoomType.SINGLE,
        rooms=2,
        rate=Decimal("400"),
    )
    services.room_blocks_set(
        by=by,
        hotel=hilton,
        first_night=NOV(4),
        last_night=NOV(9),
        room_type=RoomType.SINGLE,
        rooms=1,
        rate=Decimal("800"),
    )
    there = services.travel_group_save(
        by=by,
        delegation=a,
        direction="there",
        mode="train",
        number="G1234",
        departs_at=at(4, 8),
        arrives_at=at(4, 18),
        from_place="西宁",
        to_place="上海虹桥",
        seats=10,
        fare=Decimal("900"),
    )
    back = services.travel_group_save(
        by=by,
        delegation=a,
        direction="back",
        mode="train",
        number="G4321",
        departs_at=at(10, 9),
        arrives_at=at(10, 19),
        from_place="上海虹桥",
        to_place="西宁",
        seats=10,
        fare=Decimal("900"),
    )
    buses = {
        day: services.bus_save(by=by, delegation=a, day=NOV(day), name="1号车", capacity=3)
        for day in range(5, 11)
    }
    return SimpleNamespace(
        jinjiang=jinjiang,
        hilton=hilton,
        there=there,
        back=back,
        buses=buses,
        s1=people(registrations.s1, "张伟", "王芳", "李娜"),
        s1_firms=people(registrations.s1_firms, "刘洋"),
        s2=people(registrations.s2, "陈静", "杨磊"),
        b=people(registrations.b, "赵敏"),
    )


def room(hotel, attendee, *, check_in=4, check_out=10, room_type=RoomType.SINGLE, shares=None):
    return services.Assignment(
        attendee=attendee,
        stays=[
            services.StayWish(
                hotel=hotel,
                room_type=room_type,
                check_in=NOV(check_in),
                check_out=NOV(check_out),
                shares_with=shares,
            )
        ],
    )


# The real SMTP server of the reminder tests.
