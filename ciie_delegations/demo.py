"""Demo data: the Qinghai delegation to the 5th CIIE as its work plan sets it up, a Shanghai
delegation with three of its sub-delegations, the national totals of every edition, a
handful of purchasers and one login per role. Loading it twice changes nothing.

Sources: ``shared/seeds/004_*.txt`` (青海省组团参加第五届进博会工作方案) and the news
reports beside it.
"""

import contextlib
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from deals.models import Deal, ExchangeRate, Exhibitor
from deals.money import RateQuote, usd_from, usd_per_unit
from deals.rollups.services import rollup_recompute
from delegations.models import (
    Deadline,
    Delegation,
    Edition,
    LeadAgency,
    MemberUnit,
    Region,
    SubDelegation,
    User,
    Zone,
)
from delegations.validators import credit_code_check_char, resident_id_check_char
from purchasers.badges.demo import load_badges
from purchasers.logistics.demo import load_logistics_demo
from purchasers.models import Attendee, Purchaser, Registration

DEMO_PASSWORD = "ciie-demo-2026"

# Edition number, year, opening and closing day in November, national intended deals
# (USD, one-year basis) as the organisers announced them.
EDITIONS = [
    (1, 2018, 5, 10, Decimal("57830000000")),
    (2, 2019, 5, 10, Decimal("71130000000")),
    (3, 2020, 4, 10, Decimal("72620000000")),
    (4, 2021, 5, 10, Decimal("70720000000")),
    (5, 2022, 5, 10, Decimal("73520000000")),
    (6, 2023, 5, 10, Decimal("78410000000")),
    (7, 2024, 5, 10, Decimal("80010000000")),
    # Announced by the bureau; no delegation has started it yet (the set-up pages do).
    (8, 2025, 5, 10, None),
]

QINGHAI_UNITS = [
    ("省委宣传部", "Publicity Department of the Provincial Party Committee"),
    ("省教育厅", "Department of Education"),
    ("省科技厅", "Department of Science and Technology"),
    ("省工业和信息化厅", "Department of Industry and Information Technology"),
    ("省公安厅", "Department of Public Security"),
    ("省财政厅", "Department of Finance"),
    ("省生态环境厅", "Department of Ecology and Environment"),
    ("省农业农村厅", "Department of Agriculture and Rural Affairs"),
    ("省商务厅", "Department of Commerce"),
    ("省文化和旅游厅", "Department of Culture and Tourism"),
    ("省卫生健康委", "Health Commission"),
    ("省外事办", "Foreign Affairs Office"),
    ("省市场监管局", "Administration for Market Regulation"),
    ("省药品监管局", "Medical Products Administration"),
    ("省工商联", "Federation of Industry and Commerce"),
    ("省国资委", "State-owned Assets Supervision and Administration Commission"),
    ("西宁海关", "Xining Customs"),
    ("中铁青藏集团公司", "China Railway Qinghai-Tibet Group"),
]

# Sub-delegation, English name, then its lead agencies: (units, target, focus, focus_en).
QINGHAI_SUB_DELEGATIONS = [
    (
        "商贸分团",
        "Commerce",
        [
            (
                ["省商务厅"],
                70,
                "商务领域重点企业和机构（含文旅厅、工商联组织的企业）",
                "Key firms and bodies in commerce, with those of culture and tourism and the "
                "federation of industry and commerce",
            ),
        ],
    ),
    (
        "教育分团",
        "Education",
        [
            (
                ["省教育厅"],
                4,
                "高等教育、职业教育院校和有关机构",
                "Universities, vocational schools and related bodies",
            ),
        ],
    ),
    (
        "科技分团",
        "Science and Technology",
        [
            (["省科技厅"], 15, "重点企业、科研机构", "Key firms and research institutes"),
        ],
    ),
    (
        "工业分团",
        "Industry",
        [
            (
                ["省工业和信息化厅", "省国资委"],
                15,
                "省属国有及国有控股企业、经济技术开发区重点工业企业",
                "Provincial state-owned firms and key industrial firms of development zones",
            ),
        ],
    ),
    (
        "生态环保分团",
        "Ecology and Environment",
        [
            (
                ["省生态环境厅"],
                20,
                "生态环保产业重点企业、机构",
                "Key firms and bodies of the environmental industry",
            ),
        ],
    ),
    (
        "农牧分团",
        "Agriculture and Animal Husbandry",
        [
            (
                ["省农业农村厅"],
                20,
                "农牧业领域企业和行业协会",
                "Farming and herding firms and trade associations",
            ),
        ],
    ),
    (
        "卫生分团",
        "Health",
        [
            (["省卫生健康委"], 10, "重点医院和研究机构", "Key hospitals and research institutes"),
            (
                ["省药品监管局"],
                20,
                "药品和医疗器械领域企业和行业协会",
                "Pharmaceutical and medical device firms and trade associations",
            ),
        ],
    ),
]

