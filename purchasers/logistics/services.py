"""Writes of the stay in Shanghai: what the office declares, and the one assignment service
that single edits, bulk assignment, the spreadsheet and the API all go through.

An assignment replaces, for each person it names, the parts it carries (stays, the journey
there, the journey back, bus seats, meals); parts left ``None`` stay as they are. The new
state of the whole delegation is checked by ``conflicts.problems``; a problem naming any
person assigned refuses the whole assignment (all or nothing), naming the people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue_after_commit
from delegations.capabilities import check
from delegations.models import Delegation

from ..models import Attendee
from ..permissions import APPROVED_STATUSES
from . import conflicts, tasks
from .models import (
    AttendeePlan,
    Bus,
    BusSeat,
    Direction,
    Hotel,
    Journey,
    Meals,
    Mode,
    Publication,
    RoomBlock,
    RoomType,
    Stay,
    TicketState,
    TravelGroup,
)
from .world import world_of


class LogisticsError(Exception):
    """Refused by the state of things; ``problems`` name the people concerned."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class NotInDelegation(Exception):
    """A person or a hotel, group or bus of another delegation: answered as not found."""


@dataclass
class StayWish:
    hotel: Hotel
    room_type: str
    check_in: datetime.date
    check_out: datetime.date
    shares_with: Attendee | None = None


@dataclass
class JourneyWish:
    group: TravelGroup | None = None
    mode: str = Mode.TRAIN
    number: str = ""
    departs_at: datetime.datetime | None = None
    arrives_at: datetime.datetime | None = None
    from_place: str = ""
    to_place: str = ""
    booked_by_delegation: bool = True
    ticket: str = TicketState.NOT_BOOKED
    fare: Decimal | None = None

    def fields(self) -> dict:
        g = self.group
        return {
            "group": g,
            "mode": g.mode if g else self.mode,
            "number": g.number if g else self.number,
            "departs_at": g.departs_at if g else self.departs_at,
            "arrives_at": g.arrives_at if g else self.arrives_at,
            "from_place": g.from_place if g else self.from_place,
            "to_place": g.to_place if g else self.to_place,
            "booked_by_delegation": True if g else self.booked_by_delegation,
            "ticket": self.ticket,
            "fare": self.fare if self.fare is not None else (g.fare if g else Decimal(0)),
        }


# ``CLEAR`` as a journey removes it; ``None`` leaves it.
CLEAR = JourneyWish()


@dataclass
class Assignment:
    attendee: Attendee
    stays: list[StayWish] | None = None
    there: JourneyWish | None = None
    back: JourneyWish | None = None
    buses: list[Bus] | None = None
    meals: str | None = None
    dietary: str | None = None


# -- what the office declares ------------------------------------------------------------


def hotel_save(*, by, delegation: Delegation, name: str, address: str = "", phone: str = ""):
    check(by, "logistics.plan", delegation)
    hotel, _created = Hotel.objects.update_or_create(
        delegation=delegation, name=name.strip(), defaults={"address": address, "phone": phone}
    )
    return hotel


@transaction.atomic
def room_blocks_set(
    *, by, hotel: Hotel, first_night, last_night, room_type: str, rooms: int, rate: Decimal
) -> list[RoomBlock]:
    """Hold ``rooms`` rooms of a type every night from ``first_night`` to ``last_night``.

    Fewer rooms than the people already placed need is refused, naming those left without."""
    check(by, "logistics.plan", hotel)
    _lock_delegation(hotel.delegation_id)
    if last_night < first_night:
        raise LogisticsError([_("The last night is before the first night.")])
    blocks, night = [], first_night
    while night <= last_night:
        block, _created = RoomBlock.objects.update_or_create(
            hotel=hotel,
            night=night,
            room_type=room_type,
            defaults={"rooms": rooms, "rate": rate},
        )
        blocks.append(block)
        night += conflicts.DAY
    found = conflicts.problems(world_of(hotel.delegation))
    over = [p.message for p in found if p.hotel == hotel.pk]
    if over:
        raise LogisticsError(over)
    return blocks


