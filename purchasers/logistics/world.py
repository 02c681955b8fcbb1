"""The world the conflict rules read: a delegation's plans as plain rows, in a few queries."""

from delegations.models import Delegation

from ..models import Attendee
from . import conflicts
from .models import AttendeePlan, Bus, BusSeat, Hotel, Journey, RoomBlock, Stay, TravelGroup


def world_of(delegation: Delegation) -> conflicts.World:
    plans = AttendeePlan.objects.filter(delegation=delegation)
    people = Attendee.objects.filter(plan__delegation=delegation).values_list(
        "pk", "name", "registration__status"
    )
    world = conflicts.World(
        opens_on=delegation.edition.opens_on,
        closes_on=delegation.edition.closes_on,
        names={pk: name for pk, name, _status in people},
        statuses={pk: status for pk, _name, status in people},
        hotels=dict(Hotel.objects.filter(delegation=delegation).values_list("pk", "name")),
        blocks={
            (h, n, t): r
            for h, n, t, r in RoomBlock.objects.filter(hotel__delegation=delegation).values_list(
                "hotel", "night", "room_type", "rooms"
            )
        },
        buses={
            pk: (name, day, cap)
            for pk, name, day, cap in Bus.objects.filter(delegation=delegation).values_list(
                "pk", "name", "day", "capacity"
            )
        },
        groups={
            pk: (number, seats)
            for pk, number, seats in TravelGroup.objects.filter(delegation=delegation).values_list(
                "pk", "number", "seats"
            )
        },
    )
    world.stays = [
        conflicts.StayRow(*row)
        for row in Stay.objects.filter(plan__in=plans)
        .order_by("pk")
        .values_list("plan__attendee", "hotel", "room_type", "check_in", "check_out", "shares_with")
    ]
    world.journeys = [
        conflicts.JourneyRow(*row)
        for row in Journey.objects.filter(plan__in=plans)
        .order_by("pk")
        .values_list(
            "plan__attendee",
            "direction",
            "departs_at",
            "arrives_at",
            "group",
            "booked_by_delegation",
        )
    ]
    world.seats = [
        conflicts.SeatRow(*row)
        for row in BusSeat.objects.filter(plan__in=plans)
        .order_by("pk")
        .values_list("plan__attendee", "bus", "day")
    ]
    return world