SHANGHAI_UNITS = [
    ("市商务委", "Municipal Commission of Commerce"),
    ("市国资委", "Municipal State-owned Assets Supervision and Administration Commission"),
    ("青浦区人民政府", "Qingpu District Government"),
    ("市政府合作交流办", "Municipal Office for Cooperation and Exchange"),
]

# Targets for Shanghai are illustrative; the reports give the partner group's 300+ firms.
SHANGHAI_SUB_DELEGATIONS = [
    (
        "国资分团",
        "State-owned Enterprises",
        SubDelegation.Kind.STATE_OWNED,
        "市国资委",
        60,
        "市属国有企业",
        "Municipal state-owned enterprises",
    ),
    (
        "青浦交易分团",
        "Qingpu",
        SubDelegation.Kind.DISTRICT,
        "青浦区人民政府",
        100,
        "青浦区企业",
        "Firms of Qingpu district",
    ),
    (
        "合作交流采购团",
        "Partner Purchasing Group",
        SubDelegation.Kind.PARTNER_GROUP,
        "市政府合作交流办",
        300,
        "各地在沪企业（商会）",
        "Firms of other provinces in Shanghai",
    ),
]

# username, role, region code, unit name, family name, given name
USERS = [
    ("qh_office", User.Role.ORGANISER, "630000", "省商务厅", "王", "利民"),
    ("qh_health", User.Role.LEAD, "630000", "省卫生健康委", "马", "医"),
    ("qh_drugs", User.Role.LEAD, "630000", "省药品监管局", "谢", "药"),
    ("qh_industry", User.Role.LEAD, "630000", "省工业和信息化厅", "何", "工"),
    ("qh_commerce", User.Role.LEAD, "630000", "省商务厅", "杨", "商"),
    ("qh_tourism", User.Role.REGISTRANT, "630000", "省文化和旅游厅", "马", "旅"),
    ("qh_staff", User.Role.REGISTRANT, "630000", "省商务厅", "喇", "登记"),
    ("qh_credit", User.Role.CREDIT_CHECKER, "630000", "省市场监管局", "韩", "信用"),
    ("qh_police", User.Role.BACKGROUND_CHECKER, "630000", "省公安厅", "祁", "政审"),
    ("sh_office", User.Role.ORGANISER, "310000", "市商务委", "陈", "沪"),
    ("sh_soe", User.Role.LEAD, "310000", "市国资委", "贺", "国资"),
    ("bureau", User.Role.NATIONAL_VIEWER, None, None, "进博", "局"),
    ("bureau_admin", User.Role.NATIONAL_ADMIN, None, None, "进博", "管理"),
]