def travel_group_save(*, by, delegation: Delegation, **fields) -> TravelGroup:
    check(by, "logistics.plan", delegation)
    if fields["arrives_at"] <= fields["departs_at"]:
        raise LogisticsError([_("The train or flight arrives before it departs.")])
    return TravelGroup.objects.create(delegation=delegation, **fields)


def bus_save(*, by, delegation: Delegation, **fields) -> Bus:
    check(by, "logistics.plan", delegation)
    return Bus.objects.create(delegation=delegation, **fields)


# -- the world as it is ------------------------------------------------------------------


def _lock_delegation(delegation_id: int) -> Delegation:
    """Assignments in one delegation take turns: capacity is checked against what is."""
    return Delegation.objects.select_for_update().select_related("edition").get(pk=delegation_id)


# -- assignment: one service for one person, a bulk selection, a sheet, the API ---------------


def _refusals(assignments, rows, override_reason: str) -> list[str]:
    out = []
    for _attendee, name, status, _sub in rows:
        if status in conflicts.REFUSED:
            out.append(
                _(
                    "%(who)s: the registration was rejected or withdrawn; nothing can be "
                    "planned or booked"
                )
                % {"who": name}
            )
        elif status not in APPROVED_STATUSES and not override_reason.strip():
            out.append(
                _(
                    "%(who)s: the registration is not approved yet; give a reason to plan "
                    "the person anyway"
                )
                % {"who": name}
            )
    return out


def _own(delegation, things) -> None:
    if any(t is not None and t.delegation_id != delegation.pk for t in things):
        raise NotInDelegation


def _new_world(world, by_person: dict[int, Assignment]) -> conflicts.World:
    """The world with each assignment's parts in place of the person's current ones."""

    def replaced(rows, part):
        return [r for r in rows if not (r.attendee in by_person and part(by_person[r.attendee]))]

    world.stays = replaced(world.stays, lambda a: a.stays is not None)
    world.unshared = _left_alone(world.stays, by_person)
    world.stays = [
        conflicts.StayRow(s.attendee, s.hotel, s.room_type, s.check_in, s.check_out, None)
        if (s.attendee, s.hotel, s.shares_with) in world.unshared
        else s
        for s in world.stays
    ]
    world.seats = replaced(world.seats, lambda a: a.buses is not None)
    world.journeys = [
        j
        for j in world.journeys
        if not (j.attendee in by_person and getattr(by_person[j.attendee], j.direction) is not None)
    ]
    for person, a in by_person.items():
        for s in a.stays or ():
            world.stays.append(
                conflicts.StayRow(
                    person,
                    s.hotel.pk,
                    s.room_type,
                    s.check_in,
                    s.check_out,
                    s.shares_with.pk if s.shares_with else None,
                )
            )
        for direction in Direction.values:
            wish = getattr(a, direction)
            if wish is not None and wish is not CLEAR:
                f = wish.fields()
                world.journeys.append(
                    conflicts.JourneyRow(
                        person,
                        direction,
                        f["departs_at"],
                        f["arrives_at"],
                        f["group"].pk if f["group"] else None,
                        f["booked_by_delegation"],
                    )
                )
        for bus in a.buses or ():
            world.seats.append(conflicts.SeatRow(person, bus.pk, bus.day))
    return world


def _left_alone(stays, by_person) -> set[tuple[int, int, int]]:
    """Others' stays sharing with someone who moves out of that hotel's twin rooms:
    they keep the room alone (attendee, hotel, partner)."""
    moving = {
        pk: {s.hotel.pk for s in a.stays if s.room_type == RoomType.TWIN}
        for pk, a in by_person.items()
        if a.stays is not None
    }
    return {
        (s.attendee, s.hotel, s.shares_with)
        for s in stays
        if s.shares_with in moving and s.hotel not in moving[s.shares_with]
    }


