"""The demo's editions, delegations with their structure, logins and deadlines."""

import datetime

from delegations.models import (
    Deadline,
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SubDelegation,
    User,
)

from .data import (
    DEMO_PASSWORD,
    EDITIONS,
    QINGHAI_SUB_DELEGATIONS,
    QINGHAI_UNITS,
    SHANGHAI_SUB_DELEGATIONS,
    SHANGHAI_UNITS,
    USERS,
)


def _unit(region: Region | None, name: str, name_en: str = "") -> MemberUnit:
    unit, _ = MemberUnit.objects.get_or_create(region=region, name=name)
    if name_en and unit.name_en != name_en:
        unit.name_en = name_en
        unit.save(update_fields=["name_en"])
    return unit


def add_editions() -> dict[int, Edition]:
    editions = {}
    for number, year, opens, closes, total in EDITIONS:
        editions[number], _ = Edition.objects.update_or_create(
            number=number,
            defaults={
                "year": year,
                "opens_on": datetime.date(year, 11, opens),
                "closes_on": datetime.date(year, 11, closes),
                "national_intended_usd": total,
            },
        )
    return editions


def _lead_agency(sub, order, unit_objs, target, focus, focus_en) -> LeadAgency:
    agency, _ = LeadAgency.objects.update_or_create(
        sub_delegation=sub,
        sort_order=order,
        defaults={"target": target, "focus": focus, "focus_en": focus_en},
    )
    agency.units.set(unit_objs)
    return agency


def add_qinghai(edition: Edition) -> Delegation:
    region = Region.objects.get(code="630000")
    units = {name: _unit(region, name, en) for name, en in QINGHAI_UNITS}
    office = units["省商务厅"]
    office.liaison_name, office.liaison_phone = "王利民", "0971-6321489"
    office.liaison_email = office.liaison_email or "qh-office@example.org"
    office.save()
    delegation, _ = Delegation.objects.update_or_create(
        edition=edition,
        region=region,
        defaults={
            "name": "青海交易团",
            "name_en": "Qinghai Trading Delegation",
            "office_unit": office,
            "office_contact_name": "王利民",
            "office_contact_phone": "0971-6321489",
            "registration_contact_name": "喇鸿娟",
            "registration_contact_phone": "0971-6317278",
        },
    )
    delegation.member_units.set(units.values())
    for order, (name, name_en, agencies) in enumerate(QINGHAI_SUB_DELEGATIONS, start=1):
        sub, _ = SubDelegation.objects.update_or_create(
            delegation=delegation,
            name=name,
            defaults={"name_en": name_en, "kind": SubDelegation.Kind.SECTOR, "sort_order": order},
        )
        for i, (unit_names, target, focus, focus_en) in enumerate(agencies):
            _lead_agency(sub, i, [units[n] for n in unit_names], target, focus, focus_en)
    return delegation


def add_shanghai(edition: Edition, *, continues: Delegation | None = None) -> Delegation:
    """Shanghai's delegation; its Qingpu group was 青浦分团 until the 6th edition and is
    青浦交易分团 from the 7th, continuing it (the lineage the roll-ups follow)."""
    region = Region.objects.get(code="310000")
    units = {name: _unit(region, name, en) for name, en in SHANGHAI_UNITS}
    delegation, _ = Delegation.objects.update_or_create(
        edition=edition,
        region=region,
        defaults={
            "name": "上海交易团",
            "name_en": "Shanghai Trading Delegation",
            "office_unit": units["市商务委"],
        },
    )
    delegation.member_units.set(units.values())
    for order, (name, name_en, kind, unit, target, focus, focus_en) in enumerate(
        SHANGHAI_SUB_DELEGATIONS, start=1
    ):
        previous = None
        if kind == SubDelegation.Kind.DISTRICT and edition.number < 7:
            name, name_en = "青浦分团", "Qingpu"
        if continues is not None:
            previous = continues.sub_delegations.filter(sort_order=order).first()
        sub, _ = SubDelegation.objects.update_or_create(
            delegation=delegation,
            name=name,
            defaults={"name_en": name_en, "kind": kind, "sort_order": order, "continues": previous},
        )
        _lead_agency(sub, 0, [units[unit]], target, focus, focus_en)
    return delegation


def add_users() -> dict[str, User]:
    users = {}
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users["admin"] = admin
    for username, role, region_code, unit_name, last, first in USERS:
        unit = (
            MemberUnit.objects.get(region__code=region_code, name=unit_name) if unit_name else None
        )
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": unit,
                "last_name": last,
                "first_name": first,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


def add_deadlines(edition: Edition, qinghai: Delegation, organiser: User) -> None:
    """The bureau's dates for the 5th edition, and the Qinghai office's earlier one."""
    for kind, due in [
        (Deadline.Kind.REGISTRATION, datetime.date(2022, 9, 30)),
        (Deadline.Kind.REVIEW, datetime.date(2022, 10, 15)),
        (Deadline.Kind.DEAL_FIGURES, datetime.date(2022, 11, 20)),
        (Deadline.Kind.FOLLOW_UP, datetime.date(2023, 5, 31)),
    ]:
        Deadline.objects.update_or_create(
            edition=edition, delegation=None, lead_agency=None, kind=kind,
            defaults={"due_on": due, "set_by": organiser},
        )  # fmt: skip
    Deadline.objects.update_or_create(
        edition=edition, delegation=qinghai, lead_agency=None, kind=Deadline.Kind.REGISTRATION,
        defaults={"due_on": datetime.date(2022, 9, 20), "set_by": organiser,
                  "note": "倒排时间表：省内提前十天截止"},
    )  # fmt: skip
