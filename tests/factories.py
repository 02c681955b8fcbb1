"""Factories for every model, in one place. Codes and ID numbers are valid by construction."""

import datetime
import itertools
from decimal import Decimal  # noqa: E402

import factory

from deals.models import Deal, Exhibitor  # noqa: E402
from delegations.models import (
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
from purchasers.models import Attendee, Ownership, Purchaser, Registration

_codes = itertools.count(1)


def valid_credit_code(seq: int | None = None) -> str:
    first17 = f"91630100MA{(seq if seq is not None else next(_codes)):07d}"
    return first17 + credit_code_check_char(first17)


def valid_resident_id(seq: int, birth: str = "19800101") -> str:
    first17 = f"630102{birth}{seq % 1000:03d}"
    return first17 + resident_id_check_char(first17)


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: 20 + n)
    year = factory.LazyAttribute(lambda o: 2017 + o.number)
    opens_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 5))
    closes_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 10))


def region(code: str = "630000") -> Region:
    return Region.objects.get(code=code)


def ownership(code: str = "private"):
    """One of the bureau's seven ownerships (seeded by a migration)."""
    return Ownership.objects.get(code=code)


def zone(code: str = "medical") -> Zone:
    return Zone.objects.get(code=code)


class MemberUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberUnit

    region = factory.LazyFunction(region)
    name = factory.Sequence(lambda n: f"测试单位{n}")
    liaison_name = "联络员"
    liaison_email = factory.Sequence(lambda n: f"liaison{n}@example.org")


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    edition = factory.SubFactory(EditionFactory)
    region = factory.LazyFunction(region)
    name = factory.Sequence(lambda n: f"测试交易团{n}")
    office_unit = factory.SubFactory(
        MemberUnitFactory, name=factory.Sequence(lambda n: f"商务厅{n}")
    )


class SubDelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubDelegation

    delegation = factory.SubFactory(DelegationFactory)
    name = factory.Sequence(lambda n: f"分团{n}")


class LeadAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadAgency
        skip_postgeneration_save = True

    sub_delegation = factory.SubFactory(SubDelegationFactory)
    target = 10

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create:
            self.units.set(
                extracted or [MemberUnitFactory(region=self.sub_delegation.delegation.region)]
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("pw-for-tests-1")


class PurchaserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purchaser

    credit_code = factory.LazyFunction(valid_credit_code)
    name = factory.Sequence(lambda n: f"测试采购商{n}有限公司")
    kind = Purchaser.Kind.WHOLESALE_RETAIL
    contact_name = "联系人"
    contact_phone = "13997266051"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    purchaser = factory.SubFactory(PurchaserFactory)
    # The registration keeps the firm as registered: by default its purchaser's details.
    name = factory.LazyAttribute(lambda o: o.purchaser.name)
    name_en = factory.LazyAttribute(lambda o: o.purchaser.name_en)
    kind = factory.LazyAttribute(lambda o: o.purchaser.kind)
    industry = factory.LazyAttribute(lambda o: o.purchaser.industry)
    region = factory.LazyAttribute(lambda o: o.purchaser.region)
    address = factory.LazyAttribute(lambda o: o.purchaser.address)
    contact_name = factory.LazyAttribute(lambda o: o.purchaser.contact_name)
    contact_phone = factory.LazyAttribute(lambda o: o.purchaser.contact_phone)
    contact_email = factory.LazyAttribute(lambda o: o.purchaser.contact_email)
    lead_agency = factory.SubFactory(LeadAgencyFactory)
    sub_delegation = factory.LazyAttribute(lambda o: o.lead_agency.sub_delegation)
    unit = factory.LazyAttribute(lambda o: o.lead_agency.units.first())
    registered_by = factory.SubFactory(UserFactory)
    status = Registration.Status.DRAFT


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    registration = factory.SubFactory(RegistrationFactory)
    name = "参会人"
    id_number = factory.Sequence(lambda n: valid_resident_id(n))
    phone = "13900000000"


__all__ = [
    "AttendeeFactory",
    "DelegationFactory",
    "EditionFactory",
    "LeadAgencyFactory",
    "MemberUnitFactory",
    "PurchaserFactory",
    "RegistrationFactory",
    "SubDelegationFactory",
    "RollupDealFactory",
    "UserFactory",
    "region",
    "valid_credit_code",
    "valid_resident_id",
    "zone",
]


# --- deals -----------------------------------------------------------------------------


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Exhibitor {n} GmbH")
    country = "德国"
    zone = factory.LazyFunction(zone)
    products = "CT scanners, MRI"
    booth = "1.1A"


class DealFactory(factory.django.DjangoModelFactory):
    """A deal in USD of an approved registration, dated the day after the edition opens."""

    class Meta:
        model = Deal

    registration = factory.SubFactory(RegistrationFactory, status=Registration.Status.LEAD_APPROVED)
    exhibitor_name = factory.Sequence(lambda n: f"Exhibitor {n} GmbH")
    exhibitor_country = "德国"
    zone = factory.LazyFunction(zone)
    product = "CT scanners"
    amount = Decimal("1000000.00")
    currency = Deal.Currency.USD
    usd_rate = Decimal("1")
    amount_usd = factory.LazyAttribute(lambda o: (o.amount * o.usd_rate).quantize(Decimal("0.01")))
    signed_on = factory.LazyAttribute(
        lambda o: (
            o.registration.sub_delegation.delegation.edition.opens_on + datetime.timedelta(days=1)
        )
    )
    recorded_by = factory.LazyAttribute(lambda o: o.registration.registered_by)


__all__ += ["DealFactory", "ExhibitorFactory"]


# Deals for the roll-up, dashboard and export tests.
class RollupDealFactory(factory.django.DjangoModelFactory):
    """An intended deal in USD (for the roll-up, dashboard and export tests)."""

    class Meta:
        model = Deal

    registration = factory.SubFactory(RegistrationFactory)
    exhibitor_name = factory.Sequence(lambda n: f"Exhibitor {n} GmbH")
    exhibitor_country = "德国"
    zone = factory.LazyFunction(zone)
    product = "设备"
    amount = factory.LazyAttribute(lambda o: o.amount_usd)
    amount_usd = factory.LazyFunction(lambda: Decimal("1000000.00"))
    signed_on = factory.LazyAttribute(lambda o: o.registration.edition.opens_on)
    recorded_by = factory.LazyAttribute(lambda o: o.registration.registered_by)