# name, kind, industry, sub-delegation, lead-agency index, registering unit, status
PURCHASERS = [
    (
        "西宁湟水商贸有限公司",
        "wholesale_retail",
        "批发零售",
        "商贸分团",
        0,
        "省文化和旅游厅",
        Registration.Status.SUBMITTED,
    ),
    (
        "青海高原牧业有限公司",
        "agriculture",
        "农牧业",
        "农牧分团",
        0,
        "省农业农村厅",
        Registration.Status.DRAFT,
    ),
    (
        "青海昆仑示范医院",
        "hospital",
        "医疗卫生",
        "卫生分团",
        0,
        "省卫生健康委",
        Registration.Status.SUBMITTED,
    ),
    (
        "海东河湟医疗器械有限公司",
        "distributor",
        "医疗器械",
        "卫生分团",
        1,
        "省药品监管局",
        Registration.Status.LEAD_APPROVED,
    ),
    (
        "青海柴达木盐化股份有限公司",
        "manufacturer",
        "化工",
        "工业分团",
        0,
        "省国资委",
        Registration.Status.REPORTED,
    ),
    (
        "青海三江源生态科技有限公司",
        "environment",
        "生态环保",
        "生态环保分团",
        0,
        "省生态环境厅",
        Registration.Status.SUBMITTED,
    ),
    (
        "青海雪域文旅发展有限公司",
        "culture_tourism",
        "文化旅游",
        "商贸分团",
        0,
        "省文化和旅游厅",
        Registration.Status.DRAFT,
    ),
]


def demo_credit_code(seq: int) -> str:
    """A valid code of a fictitious firm registered in Xining (630100)."""
    first17 = f"91630100MA{seq:07d}"
    return first17 + credit_code_check_char(first17)


def demo_resident_id(seq: int) -> str:
    first17 = f"630102{1970 + seq:04d}0315{seq:03d}"
    return first17 + resident_id_check_char(first17)


def _unit(region: Region | None, name: str, name_en: str = "") -> MemberUnit:
    unit, _ = MemberUnit.objects.get_or_create(region=region, name=name)
    if name_en and unit.name_en != name_en:
        unit.name_en = name_en
        unit.save(update_fields=["name_en"])
    return unit


def _editions() -> dict[int, Edition]:
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


def _qinghai(edition: Edition) -> Delegation:
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


def _shanghai(edition: Edition, *, continues: Delegation | None = None) -> Delegation:
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


def _qingpu_deals(delegation: Delegation, amounts: list[str], by: User) -> None:
    """Orders of Qingpu firms, so that its year on year shows across the renaming."""
    sub = delegation.sub_delegations.get(kind=SubDelegation.Kind.DISTRICT)
    agency = sub.lead_agencies.get()
    for i, amount in enumerate(amounts):
        first17 = f"91310118MA{delegation.edition.number * 1000 + i:07d}"
        purchaser, _ = Purchaser.objects.update_or_create(
            credit_code=first17 + credit_code_check_char(first17),
            defaults={
                "name": f"青浦示例企业{delegation.edition.number}-{i + 1}",
                "kind": Purchaser.Kind.IMPORT_TRADER,
                "region": delegation.region,
                "contact_name": "联系人",
                "contact_phone": "021-59730000",
            },
        )
        registration, _ = Registration.objects.update_or_create(
            purchaser=purchaser,
            edition=delegation.edition,
            defaults={
                "sub_delegation": sub,
                "lead_agency": agency,
                "unit": agency.units.get(),
                "registered_by": by,
                "status": Registration.Status.REPORTED,
            },
        )
        _demo_deal(
            registration, seq=2000 + i, amount_usd=amount, zone=ZONE_CYCLE[i % 6],
            country="日本", by=by,
        )  # fmt: skip


def _users() -> dict[str, User]:
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


def _purchasers(delegation: Delegation, users: dict[str, User]) -> None:
    registrant = users["qh_tourism"]
    for seq, (name, kind, industry, sub_name, agency_index, unit_name, status) in enumerate(
        PURCHASERS, start=1
    ):
        details = {
            "name": name,
            "kind": kind,
            "industry": industry,
            "region": delegation.region,
            "address": "青海省西宁市",
            "contact_name": "联系人",
            "contact_phone": f"139970{seq:05d}",
        }
        purchaser, _ = Purchaser.objects.update_or_create(
            credit_code=demo_credit_code(seq), defaults=details
        )
        sub = delegation.sub_delegations.get(name=sub_name)
        registration, _ = Registration.objects.update_or_create(
            purchaser=purchaser,
            edition=delegation.edition,
            defaults={
                **details,
                "sub_delegation": sub,
                "lead_agency": sub.lead_agencies.all()[agency_index],
                "unit": MemberUnit.objects.get(region=delegation.region, name=unit_name),
                "registered_by": registrant,
                "status": status,
            },
        )
        Attendee.objects.update_or_create(
            edition=delegation.edition,
            id_type=Attendee.IdType.RESIDENT_ID,
            id_number=demo_resident_id(seq),
            defaults={
                "registration": registration,
                "name": f"参会人{seq}",
                "phone": f"138970{seq:05d}",
                "title": "采购经理",
            },
        )