@transaction.atomic
def plans_assign(
    *, by, delegation: Delegation, assignments: list[Assignment], override_reason: str = ""
) -> list[AttendeePlan]:
    """Assign people to rooms, trains, buses and meals, all or nothing (see the module)."""
    check(by, "logistics.plan", delegation)
    delegation = _lock_delegation(delegation.pk)
    by_person = {a.attendee.pk: a for a in assignments}
    rows = list(
        Attendee.objects.filter(
            pk__in=by_person, registration__sub_delegation__delegation=delegation
        ).values_list("pk", "name", "registration__status", "registration__sub_delegation")
    )
    if len(rows) != len(by_person):
        raise NotInDelegation
    for a in assignments:
        _own(delegation, [s.hotel for s in a.stays or ()])
        _own(delegation, list(a.buses or ()))
        _own(delegation, [w.group for w in (a.there, a.back) if w is not None])
    refused = _refusals(assignments, rows, override_reason)
    world = world_of(delegation)
    partners = {
        s.shares_with.pk: s.shares_with
        for a in assignments
        for s in a.stays or ()
        if s.shares_with is not None
    }
    for pk, name, status in Attendee.objects.filter(pk__in=partners).values_list(
        "pk", "name", "registration__status"
    ):
        world.names.setdefault(pk, name)
        world.statuses.setdefault(pk, status)
    for pk, name, status, _sub in rows:
        world.names[pk], world.statuses[pk] = name, status
    world = _new_world(world, by_person)
    found = conflicts.problems(world)
    refused += [p.message for p in found if set(p.people) & by_person.keys()]
    if refused:
        raise LogisticsError(list(dict.fromkeys(refused)))
    plans = _write_plans(
        by=by,
        delegation=delegation,
        by_person=by_person,
        rows=rows,
        override_reason=override_reason,
    )
    plans += _unshare(world.unshared)
    if Publication.objects.filter(delegation=delegation).exists():
        enqueue_after_commit(
            tasks.send_itineraries_task, kwargs={"plan_ids": [p.pk for p in plans]}
        )
    return plans


def _unshare(unshared) -> list[AttendeePlan]:
    """Room-mates of people who moved out keep their room alone; their plans changed too."""
    touched = []
    for attendee, hotel, partner in unshared:
        Stay.objects.filter(plan__attendee=attendee, hotel=hotel, shares_with=partner).update(
            shares_with=None
        )
        touched.append(attendee)
    return list(AttendeePlan.objects.filter(attendee__in=touched))


def _write_plans(*, by, delegation, by_person, rows, override_reason) -> list[AttendeePlan]:
    """Create the missing plans with their values; update the existing ones by group of
    equal values (a bulk selection has one or a few), so statements do not grow with rows."""
    existing = {p.attendee_id: p for p in AttendeePlan.objects.filter(attendee__in=by_person)}
    approved = {pk for pk, _n, status, _s in rows if status in APPROVED_STATUSES}
    now = timezone.now()
    groups: dict[tuple, list[int]] = defaultdict(list)
    new = []
    for pk, _name, _status, sub in rows:
        a, plan = by_person[pk], existing.get(pk)
        values = {
            "sub_delegation_id": sub,
            "meals": a.meals if a.meals is not None else (plan.meals if plan else Meals.FULL),
            "dietary": a.dietary if a.dietary is not None else (plan.dietary if plan else ""),
            "override_reason": "" if pk in approved else override_reason.strip()[:200],
        }
        if plan is None:
            new.append(AttendeePlan(attendee_id=pk, delegation=delegation, updated_by=by, **values))
        else:
            groups[tuple(sorted(values.items()))].append(plan.pk)
            for field, value in values.items():
                setattr(plan, field, value)
    AttendeePlan.objects.bulk_create(new, batch_size=2000)
    for values, pks in groups.items():
        AttendeePlan.objects.filter(pk__in=pks).update(
            **dict(values), updated_by=by, updated_at=now
        )
    plans = {**existing, **{p.attendee_id: p for p in new}}
    _replace_parts(plans, by_person)
    return list(plans.values())


