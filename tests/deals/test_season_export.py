"""``manage.py export_delegation`` writes a delegation's whole season to one workbook."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from purchasers.models import RegistrationEvent
from tests import factories as f
from tests.factories import valid_resident_id


@pytest.fixture
def season(world, cast, registrations):
    f.AttendeeFactory(
        registration=registrations.s1, id_number=valid_resident_id(31), phone="13912340031"
    )
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("7000000.00"))
    f.RollupDealFactory(registration=registrations.b, amount_usd=Decimal("1.00"))
    return registrations


def cells(path) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_a_delegations_season_in_one_workbook_with_numbers_masked(tmp_path, world, season):
    out = tmp_path / "a.xlsx"
    call_command("export_delegation", "--delegation", str(world.a.pk), "--edition", "5",
                 "--output", str(out), "--language", "en")  # fmt: skip
    sheets = cells(out)
    assert list(sheets) == ["Structure", "Registrations", "Attendees", "Deal list", "History"]
    assert {row[0] for row in sheets["Structure"][1:]} == {"卫生分团", "商贸分团"}
    assert {row[0] for row in sheets["Registrations"][1:]} == {
        season.s1.pk,
        season.s1_firms.pk,
        season.s2.pk,
    }  # not delegation B's
    attendee = sheets["Attendees"][1]
    assert attendee[3] == "630***********0317"[:3] + attendee[3][3:] and "*" in attendee[3]
    assert attendee[4] == "139****0031"
    assert [row[11] for row in sheets["Deal list"][1:]] == [7000000.0]
    text = repr(sheets)
    assert valid_resident_id(31) not in text and "13912340031" not in text


def test_full_numbers_only_with_a_reason_written_in_the_history(tmp_path, world, cast, season):
    out = tmp_path / "a.xlsx"
    args = ["--delegation", "交易团A", "--edition", "5", "--output", str(out)]
    reason = ["--unmasked-reason", "public security request"]
    with pytest.raises(CommandError):
        call_command("export_delegation", *args, *reason)
    call_command("export_delegation", *args, *reason, "--by", "organiser", "--language", "en")
    sheets = cells(out)
    assert sheets["Attendees"][1][3] == valid_resident_id(31)
    event = RegistrationEvent.objects.get(kind="personal_data_exported", registration=season.s1)
    assert event.actor == cast.organiser and event.reason == "public security request"
