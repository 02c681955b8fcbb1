"""The delegation's stay: 7,000 attendees put in twin rooms at two hotels and on a bus
(50 seats) every day of the expo in one bulk assignment, through the service every page
uses (scope, approval, every conflict rule, pairing room-mates), against a bare bulk
insert of the same rows (plans, stays, bus seats). Aim: ≤ 3×.

Runs inside a transaction that is rolled back.
"""

import datetime
import os
import time
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from .registration_import import credit_code, resident_id

ATTENDEES = int(os.environ.get("LOGISTICS_BENCH_ATTENDEES", "7000"))
SEATS = 50
PER_FIRM = 3


class _Rollback(Exception):
    pass


def _world(attendees: int):
    from delegations.models import Delegation, Edition, LeadAgency, MemberUnit, SubDelegation, User
    from purchasers.logistics.models import Bus, Hotel, RoomBlock
    from purchasers.models import Attendee, Purchaser, Registration

    edition, _created = Edition.objects.get_or_create(
        number=97,
        defaults={
            "year": 2114,
            "opens_on": datetime.date(2114, 11, 5),
            "closes_on": datetime.date(2114, 11, 10),
        },
    )
    office = MemberUnit.objects.create(name="后勤商务厅")
    delegation = Delegation.objects.create(edition=edition, name="后勤交易团", office_unit=office)
    sub = SubDelegation.objects.create(delegation=delegation, name="后勤分团")
    agency = LeadAgency.objects.create(sub_delegation=sub, target=3000)
    organiser = User.objects.create(
        username="logistics-office", role=User.Role.ORGANISER, unit=office
    )
    firms = (attendees + PER_FIRM - 1) // PER_FIRM
    purchasers = Purchaser.objects.bulk_create(
        Purchaser(credit_code=credit_code(500_000 + i), name=f"后勤采购商{i}", kind="other")
        for i in range(firms)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            purchaser=p,
            edition=edition,
            sub_delegation=sub,
            lead_agency=agency,
            unit=office,
            registered_by=organiser,
            name=p.name,
            kind="other",
            status=Registration.Status.REPORTED,
        )
        for p in purchasers
    )
    people = Attendee.objects.bulk_create(
        Attendee(
            registration=registrations[i // PER_FIRM],
            edition=edition,
            name=f"人员{i}",
            id_number=resident_id(800_000 + i),
            phone="13900000000",
        )
        for i in range(attendees)
    )
    days = [edition.opens_on + datetime.timedelta(days=d) for d in range(6)]
    hotels = [Hotel.objects.create(delegation=delegation, name=f"酒店{h}") for h in range(2)]
    RoomBlock.objects.bulk_create(
        RoomBlock(
            hotel=h,
            night=edition.opens_on - datetime.timedelta(days=1) + d * (days[1] - days[0]),
            room_type="twin",
            rooms=attendees // 2 + 2,
            rate=Decimal("500"),
        )
        for h in hotels
        for d in range(6)
    )
    buses = {
        (day, n): Bus(delegation=delegation, day=day, name=f"{n + 1}号车", capacity=SEATS)
        for day in days
        for n in range((attendees + SEATS - 1) // SEATS)
    }
    Bus.objects.bulk_create(buses.values())
    return delegation, organiser, people, hotels, buses, days


def _assignments(people, hotels, buses, days, edition):
    from purchasers.logistics import services

    out = []
    for start in range(0, len(people), SEATS):
        chunk = people[start : start + SEATS]
        n = start // SEATS
        out += services.assignments_for(
            chunk,
            hotel=hotels[n % 2],
            room_type="twin",
            check_in=edition.opens_on - datetime.timedelta(days=1),
            check_out=edition.closes_on,
            buses=[buses[(day, n)] for day in days],
        )
    return out


def _bare(delegation, organiser, assignments) -> float:
    from purchasers.logistics.models import AttendeePlan, BusSeat, Stay

    started = time.perf_counter()
    with transaction.atomic():
        plans = AttendeePlan.objects.bulk_create(
            AttendeePlan(
                attendee=a.attendee,
                delegation=delegation,
                sub_delegation_id=a.attendee.registration.sub_delegation_id,
                updated_by=organiser,
            )
            for a in assignments
        )
        Stay.objects.bulk_create(
            (
                Stay(
                    plan=p,
                    hotel=s.hotel,
                    room_type=s.room_type,
                    check_in=s.check_in,
                    check_out=s.check_out,
                    shares_with=s.shares_with,
                )
                for p, a in zip(plans, assignments, strict=True)
                for s in a.stays
            ),
            batch_size=2000,
        )
        BusSeat.objects.bulk_create(
            (
                BusSeat(plan=p, bus=b, day=b.day)
                for p, a in zip(plans, assignments, strict=True)
                for b in a.buses
            ),
            batch_size=2000,
        )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def run():
    from purchasers.logistics import services
    from purchasers.logistics.models import BusSeat, Stay

    translation.activate("zh-hans")
    try:
        with transaction.atomic():
            delegation, organiser, people, hotels, buses, days = _world(ATTENDEES)
            people = list(
                type(people[0])
                .objects.filter(pk__in=[p.pk for p in people])
                .select_related("registration")
                .order_by("pk")
            )
            assignments = _assignments(people, hotels, buses, days, delegation.edition)
            bare = _bare(delegation, organiser, assignments)
            started = time.perf_counter()
            services.plans_assign(by=organiser, delegation=delegation, assignments=assignments)
            service = time.perf_counter() - started
            stays, seats = Stay.objects.count(), BusSeat.objects.count()
            assert stays >= ATTENDEES and seats >= ATTENDEES * len(days), (stays, seats)
            raise _Rollback
    except _Rollback:
        pass
    return [
        (
            f"stay: bulk assignment of {ATTENDEES:,} attendees ÷ bare bulk insert",
            service / bare,
            f"service {service:.2f}s, bare insert {bare:.2f}s ({ATTENDEES:,} plans and stays, "
            f"{ATTENDEES * len(days):,} bus seats; rolled back)",
        )
    ]
