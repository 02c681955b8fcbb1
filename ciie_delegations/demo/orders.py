"""The demo's intended deals and the exhibitor directory."""

import datetime
from decimal import Decimal

from deals.models import Deal, ExchangeRate, Exhibitor
from deals.money import RateQuote, usd_from, usd_per_unit
from delegations.models import (
    Delegation,
    Edition,
    SubDelegation,
    User,
    Zone,
)
from delegations.validators import credit_code_check_char
from purchasers.models import Purchaser, Registration

from .data import (
    DEMO_EXHIBITORS,
    ZONE_CYCLE,
)


def add_qingpu_deals(delegation: Delegation, amounts: list[str], by: User) -> None:
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


def add_shanghai_state_owned_deals(delegation: Delegation, by: User) -> None:
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


def add_qinghai_deals(delegation: Delegation, organiser: User) -> None:
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


def add_exhibitors(edition: Edition) -> None:
    """The bureau's exhibitor directory of the 5th edition, for the deal form's picker."""
    for name, name_en, country, zone, products in DEMO_EXHIBITORS:
        Exhibitor.objects.update_or_create(
            edition=edition, name=name, country=country,
            defaults={"name_en": name_en, "zone": Zone.objects.get(code=zone),
                      "products": products, "delegation": None},
        )  # fmt: skip
