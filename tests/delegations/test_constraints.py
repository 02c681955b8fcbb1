"""Rules the database itself enforces, whatever path the data takes."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from deals.models import Deal
from delegations.models import LeadAgency

from .. import factories as f


def test_a_firm_is_registered_once_per_edition_across_delegations(world, registrations):
    firm = registrations.s1.purchaser
    with pytest.raises(IntegrityError), transaction.atomic():
        f.RegistrationFactory(purchaser=firm, lead_agency=world.sb_agency)  # other delegation


def test_the_same_firm_may_come_again_next_edition(world, registrations):
    next_edition = f.EditionFactory(number=6, year=2023)
    delegation = f.DelegationFactory(edition=next_edition, region=world.a.region)
    agency = f.LeadAgencyFactory(sub_delegation=f.SubDelegationFactory(delegation=delegation))
    again = f.RegistrationFactory(purchaser=registrations.s1.purchaser, lead_agency=agency)
    assert again.edition == next_edition


def test_registration_takes_its_edition_from_the_sub_delegation(world, registrations):
    assert registrations.b.edition == world.b.edition


def test_an_attendee_is_registered_once_per_edition(registrations):
    person = f.AttendeeFactory(registration=registrations.s1)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.AttendeeFactory(registration=registrations.s2, id_number=person.id_number)


def test_targets_are_positive(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadAgency.objects.create(sub_delegation=world.s2, target=0)


def _deal(registration, user, **overrides):
    values = {
        "registration": registration,
        "exhibitor_name": "Siemens Healthineers",
        "exhibitor_country": "德国",
        "zone": f.zone("medical"),
        "product": "CT",
        "amount": Decimal("100.00"),
        "amount_usd": Decimal("100.00"),
        "signed_on": datetime.date(2022, 11, 6),
        "recorded_by": user,
    }
    values.update(overrides)
    return Deal.objects.create(**values)


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount": Decimal("-0.01")},
        {"amount_usd": Decimal("-1")},
        {"usd_rate": Decimal("0")},
    ],
)
def test_deal_amounts_are_never_negative(registrations, cast, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        _deal(registrations.s1, cast.registrant, **overrides)


def test_a_zero_amount_deal_is_allowed_and_kept_exact(registrations, cast):
    deal = _deal(registrations.s1, cast.registrant, amount=Decimal("0"), amount_usd=Decimal("0"))
    deal.refresh_from_db()
    assert deal.amount_usd == Decimal("0.00")