ZONE_CYCLE = ["equipment", "automobile", "consumer", "medical", "services", "food"]


def _demo_deal(
    registration, *, seq, amount_usd=None, amount=None, zone, country, by, currency="USD",
    rate=None,
):  # fmt: skip
    """A deal in USD, or in another currency at the office's rate (``ExchangeRate``)."""
    if rate is None:
        rate_value, quote, usd_rate = Decimal(1), RateQuote.USD_PER_UNIT, Decimal(1)
        amount = Decimal(amount_usd)
    else:
        rate_value, quote, usd_rate = rate.rate, rate.quote, rate.usd_rate
        amount_usd = usd_from(amount, rate=rate_value, quote=quote)
    Deal.objects.update_or_create(
        registration=registration,
        product=f"示例采购项目{seq}",
        defaults={
            "exhibitor_name": f"Demo Exhibitor {seq}",
            "exhibitor_country": country,
            "zone": Zone.objects.get(code=zone),
            "amount": amount,
            "currency": currency,
            "usd_rate": usd_rate,
            "rate": rate_value,
            "rate_quote": quote,
            "amount_usd": Decimal(amount_usd),
            "signed_on": registration.edition.opens_on + datetime.timedelta(days=1),
            "recorded_by": by,
        },
    )


def _shanghai_state_owned_deals(delegation: Delegation, by: User) -> None:
    """上海国资分团 at the 7th edition as seeds/001 reports it: 136 intended orders,
    2.837 bn USD in all, 7 firms above 100 million USD each."""
    sub = delegation.sub_delegations.get(name="国资分团")
    agency = sub.lead_agencies.get()
    firms = []
    for i in range(68):
        first17 = f"91310000MA{900000 + i:07d}"
        details = {
            "name": f"上海国资示例企业{i + 1:02d}",
            "kind": Purchaser.Kind.MANUFACTURER if i < 7 else Purchaser.Kind.IMPORT_TRADER,
            "region": delegation.region,
            "contact_name": "联系人",
            "contact_phone": "021-63210000",
        }
        purchaser, _ = Purchaser.objects.update_or_create(
            credit_code=first17 + credit_code_check_char(first17), defaults=details
        )
        registration, _ = Registration.objects.update_or_create(
            purchaser=purchaser,
            edition=delegation.edition,
            defaults={
                **details,
                "sub_delegation": sub,
                "lead_agency": agency,
                "unit": agency.units.get(),
                "registered_by": by,
                "status": Registration.Status.REPORTED,
            },
        )
        firms.append(registration)
    seq = 0
    for registration in firms[:7]:  # 7 firms × (100 M + 50 M) = 1.05 bn USD
        for amount in ("100000000.00", "50000000.00"):
            _demo_deal(
                registration, seq=seq, amount_usd=amount, zone=ZONE_CYCLE[seq % 6],
                country="德国" if seq % 2 else "法国", by=by,
            )  # fmt: skip
            seq += 1
    amounts = ["14650000.00"] * 121 + ["14350000.00"]  # 1.787 bn USD over 122 orders
    for i, amount in enumerate(amounts):
        _demo_deal(
            firms[7 + i // 2], seq=seq, amount_usd=amount, zone=ZONE_CYCLE[i % 6],
            country=["日本", "美国", "德国"][i % 3], by=by,
        )  # fmt: skip
        seq += 1


def _qinghai_deals(delegation: Delegation, organiser: User) -> None:
    """A renminbi rate set by the office, and deals of Qinghai's approved purchasers."""
    rate, _ = ExchangeRate.objects.update_or_create(
        delegation=delegation,
        currency="CNY",
        defaults={
            "rate": Decimal("7"),
            "quote": RateQuote.PER_USD,
            "usd_rate": usd_per_unit(rate=Decimal("7"), quote=RateQuote.PER_USD),
            "set_by": organiser,
        },
    )
    approved = Registration.objects.filter(
        sub_delegation__delegation=delegation,
        status__in=[Registration.Status.LEAD_APPROVED, Registration.Status.REPORTED],
    ).order_by("pk")
    for seq, registration in enumerate(approved, start=1000):
        cny = Decimal("35000000.00") * (seq - 999)
        _demo_deal(
            registration, seq=seq, amount=cny,
            zone="medical" if "医疗" in registration.name else "equipment",
            country="瑞士", by=organiser, currency="CNY", rate=rate,
        )  # fmt: skip


def _deadlines(edition: Edition, qinghai: Delegation, organiser: User) -> None:
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


def _invitations(users: dict[str, User]) -> None:
    """商贸分团's lead invites supermarkets to register themselves (issue 16)."""
    from purchasers.invitations.models import Invitation
    from purchasers.invitations.selectors import lead_agencies_invitable_by
    from purchasers.invitations.services import InvitationError, invitation_issue

    lead = users["qh_commerce"]
    if Invitation.objects.filter(issued_by=lead).exists():
        return
    agency = lead_agencies_invitable_by(lead).first()
    if agency is None:
        return
    # Registration may not be open in this demo: then there is nothing to invite to.
    with contextlib.suppress(InvitationError):
        invitation_issue(
            by=lead,
            lead_agency=agency,
            name="2022 商贸分团 — 商超企业",
            expires_on=timezone.localdate() + datetime.timedelta(days=60),
            max_firms=30,
        )


DEMO_EXHIBITORS = [
    ("西门子医疗", "Siemens Healthineers", "德国", "medical", "CT、磁共振、超声设备"),
    ("罗氏诊断", "Roche Diagnostics", "瑞士", "medical", "体外诊断试剂和仪器"),
    ("飞利浦", "Philips", "荷兰", "medical", "监护仪、呼吸机"),
    ("雀巢", "Nestlé", "瑞士", "food", "乳制品、咖啡"),
    ("丰田汽车", "Toyota", "日本", "automobile", "新能源汽车"),
    ("通用电气医疗", "GE HealthCare", "美国", "medical", "CT、PET-CT"),
]


def _exhibitors(edition: Edition) -> None:
    """The bureau's exhibitor directory of the 5th edition, for the deal form's picker."""
    for name, name_en, country, zone, products in DEMO_EXHIBITORS:
        Exhibitor.objects.update_or_create(
            edition=edition, name=name, country=country,
            defaults={"name_en": name_en, "zone": Zone.objects.get(code=zone),
                      "products": products, "delegation": None},
        )  # fmt: skip


@transaction.atomic
def load_demo() -> dict[str, User]:
    editions = _editions()
    qinghai = _qinghai(editions[5])
    shanghai_5th = _shanghai(editions[5])
    shanghai_6th = _shanghai(editions[6], continues=shanghai_5th)
    shanghai_7th = _shanghai(editions[7], continues=shanghai_6th)
    users = _users()
    _purchasers(qinghai, users)
    load_badges(qinghai)
    _qinghai_deals(qinghai, users["qh_office"])
    _shanghai_state_owned_deals(shanghai_7th, users["sh_soe"])
    _qingpu_deals(shanghai_6th, ["12000000.00", "8000000.00"], users["sh_office"])
    _qingpu_deals(shanghai_7th, ["15000000.00", "10000000.00"], users["sh_office"])
    _deadlines(editions[5], qinghai, users["qh_office"])
    load_logistics_demo(qinghai, users["qh_office"])  # issue 20: the stay in Shanghai
    _invitations(users)
    _exhibitors(editions[5])
    # The dashboard reads roll-ups: have them right when the command returns.
    rollup_recompute()
    return users
