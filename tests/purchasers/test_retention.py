"""Attendees' ID and phone numbers are masked once the retention period after their
edition has passed; names, registrations and deals stay."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from deals.models import Deal
from purchasers.models import Attendee, RegistrationEvent
from purchasers.registration.retention import personal_data_mask_due
from purchasers.tasks import mask_personal_data_task
from tests import factories as f
from tests.factories import valid_resident_id

pytestmark = pytest.mark.django_db


def twin_id_numbers() -> tuple[str, str]:
    """Two people's numbers that mask alike (same first three and last four characters)."""
    first = valid_resident_id(11)
    births = (f"1990{month:02d}{day:02d}" for month in range(1, 13) for day in range(1, 29))
    second = next(
        n for n in map(lambda b: valid_resident_id(11, birth=b), births) if n[-4:] == first[-4:]
    )
    return first, second


@pytest.fixture
def attendees(registrations):
    first, second = twin_id_numbers()
    return [
        f.AttendeeFactory(registration=registrations.s1, id_number=first, phone="13912340011"),
        f.AttendeeFactory(registration=registrations.s1, id_number=second, phone="13912340021"),
    ]


def closes(world, days_ago: int, settings):
    world.edition.closes_on = datetime.date.today() - datetime.timedelta(days=days_ago)
    world.edition.opens_on = world.edition.closes_on - datetime.timedelta(days=5)
    world.edition.save()


def test_nothing_is_masked_within_the_retention_period(world, attendees, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 6
    closes(world, 150, settings)
    assert personal_data_mask_due() == 0
    assert Attendee.objects.filter(id_number=valid_resident_id(11)).exists()


def test_past_retention_numbers_are_masked_recorded_and_figures_stay(
    world, registrations, attendees, settings
):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 6
    closes(world, 200, settings)
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("5000000.00"))
    # Two people whose masked numbers coincide: masking must not trip the uniqueness rule.
    assert attendees[0].masked_id_number == attendees[1].masked_id_number

    assert mask_personal_data_task.delay().get() == 2
    masked = list(Attendee.objects.order_by("pk"))
    assert [a.id_number for a in masked] == [attendees[0].masked_id_number] * 2
    assert [a.phone for a in masked] == ["139****0011", "139****0021"]
    assert all(a.personal_data_masked_at for a in masked)
    assert [a.name for a in masked] == [a.name for a in attendees]
    event = RegistrationEvent.objects.get(kind="personal_data_masked")
    assert event.registration == registrations.s1 and event.actor.username == "system"
    assert event.changes["attendees"] == {"masked": 2}
    assert Deal.objects.get().amount_usd == Decimal("5000000.00")
    # A second run changes nothing.
    assert personal_data_mask_due() == 0
    assert RegistrationEvent.objects.filter(kind="personal_data_masked").count() == 1


def test_the_command_says_what_it_would_mask_then_masks(world, attendees, settings, capsys):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 1
    closes(world, 40, settings)
    call_command("mask_personal_data", "--dry-run")
    assert "would mask 2 attendees" in capsys.readouterr().out
    assert not Attendee.objects.filter(personal_data_masked_at__isnull=False).exists()
    call_command("mask_personal_data")
    assert "masked 2 attendees" in capsys.readouterr().out
    assert not Attendee.objects.filter(phone="13912340011").exists()
