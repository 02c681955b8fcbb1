"""The conflict rules of the stay, said once: the checker reads a whole delegation's plans
as plain tuples (a :class:`World`) and names the people each problem concerns.

The assignment service refuses a change whose world has a problem naming anyone it
assigns; the overview flags the problems of the world as it is (a registration rejected
after its tickets were booked, a room block the office shrank).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Registration
from .models import Direction, RoomType

DAY = datetime.timedelta(days=1)
# People arrive the day before the expo opens and leave at the latest the day after it closes.
ARRIVE_DAYS_BEFORE = 1
LEAVE_DAYS_AFTER = 1
REFUSED = (Registration.Status.REJECTED,)


@dataclass(frozen=True)
class StayRow:
    attendee: int
    hotel: int
    room_type: str
    check_in: datetime.date
    check_out: datetime.date
    shares_with: int | None = None

    def nights(self):
        night = self.check_in
        while night < self.check_out:
            yield night
            night += DAY


@dataclass(frozen=True)
class JourneyRow:
    attendee: int
    direction: str
    departs_at: datetime.datetime
    arrives_at: datetime.datetime
    group: int | None = None
    booked: bool = True


@dataclass(frozen=True)
class SeatRow:
    attendee: int
    bus: int
    day: datetime.date


@dataclass
class Problem:
    people: list[int]
    message: str
    hotel: int | None = None  # a room block's problem: which hotel


@dataclass
class World:
    """Everything the rules look at, for one delegation."""

    opens_on: datetime.date
    closes_on: datetime.date
    names: dict[int, str]
    statuses: dict[int, str]  # attendee -> registration status
    hotels: dict[int, str]
    blocks: dict[tuple[int, datetime.date, str], int]  # (hotel, night, type) -> rooms
    buses: dict[int, tuple[str, datetime.date, int]]  # bus -> (name, day, capacity)
    groups: dict[int, tuple[str, int | None]]  # group -> (number, seats)
    stays: list[StayRow] = field(default_factory=list)
    journeys: list[JourneyRow] = field(default_factory=list)
    seats: list[SeatRow] = field(default_factory=list)
    unshared: set = field(default_factory=set)  # stays left alone by a room-mate's move
    _twins: set | None = None

    def who(self, people) -> str:
        return "、".join(self.names.get(p, str(p)) for p in sorted(set(people)))


def problems(world: World) -> list[Problem]:
    found: list[Problem] = []
    for rule in (_planned_but_refused, _stay_dates, _two_rooms, _rooms, _journeys, _buses, _groups):
        found.extend(rule(world))
    return found


def _planned(world: World) -> set[int]:
    return (
        {s.attendee for s in world.stays}
        | {j.attendee for j in world.journeys}
        | {s.attendee for s in world.seats}
    )


def _planned_but_refused(world: World) -> list[Problem]:
    ticketed = {j.attendee for j in world.journeys if j.booked}
    out = []
    for person in sorted(_planned(world)):
        if world.statuses.get(person) in REFUSED:
            what = (
                _("has a ticket booked but the registration was rejected or withdrawn")
                if person in ticketed
                else _("is planned but the registration was rejected or withdrawn")
            )
            out.append(Problem([person], f"{world.who([person])} {what}"))
    return out


def _stay_dates(world: World) -> list[Problem]:
    earliest = world.opens_on - ARRIVE_DAYS_BEFORE * DAY
    latest = world.closes_on + LEAVE_DAYS_AFTER * DAY
    out = []
    for stay in world.stays:
        name = world.who([stay.attendee])
        if stay.check_out <= stay.check_in:
            out.append(
                Problem(
                    [stay.attendee],
                    _("%(who)s: check-out (%(out)s) is not after check-in (%(in)s)")
                    % {"who": name, "out": stay.check_out, "in": stay.check_in},
                )
            )
        elif stay.check_in < earliest or stay.check_out > latest:
            out.append(
                Problem(
                    [stay.attendee],
                    _(
                        "%(who)s: the stay %(in)s–%(out)s is outside the expo's dates "
                        "(arrive from %(earliest)s, leave by %(latest)s)"
                    )
                    % {
                        "who": name,
                        "in": stay.check_in,
                        "out": stay.check_out,
                        "earliest": earliest,
                        "latest": latest,
                    },
                )
            )
    return out


def _two_rooms(world: World) -> list[Problem]:
    where: dict[tuple[int, datetime.date], list[StayRow]] = defaultdict(list)
    for stay in world.stays:
        for night in stay.nights():
            where[(stay.attendee, night)].append(stay)
    reported = set()
    out = []
    for (person, night), stays in sorted(where.items(), key=lambda item: item[0][1]):
        if len(stays) > 1 and person not in reported:
            reported.add(person)
            out.append(
                Problem(
                    [person],
                    _("%(who)s is in two rooms on the night of %(night)s")
                    % {"who": world.who([person]), "night": night},
                )
            )
    return out


def _rooms(world: World) -> list[Problem]:
    """Rooms used per hotel, night and type (people sharing a twin room use one) against
    the block; a twin room holds two, a single one. The nights one shortage spans are
    said in one message."""
    guests: dict[tuple[int, datetime.date, str], dict[int, int | None]] = defaultdict(dict)
    for stay in world.stays:
        for night in stay.nights():
            guests[(stay.hotel, night, stay.room_type)][stay.attendee] = stay.shares_with
    out = []
    short: dict[tuple, list] = defaultdict(list)  # (hotel, type, people) -> [(night, held)]
    for key, people in sorted(guests.items(), key=lambda item: (item[0][1], item[0][0])):
        hotel, night, room_type = key
        rooms, problems_here = _rooms_used(world, key, people)
        out.extend(problems_here)
        held = world.blocks.get(key, 0)
        if len(rooms) > held:
            over = tuple(p for room in rooms[held:] for p in room)
            short[(hotel, room_type, over)].append((night, held))
    for (hotel, room_type, over), nights in short.items():
        out.append(
            Problem(
                list(over),
                _(
                    "%(hotel)s has no %(type)s left for %(who)s on the nights of %(nights)s "
                    "(%(held)d held)"
                )
                % {
                    "hotel": world.hotels.get(hotel, hotel),
                    "type": RoomType(room_type).label,
                    "who": world.who(over),
                    "nights": "、".join(night.isoformat() for night, _held in nights),
                    "held": min(held for _night, held in nights),
                },
                hotel=hotel,
            )
        )
    return out


def _rooms_used(world, key, people: dict[int, int | None]):
    """The rooms (lists of people, in order of who came first) and the sharing problems."""
    hotel, night, room_type = key
    parent = {p: p for p in people}

    def root(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    out = []
    for person, partner in people.items():
        if partner is None:
            continue
        if room_type != RoomType.TWIN:
            out.append(
                Problem(
                    [person],
                    _("%(who)s: only a twin room can be shared") % {"who": world.who([person])},
                )
            )
        elif partner not in people and (partner, hotel) in world_twins(world):
            continue  # the room-mate is not there that night: the room is used alone
        elif partner not in people:
            out.append(
                Problem(
                    [person, partner],
                    _(
                        "%(who)s shares with %(partner)s, who has no twin room at %(hotel)s on "
                        "the night of %(night)s"
                    )
                    % {
                        "who": world.who([person]),
                        "partner": world.who([partner]),
                        "hotel": world.hotels.get(hotel, hotel),
                        "night": night,
                    },
                )
            )
        else:
            parent[root(person)] = root(partner)
    rooms: dict[int, list[int]] = defaultdict(list)
    for person in people:
        rooms[root(person)].append(person)
    beds = 2 if room_type == RoomType.TWIN else 1
    for room in rooms.values():
        if len(room) > beds:
            out.append(
                Problem(
                    room,
                    _("%(who)s cannot all share one room on the night of %(night)s")
                    % {"who": world.who(room), "night": night},
                )
            )
    # In order of arrival in the world: those already placed keep their rooms.
    return list(rooms.values()), out


def world_twins(world: World) -> set[tuple[int, int]]:
    """(person, hotel) of everyone in a twin room at a hotel on some night."""
    if world._twins is None:
        world._twins = {(s.attendee, s.hotel) for s in world.stays if s.room_type == RoomType.TWIN}
    return world._twins


def _journeys(world: World) -> list[Problem]:
    by_person: dict[int, list[JourneyRow]] = defaultdict(list)
    for journey in world.journeys:
        by_person[journey.attendee].append(journey)
    out = []
    for person, journeys in by_person.items():
        for j in journeys:
            if j.arrives_at <= j.departs_at:
                out.append(
                    Problem(
                        [person],
                        _("%(who)s: a journey arrives before it departs")
                        % {"who": world.who([person])},
                    )
                )
        there = [j for j in journeys if j.direction == Direction.THERE]
        back = [j for j in journeys if j.direction == Direction.BACK]
        if there and back and back[0].departs_at < there[0].arrives_at:
            out.append(
                Problem(
                    [person],
                    _(
                        "%(who)s would be on two trains or flights at once: the return departs "
                        "before the journey there arrives"
                    )
                    % {"who": world.who([person])},
                )
            )
    return out


def _buses(world: World) -> list[Problem]:
    riders: dict[int, list[int]] = defaultdict(list)
    days: dict[tuple[int, datetime.date], int] = defaultdict(int)
    out = []
    for seat in world.seats:
        riders[seat.bus].append(seat.attendee)
        days[(seat.attendee, seat.day)] += 1
    for (person, day), count in days.items():
        if count > 1:
            out.append(
                Problem(
                    [person],
                    _("%(who)s is on two buses on %(day)s")
                    % {"who": world.who([person]), "day": day},
                )
            )
    for bus, people in riders.items():
        name, day, capacity = world.buses[bus]
        if len(people) > capacity:
            over = people[capacity:]
            out.append(
                Problem(
                    over,
                    _(
                        "Bus %(bus)s on %(day)s has %(seats)d seats for %(count)d people; no seat "
                        "for %(who)s"
                    )
                    % {
                        "bus": name,
                        "day": day,
                        "seats": capacity,
                        "count": len(people),
                        "who": world.who(over),
                    },
                )
            )
    return out


def _groups(world: World) -> list[Problem]:
    riders: dict[int, list[int]] = defaultdict(list)
    for journey in world.journeys:
        if journey.group is not None:
            riders[journey.group].append(journey.attendee)
    out = []
    for group, people in riders.items():
        number, seats = world.groups[group]
        if seats is not None and len(people) > seats:
            over = people[seats:]
            out.append(
                Problem(
                    over,
                    _(
                        "%(number)s has %(seats)d seats booked for %(count)d people; none for "
                        "%(who)s"
                    )
                    % {
                        "number": number,
                        "seats": seats,
                        "count": len(people),
                        "who": world.who(over),
                    },
                )
            )
    return out
