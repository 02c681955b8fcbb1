"""The API is documented in the schema; commands call the same services as the pages."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from deals.imports import services as imports
from deals.models import Deal, ExchangeRate


def test_schema_documents_deals_exhibitors_needs_meetings_and_follow_ups(client, cast):
    client.force_login(cast.viewer)
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/deals/{id}/move/",
        "/api/deals/{id}/notes/",
        "/api/deals/{id}/history/",
        "/api/exhibitors/",
        "/api/exchange-rates/",
        "/api/procurement-needs/{id}/matches/",
        "/api/meetings/",
    ):
        assert path in schema


def test_set_exchange_rate_command_only_for_the_office(world, cast):
    with pytest.raises(CommandError):
        call_command("set_exchange_rate", world.a.pk, "cny", "0.14", user=cast.b_organiser.username)
    call_command("set_exchange_rate", world.a.pk, "cny", "0.14", user=cast.organiser.username)
    assert ExchangeRate.objects.get().usd_rate == Decimal("0.14")


def test_import_command_imports_deals_in_the_users_scope(tmp_path, world, cast, approved, rmb_rate):
    book = Workbook()
    book.active.append([str(label) for _key, label in imports.DEAL_COLUMNS])
    book.active.append(
        [
            approved.s1.purchaser.credit_code,
            "Siemens",
            "德国",
            "medical",
            "CT",
            "1234567.89",
            "CNY",
            "2022-11-06",
            "第五届进博会青海交易团签约仪式",
        ]
    )
    path = tmp_path / "deals.xlsx"
    book.save(path)
    with pytest.raises(CommandError):
        call_command(
            "import_sheet",
            "deals",
            str(path),
            edition=5,
            user="b_organiser",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    call_command(
        "import_sheet", "deals", str(path), edition=5, user="registrant", stdout=io.StringIO()
    )
    deal = Deal.objects.get()
    assert deal.amount_usd == Decimal("176366.84")
    assert deal.at_signing_ceremony and deal.ceremony == "第五届进博会青海交易团签约仪式"
