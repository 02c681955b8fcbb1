"""Reads of the stay: scoped querysets, the itinerary of a person, the figures for finance.

Scope: the office sees its delegation's plans; a lead its own sub-delegations' (read-only);
the registering unit its own people's itineraries; the national viewer everything. Outside
the scope is not found (404).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from delegations.models import Delegation, SubDelegation
from delegations.permissions import (  # noqa: F401  (Role, has_role: for the API)
    Role,
    delegations_managed_by,
    has_role,
    sees_everything,
)

from ..models import Attendee
from .conflicts import DAY
from .models import (
    AttendeePlan,
    BusSeat,
    Direction,
    Journey,
    Publication,
    RoomBlock,
    Stay,
    TicketState,
)


def delegations_for_logistics(user) -> QuerySet[Delegation]:
    """Delegations whose stay the user sees: the office its own, a lead those it leads in."""
    qs = Delegation.objects.select_related("edition", "office_unit")
    if sees_everything(user):
        return qs
    if has_role(user, Role.ORGANISER):
        return delegations_managed_by(user)
    if has_role(user, Role.LEAD):
        return qs.filter(sub_delegations__lead_agencies__units=user.unit_id).distinct()
    return qs.none()


def plans_visible_to(user) -> QuerySet[AttendeePlan]:
    qs = AttendeePlan.objects.select_related(
        "attendee__registration__unit", "sub_delegation", "delegation__edition"
    )
    if sees_everything(user):
        return qs
    if has_role(user, Role.ORGANISER):
        return qs.filter(delegation__office_unit=user.unit_id)
    if has_role(user, Role.LEAD):
        return qs.filter(sub_delegation__in=_lead_sub_delegations(user))
    if has_role(user, Role.REGISTRANT):
        return qs.filter(
            Q(attendee__registration__unit=user.unit_id)
            | Q(attendee__registration__registered_by=user)
        )
    return qs.none()


def _lead_sub_delegations(user):

    return SubDelegation.objects.filter(lead_agencies__units=user.unit_id).values("pk")


def sub_delegations_in_view(user, delegation: Delegation):
    """The sub-delegations of the delegation whose plans the user reads."""
    subs = delegation.sub_delegations.all()
    if has_role(user, Role.LEAD) and not sees_everything(user):
        subs = subs.filter(pk__in=_lead_sub_delegations(user))
    return subs


def with_parts(plans: QuerySet[AttendeePlan]) -> QuerySet[AttendeePlan]:
    return plans.prefetch_related(
        Prefetch("stays", queryset=Stay.objects.select_related("hotel", "shares_with")),
        Prefetch("journeys", queryset=Journey.objects.select_related("group")),
        Prefetch("seats", queryset=BusSeat.objects.select_related("bus")),
    )


def is_published(delegation_id: int) -> bool:
    return Publication.objects.filter(delegation=delegation_id).exists()


def attendees_to_plan(
    *,
    delegation: Delegation,
    sub_delegation=None,
    lead_agency=None,
    unit=None,
    status=None,
    q: str = "",
) -> QuerySet[Attendee]:
    """People of the delegation, narrowed as the list's filter says (for bulk assignment)."""
    qs = Attendee.objects.filter(
        registration__sub_delegation__delegation=delegation
    ).select_related("registration__sub_delegation", "registration__lead_agency")
    if sub_delegation:
        qs = qs.filter(registration__sub_delegation=sub_delegation)
    if lead_agency:
        qs = qs.filter(registration__lead_agency=lead_agency)
    if unit:
        qs = qs.filter(registration__unit=unit)
    if status:
        qs = qs.filter(registration__status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(registration__name__icontains=q))
    return qs.order_by("registration__sub_delegation__sort_order", "registration_id", "pk")


# -- itinerary -------------------------------------------------------------------------------


def itinerary_of(plan: AttendeePlan) -> dict:
    """What the attendee reads: journeys, hotel nights and room-mates, meals, buses."""
    journeys = sorted(plan.journeys.all(), key=lambda j: j.departs_at)
    return {
        "plan": plan,
        "attendee": plan.attendee,
        "there": next((j for j in journeys if j.direction == Direction.THERE), None),
        "back": next((j for j in journeys if j.direction == Direction.BACK), None),
        "stays": sorted(plan.stays.all(), key=lambda s: s.check_in),
        "seats": sorted(plan.seats.all(), key=lambda s: s.day),
    }


