"""The demo's stay in Shanghai: two hotels with rooms held, a train each way, a bus a day,
and the approved people of the Qinghai delegation assigned (idempotent)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ..models import Attendee
from . import services
from .models import Bus, Hotel, RoomBlock, TravelGroup
from .selectors import attendees_to_plan


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_logistics_demo(delegation, by) -> None:
    edition = delegation.edition
    first, last = edition.opens_on - datetime.timedelta(days=1), edition.closes_on
    _hotels(delegation, first, last)
    there, back, buses = _travel(delegation, first, last)
    _assign(delegation, by, first, last, there, back, buses)


def _hotels(delegation, first, last) -> None:
    for name, address, room_type, rooms, rate in (
        ("上海锦江饭店", "上海市长乐路59号", "twin", 20, "560"),
        ("虹桥希尔顿酒店", "上海市闵行区申滨路", "single", 10, "780"),
    ):
        hotel, _created = Hotel.objects.get_or_create(
            delegation=delegation, name=name, defaults={"address": address}
        )
        night = first
        while night < last:
            RoomBlock.objects.get_or_create(
                hotel=hotel,
                night=night,
                room_type=room_type,
                defaults={"rooms": rooms, "rate": Decimal(rate)},
            )
            night += datetime.timedelta(days=1)


def _travel(delegation, first, last):
    edition = delegation.edition
    there, _created = TravelGroup.objects.get_or_create(
        delegation=delegation,
        number="G1918",
        departs_at=_at(first, 7),
        defaults={
            "direction": "there",
            "arrives_at": _at(first, 19),
            "from_place": "西宁",
            "to_place": "上海虹桥",
            "seats": 40,
            "fare": Decimal("1050"),
        },
    )
    back, _created = TravelGroup.objects.get_or_create(
        delegation=delegation,
        number="G1920",
        departs_at=_at(last, 9),
        defaults={
            "direction": "back",
            "arrives_at": _at(last, 21),
            "from_place": "上海虹桥",
            "to_place": "西宁",
            "seats": 40,
            "fare": Decimal("1050"),
        },
    )
    buses = [
        Bus.objects.get_or_create(
            delegation=delegation,
            day=edition.opens_on + datetime.timedelta(days=d),
            name="1号车",
            defaults={"capacity": 45, "route": "锦江饭店—国家会展中心"},
        )[0]
        for d in range((edition.closes_on - edition.opens_on).days + 1)
    ]
    return there, back, buses


def _assign(delegation, by, first, last, there, back, buses) -> None:
    approved = list(
        attendees_to_plan(delegation=delegation).filter(
            registration__status__in=("lead_approved", "reported")
        )
    )
    if (
        not approved
        or Attendee.objects.filter(plan__isnull=False, pk__in=[a.pk for a in approved]).exists()
    ):
        return
    hotel = Hotel.objects.get(delegation=delegation, name="上海锦江饭店")
    services.plans_assign(
        by=by,
        delegation=delegation,
        assignments=services.assignments_for(
            approved,
            hotel=hotel,
            room_type="twin",
            check_in=first,
            check_out=last,
            there=there,
            back=back,
            buses=buses,
        ),
    )