def _replace_parts(plans: dict[int, AttendeePlan], by_person: dict[int, Assignment]) -> None:
    def touched(part):
        return [plans[pk].pk for pk, a in by_person.items() if part(a) is not None]

    Stay.objects.filter(plan__in=touched(lambda a: a.stays)).delete()
    BusSeat.objects.filter(plan__in=touched(lambda a: a.buses)).delete()
    for direction in Direction.values:
        Journey.objects.filter(
            plan__in=touched(lambda a, d=direction: getattr(a, d)), direction=direction
        ).delete()
    stays, seats, journeys = [], [], []
    for pk, a in by_person.items():
        plan = plans[pk]
        stays += [
            Stay(
                plan=plan,
                hotel=s.hotel,
                room_type=s.room_type,
                check_in=s.check_in,
                check_out=s.check_out,
                shares_with=s.shares_with,
            )
            for s in a.stays or ()
        ]
        seats += [BusSeat(plan=plan, bus=b, day=b.day) for b in a.buses or ()]
        for direction in Direction.values:
            wish = getattr(a, direction)
            if wish is not None and wish is not CLEAR:
                journeys.append(Journey(plan=plan, direction=direction, **wish.fields()))
    Stay.objects.bulk_create(stays, batch_size=2000)
    BusSeat.objects.bulk_create(seats, batch_size=2000)
    Journey.objects.bulk_create(journeys, batch_size=2000)


def pair_for_twin_rooms(attendees: list[Attendee]) -> dict[int, Attendee | None]:
    """Who shares with whom when many are put in twin rooms at once: colleagues of one
    registration two by two, in the order given; an odd one out has the room alone."""
    partner: dict[int, Attendee | None] = {}
    by_registration: dict[int, list[Attendee]] = {}
    for attendee in attendees:
        by_registration.setdefault(attendee.registration_id, []).append(attendee)
    leftovers = []
    for people in by_registration.values():
        if len(people) % 2:
            leftovers.append(people.pop())
        for first, second in zip(people[::2], people[1::2], strict=True):
            partner[first.pk], partner[second.pk] = second, first
    for first, second in zip(leftovers[::2], leftovers[1::2], strict=False):
        partner[first.pk], partner[second.pk] = second, first
    if len(leftovers) % 2:
        partner[leftovers[-1].pk] = None
    return partner


@transaction.atomic
def tickets_set(*, by, group: TravelGroup, state: str) -> int:
    """The railway or airline booked (or issued) the group's tickets."""
    check(by, "logistics.plan", group)
    return Journey.objects.filter(group=group).update(ticket=state)


@transaction.atomic
def plans_publish(*, by, delegation: Delegation) -> Publication:
    """From now on attendees get their itineraries by email, and again on each change."""
    check(by, "logistics.plan", delegation)
    publication, _created = Publication.objects.update_or_create(
        delegation=delegation, defaults={"published_at": timezone.now(), "published_by": by}
    )

    plan_ids = list(AttendeePlan.objects.filter(delegation=delegation).values_list("pk", flat=True))
    enqueue_after_commit(tasks.send_itineraries_task, kwargs={"plan_ids": plan_ids})
    return publication


def assignments_for(
    attendees: list[Attendee],
    *,
    hotel=None,
    room_type=RoomType.SINGLE,
    check_in=None,
    check_out=None,
    there=None,
    back=None,
    buses=None,
    meals=None,
    dietary=None,
) -> list[Assignment]:
    """The same parts for many people (a bulk selection); people in twin rooms are paired
    with a colleague. A part not given (None, or no buses) is left as it is."""
    partner = pair_for_twin_rooms(attendees) if hotel and room_type == RoomType.TWIN else {}
    out = []
    for attendee in attendees:
        stays = None
        if hotel is not None:
            stays = [
                StayWish(
                    hotel=hotel,
                    room_type=room_type,
                    check_in=check_in,
                    check_out=check_out,
                    shares_with=partner.get(attendee.pk),
                )
            ]
        out.append(
            Assignment(
                attendee=attendee,
                stays=stays,
                there=JourneyWish(group=there) if there else None,
                back=JourneyWish(group=back) if back else None,
                buses=list(buses) if buses else None,
                meals=meals or None,
                dietary=dietary or None,
            )
        )
    return out