def itinerary_text(plan: AttendeePlan) -> str:
    """The itinerary's content as one line per part: what a change is measured against."""
    it = itinerary_of(plan)
    parts = [f"meals:{plan.meals}:{plan.dietary}"]
    for j in (it["there"], it["back"]):
        if j:
            parts.append(
                f"{j.direction}:{j.number}:{j.departs_at.isoformat()}:"
                f"{j.arrives_at.isoformat()}:{j.from_place}:{j.to_place}:{j.ticket}"
            )
    for s in it["stays"]:
        parts.append(
            f"stay:{s.hotel_id}:{s.room_type}:{s.check_in}:{s.check_out}:{s.shares_with_id}"
        )
    for seat in it["seats"]:
        parts.append(f"bus:{seat.bus_id}:{seat.day}")
    return "\n".join(parts)


# -- figures for finance ------------------------------------------------------------------


def figures(*, delegation: Delegation, sub_delegations=None) -> dict:
    """People in Shanghai per day, room-nights and cost per hotel and sub-delegation (a
    shared twin room counts once, its cost halved between the two), tickets booked.

    ``sub_delegations`` narrows everything to those (a lead's own)."""
    plans = AttendeePlan.objects.filter(delegation=delegation)
    if sub_delegations is not None:
        plans = plans.filter(sub_delegation__in=sub_delegations)
    names = dict(delegation.sub_delegations.values_list("pk", "name"))
    rates = {
        (h, n, t): rate
        for h, n, t, rate in RoomBlock.objects.filter(hotel__delegation=delegation).values_list(
            "hotel", "night", "room_type", "rate"
        )
    }
    counted = None if sub_delegations is None else set(plans.values_list("attendee", flat=True))
    hotels, subs, days = _room_figures(delegation, names, rates, counted)
    tickets = _tickets(plans, names)
    total_rooms = sum((r["room_nights"] for r in hotels.values()), Decimal(0))
    total_cost = sum((r["cost"] for r in hotels.values()), Decimal(0))
    return {
        "delegation": delegation,
        "days": sorted((day, len(people)) for day, people in days.items()),
        "hotels": sorted(hotels.items()),
        "sub_delegations": sorted(subs.items()),
        "tickets": tickets,
        "total": {
            "people": plans.count(),
            "room_nights": total_rooms,
            "room_cost": total_cost,
            "tickets": sum(t["tickets"] for t in tickets.values()),
            "ticket_cost": sum((t["cost"] for t in tickets.values()), Decimal(0)),
        },
    }


def _room_figures(delegation, names, rates, counted):
    """Room-nights and cost per hotel and sub-delegation, people per day; ``counted``
    narrows to those people (None: everyone)."""
    hotels, subs = defaultdict(_money_row), defaultdict(_money_row)
    days: dict[datetime.date, set[int]] = defaultdict(set)
    # Shares are read over the whole delegation: a room-mate may be in another sub-delegation.
    stays = list(
        Stay.objects.filter(plan__delegation=delegation).values_list(
            "plan__attendee",
            "plan__sub_delegation",
            "hotel",
            "hotel__name",
            "room_type",
            "check_in",
            "check_out",
            "shares_with",
        )
    )
    shared = _shared_nights(stays)
    for person, sub, hotel, hotel_name, room_type, check_in, check_out, _partner in stays:
        if counted is not None and person not in counted:
            continue
        night = check_in
        while night < check_out:
            share = Decimal("0.5") if (person, hotel, night) in shared else Decimal(1)
            cost = rates.get((hotel, night, room_type), Decimal(0)) * share
            for row in (hotels[hotel_name], subs[names.get(sub, sub)]):
                row["room_nights"] += share
                row["cost"] += cost
            days[night].add(person)
            night += DAY
        days[check_out].add(person)
    return hotels, subs, days


def _shared_nights(stays) -> set[tuple[int, int, datetime.date]]:
    """(person, hotel, night) of people sharing a twin room with someone there that night."""
    present: dict[tuple[int, datetime.date], set[int]] = defaultdict(set)
    pairs = []
    for person, _sub, hotel, _name, room_type, check_in, check_out, partner in stays:
        night = check_in
        while night < check_out:
            present[(hotel, night)].add(person)
            if partner and room_type == "twin":
                pairs.append((person, partner, hotel, night))
            night += DAY
    shared = set()
    for person, partner, hotel, night in pairs:
        if partner in present[(hotel, night)]:
            shared |= {(person, hotel, night), (partner, hotel, night)}
    return shared


def _money_row():
    return {"room_nights": Decimal(0), "cost": Decimal(0)}


def _tickets(plans, names) -> dict:
    out: dict[str, dict] = defaultdict(lambda: {"tickets": 0, "cost": Decimal(0)})
    for sub, fare in Journey.objects.filter(
        plan__in=plans,
        booked_by_delegation=True,
        ticket__in=[TicketState.BOOKED, TicketState.ISSUED],
    ).values_list("plan__sub_delegation", "fare"):
        row = out[names.get(sub, sub)]
        row["tickets"] += 1
        row["cost"] += fare
    return dict(sorted(out.items()))
