"""The deal list pages by key with totals and currency names; the deal form says its unit,
finds exhibitors in the directory, offers the one list of countries; cancelling is apart
from moving a deal forward; a missing rate links to the rates page for the office."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from deals.exports.sheets import deal_rows
from deals.imports.services import preview_exhibitors
from deals.models import Deal
from deals.permissions import deals_visible_to
from deals.records import services
from deals.records.selectors import PER_PAGE, TOTALS_LIMIT
from tests import factories as f
from tests.languages import speaking

from .posts import form_post


def _deals(registration, n, *, day=None, **kwargs):
    day = day or registration.edition.opens_on
    return [f.DealFactory(registration=registration, signed_on=day, **kwargs) for _ in range(n)]


def _rows(response) -> list[str]:
    return re.findall(r'href="/deals/(\d+)/"', response.content.decode())


def test_list_pages_newest_first_by_key_with_page_and_list_totals(client, cast, approved, world):
    older = _deals(approved.s1, PER_PAGE, day=world.edition.opens_on)
    newer = _deals(approved.s1, 5, day=world.edition.opens_on + datetime.timedelta(days=1))
    client.force_login(cast.organiser)
    first = client.get("/deals/")
    body = first.content.decode()
    expected = [d.pk for d in newer[::-1]] + [d.pk for d in older[::-1]][: PER_PAGE - 5]
    assert [int(pk) for pk in _rows(first)] == expected
    # 25 deals of 1,000,000.00 USD on this page; all 30 in the list's totals.
    assert "This page: 25 deals" in body and "25,000,000.00 US dollar" in body
    assert "All 30 deals of this list" in body and "30 million USD" in body
    following = re.search(r'href="\?after=([^"]+)"', body).group(1)
    second = client.get(f"/deals/?after={following}")
    assert [int(pk) for pk in _rows(second)] == [d.pk for d in older[::-1]][PER_PAGE - 5 :]
    assert 'rel="next"' not in second.content.decode()
    back = re.search(r'href="\?before=([^"]+)"', second.content.decode()).group(1)
    assert _rows(client.get(f"/deals/?before={back}")) == _rows(first)


def test_amounts_read_with_separators_and_currency_names(client, cast, approved):
    f.DealFactory(
        registration=approved.s1,
        amount=Decimal("70000000"),
        currency="CNY",
        usd_rate=Decimal("0.14285714"),
        amount_usd=Decimal("10000000.00"),
    )
    client.force_login(cast.organiser)
    body = client.get("/deals/").content.decode()
    assert "70,000,000.00 renminbi" in body and "10,000,000.00 USD" in body
    assert "70000000" not in body and " CNY" not in body


def test_list_totals_stop_at_the_limit_and_point_to_the_dashboard(
    client, cast, approved, settings, monkeypatch
):
    monkeypatch.setattr("deals.records.selectors.TOTALS_LIMIT", 3)
    _deals(approved.s1, 4)
    client.force_login(cast.organiser)
    body = client.get("/deals/").content.decode()
    assert "All 4 deals" not in body
    assert 'id="totals-elsewhere"' in body and "More than 3 deals match" in body
    assert TOTALS_LIMIT == 1_000


@pytest.mark.django_db
def test_list_query_walks_the_index_serving_its_order(cast, approved):

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    _deals(approved.s1, 3)
    query = deals_visible_to(cast.viewer).order_by("-signed_on", "-pk")[:26]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "deal_list_newest_first" in plan
    assert "Sort" not in plan.splitlines()[1]


def test_api_pages_by_key_too(client, cast, approved):
    deals = _deals(approved.s1, 60)
    client.force_login(cast.organiser)
    page = client.get("/api/deals/").json()
    assert [d["id"] for d in page["results"]] == [d.pk for d in deals[::-1]][:50]
    rest = client.get(page["next"]).json()
    assert [d["id"] for d in rest["results"]] == [d.pk for d in deals[::-1]][50:]
    assert rest["next"] is None and rest["previous"]


def test_amount_in_ten_thousands_is_converted_exactly(client, cast, rmb_rate, deal_data):
    client.force_login(cast.registrant)
    post = form_post(deal_data, amount="7000", amount_unit="10000")
    response = client.post("/deals/new/", post)
    assert response.status_code == 302, response.content.decode()[-2000:]
    deal = Deal.objects.get()
    assert deal.amount == Decimal("70000000.00") and deal.amount_usd == Decimal("10000000.00")
    form = client.get("/deals/new/").content.decode()
    assert "Ten thousands of the currency (wan)" in form
    assert "7,000 in ten thousands of renminbi" in form


def test_an_amount_below_the_cent_in_ten_thousands_is_refused(client, cast, rmb_rate, deal_data):
    client.force_login(cast.registrant)
    response = client.post("/deals/new/", form_post(deal_data, amount="1.234", amount_unit="1"))
    assert "An amount goes to the cent at most." in response.content.decode()
    assert not Deal.objects.exists()


def test_exhibitor_picker_finds_by_name_with_and_without_script(
    client, cast, rmb_rate, deal_data, world
):
    nestle = f.ExhibitorFactory(
        edition=world.edition, name="雀巢", name_en="Nestlé", country="瑞士"
    )
    f.ExhibitorFactory(edition=world.edition, name="西门子", name_en="Siemens")
    client.force_login(cast.registrant)
    empty_form = client.get("/deals/new/").content.decode()
    assert "雀巢" not in empty_form  # the directory is searched, not listed whole
    found = client.get("/deals/exhibitors/search/", {"q": "nest"}).json()["results"]
    assert [x["id"] for x in found] == [nestle.pk] and "Switzerland" in found[0]["label"]
    # Without the script: "Find" comes back with the matches and saves nothing.
    post = form_post(deal_data, exhibitor_search="雀", find_exhibitor="1")
    page = client.post("/deals/new/", post).content.decode()
    assert "1 exhibitor found" in page and f'value="{nestle.pk}">雀巢 (Switzerland)' in page
    assert not Deal.objects.exists()
    assert "This field is required" not in page
    chosen = form_post(deal_data, exhibitor=nestle.pk, exhibitor_name="", exhibitor_country="")
    assert client.post("/deals/new/", chosen).status_code == 302
    assert Deal.objects.get().exhibitor_country == "瑞士"


def test_outsider_cannot_search_the_directory(client, cast, world):
    f.ExhibitorFactory(edition=world.edition, name="雀巢")
    client.force_login(cast.nobody)
    assert client.get("/deals/exhibitors/search/", {"q": "雀"}).status_code == 403
    assert client.get("/deals/countries/unmatched/").status_code == 403
    client.force_login(cast.registrant)
    assert client.get("/deals/countries/unmatched/").status_code == 403


def test_countries_written_any_way_are_one_country(cast, rmb_rate, deal_data):
    for written in ("Switzerland", "瑞士", "CH", " switzerland "):
        services.deal_record(
            by=cast.registrant,
            data={**deal_data, "exhibitor_country": written, "product": written},
            confirm_duplicate=True,
        )
    assert set(Deal.objects.values_list("exhibitor_country", flat=True)) == {"瑞士"}
    with pytest.raises(services.ValidationError) as refused:
        services.deal_record(by=cast.registrant, data={**deal_data, "exhibitor_country": "Oz"})
    assert "Choose a country or region from the list." in str(refused.value)


def test_unmatched_countries_are_listed_for_the_office(client, cast, approved):
    f.DealFactory(registration=approved.s1, exhibitor_country="Atlantis")
    f.DealFactory(registration=approved.s1, exhibitor_country="瑞士")
    client.force_login(cast.organiser)
    body = client.get("/deals/countries/unmatched/").content.decode()
    assert "Atlantis" in body and "瑞士" not in body and "Switzerland" not in body
    listed = client.get("/deals/", {"country": "Atlantis"}).content.decode()
    assert "Atlantis" in listed and len(_rows(client.get("/deals/?country=Atlantis"))) == 1


def test_migration_maps_free_text_countries_and_reports_the_rest(approved, capsys):

    f.DealFactory(registration=approved.s1, exhibitor_country="Switzerland")
    f.DealFactory(registration=approved.s1, exhibitor_country="瑞士")
    f.DealFactory(registration=approved.s1, exhibitor_country="Atlantis")
    migration = importlib.import_module("deals.migrations.0013_countries_from_one_list")
    migration.forwards(apps, None)
    assert sorted(Deal.objects.values_list("exhibitor_country", flat=True)) == [
        "Atlantis",
        "瑞士",
        "瑞士",
    ]
    out = capsys.readouterr().out
    assert "'Switzerland' -> '瑞士' (1)" in out and "'Atlantis' matches no country" in out


def test_forward_move_shows_no_cancel_reason_and_cancelling_asks_for_one(client, cast, approved):
    deal = f.DealFactory(registration=approved.s1, status=Deal.Status.CONTRACTED)
    client.force_login(cast.organiser)
    body = client.get(f"/deals/{deal.pk}/").content.decode()
    forward = body.split('id="follow-up-form"')[1].split("</form>")[0]
    assert "Reason for cancelling" not in forward and "Being executed" in forward
    assert "Cancelled" not in forward
    cancel = body.split('id="cancel-form"')[1].split("</form>")[0]
    assert "Why the deal is cancelled" in cancel and "data-confirm" in body
    refused = client.post(
        f"/deals/{deal.pk}/move/", {"to_status": "cancelled", "reason": "", "version": 1}
    )
    assert refused.status_code == 302
    deal.refresh_from_db()
    assert deal.status == Deal.Status.CONTRACTED


def test_missing_rate_links_to_the_rates_page_for_the_office_only(client, cast, deal_data):
    client.force_login(cast.organiser)
    page = client.post("/deals/new/", form_post(deal_data)).content.decode()
    assert "has not set an exchange rate for renminbi" in page
    assert 'id="set-rate"><a href="/deals/rates/"' in page
    client.force_login(cast.registrant)
    page = client.post("/deals/new/", form_post(deal_data)).content.decode()
    assert "has not set an exchange rate for renminbi" in page and 'id="set-rate"' not in page


def test_history_reads_in_the_chosen_language(client, cast, rmb_rate, deal_data):
    deal = services.deal_record(by=cast.registrant, data=deal_data)
    services.deal_update(
        deal=deal,
        by=cast.registrant,
        data={**deal_data, "currency": "USD", "amount": Decimal("5")},
        version=deal.version,
    )
    client.force_login(cast.organiser)
    body = client.get(f"/deals/{deal.pk}/").content.decode()
    history = body.split("<h2>History</h2>")[1]
    assert "Currency: renminbi → US dollar" in history and "Corrected" in history


def test_english_deal_sheet_uses_english_names_where_they_exist(approved, world):

    world.a.name_en = "Delegation A"
    world.a.save()
    f.DealFactory(registration=approved.s1, exhibitor_country="瑞士", currency="USD")
    with speaking("en"):
        (row,) = list(deal_rows(Deal.objects.all()))
    assert row[1] == "Delegation A" and row[6] == "Switzerland" and row[10] == "US dollar"
    with speaking("zh-hans"):
        (row,) = list(deal_rows(Deal.objects.all()))
    assert row[6] == "瑞士" and row[10] == "美元"


def test_directory_import_takes_countries_from_the_list(world):

    rows = [
        {"name": "Roche", "country": "Switzerland", "zone": "medical"},
        {"name": "Oz Ltd", "country": "Oz", "zone": "medical"},
    ]
    preview = preview_exhibitors(edition=world.edition, rows=rows)
    assert rows[0]["country"] == "瑞士" and not preview.rows[0].errors
    assert "Unknown country or region “Oz”" in " ".join(preview.rows[1].errors)


def test_a_country_outside_the_list_is_offered_until_corrected(client, cast, approved, rmb_rate):
    deal = f.DealFactory(
        registration=approved.s1, exhibitor_country="Atlantis", recorded_by=cast.registrant
    )
    client.force_login(cast.registrant)
    form = client.get(f"/deals/{deal.pk}/edit/").content.decode()
    assert '<option value="Atlantis" selected>Atlantis (not on the list)</option>' in form
    post = form_post(
        {
            "registration": deal.registration,
            "exhibitor": None,
            "exhibitor_name": deal.exhibitor_name,
            "exhibitor_country": "Atlantis",
            "zone": deal.zone,
            "product": "MRI",
            "amount": deal.amount,
            "currency": "USD",
            "signed_on": deal.signed_on,
            "at_signing_ceremony": False,
            "ceremony": "",
        },
        version=deal.version,
    )
    assert client.post(f"/deals/{deal.pk}/edit/", post).status_code == 302
    deal.refresh_from_db()
    assert deal.product == "MRI" and deal.exhibitor_country == "Atlantis"
