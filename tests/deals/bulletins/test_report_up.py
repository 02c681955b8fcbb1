"""The report up reads the dashboard's figures, is archived as produced, and downloads as
an .xlsx with the same numbers; the records the press quotes come from the deals."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from python_calamine import CalamineWorkbook

from deals.bulletins import reports
from deals.bulletins.records import records_figures
from deals.models import Deal
from deals.rollups.services import rollup_recompute, rollup_refresh_dirty
from purchasers.models import Registration
from tests import factories as f

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def deals(registrations, world):
    for registration in vars(registrations).values():
        registration.status = Status.LEAD_APPROVED
        registration.save()
    f.AttendeeFactory(registration=registrations.s1)
    f.AttendeeFactory(registration=registrations.s1)
    day = world.edition.opens_on
    f.RollupDealFactory(
        registration=registrations.s1, amount_usd=Decimal("150000000.00"), signed_on=day
    )
    f.RollupDealFactory(
        registration=registrations.s2,
        amount_usd=Decimal("20000000.00"),
        zone=f.zone("food"),
        exhibitor_country="法国",
        signed_on=day - datetime.timedelta(days=1),
    )
    f.RollupDealFactory(
        registration=registrations.s2, amount_usd=Decimal("5.00"), status=Deal.Status.CANCELLED
    )
    f.RollupDealFactory(registration=registrations.b, amount_usd=Decimal("99000000.00"))
    rollup_recompute()
    return registrations


def _sheets(content: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_report_up_reads_the_same_figures_as_the_dashboard(client, cast, world, deals):
    client.force_login(cast.organiser)
    response = client.post(reverse("bulletins:report-list", args=[world.a.pk]))
    assert response.status_code == 302
    report_url = response["Location"]
    html = client.get(report_url).content.decode()
    dashboard = client.get(
        reverse("dashboard:dashboard-delegation", args=[world.a.pk])
    ).content.decode()
    figure = '<dd data-figure="total_usd">'
    total = html.split(figure)[1].split("<")[0]
    assert total == "170,000,000.00" and dashboard.split(figure)[1].startswith(total)
    report_pk = int(report_url.rstrip("/").rsplit("/", 1)[1])
    xlsx = client.get(reverse("bulletins:report-xlsx", args=[report_pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(xlsx.content)
    assert sheets["Deals"][1][:5] == [world.a.name, 2.0, 2.0, 1.0, 170000000.0]
    zones = {row[0]: row[4] for row in sheets["By zone"][1:]}
    assert zones == {"医疗器械及医药保健": 150000000.0, "食品及农产品": 20000000.0}
    countries = {row[0]: row[4] for row in sheets["By country"][1:]}
    assert countries == {"德国": 150000000.0, "法国": 20000000.0}
    registrations = {row[1]: row[2] for row in sheets["Registrations"][1:] if row[1]}
    assert registrations["approved by lead agency"] == 3.0
    attendees = next(row for row in sheets["Registrations"] if row[0] == "Attendees")
    assert attendees[2] == 2.0
    agencies = {row[1]: row[3] for row in sheets["By lead agency"][1:]}
    assert agencies == {"卫生健康委": 1.0, "药品监管局": 1.0, "商贸牵头单位": 1.0}


def test_report_is_archived_as_produced(cast, world, deals):
    report = reports.report_up_create(delegation=world.a, by=cast.organiser)
    f.RollupDealFactory(registration=deals.s1, amount_usd=Decimal("1.00"))
    rollup_recompute()
    report.refresh_from_db()
    assert report.figures["deals"]["total"]["total_usd"] == "170000000.00"


@pytest.mark.parametrize("who", ["lead", "registrant", "viewer", "b_organiser"])
def test_only_the_office_reports_up(client, cast, world, who):
    with pytest.raises(PermissionDenied):
        reports.report_up_create(delegation=world.a, by=getattr(cast, who))
    report = reports.report_up_create(delegation=world.a, by=cast.organiser)
    client.force_login(getattr(cast, who))
    for name in ("bulletins:report-detail", "bulletins:report-xlsx"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert client.get(reverse("bulletins:report-list", args=[world.a.pk])).status_code == 404


def test_records_first_orders_largest_and_firms_above_100m(world, deals):
    records = records_figures(delegation=world.a)
    # S2's deal was signed a day before S1's: it is the delegation's first order.
    assert records["first"]["firm"] == deals.s2.name
    assert records["first"]["signed_on"] == str(world.edition.opens_on - datetime.timedelta(days=1))
    assert [d["sub_delegation"] for d in records["first_by_sub_delegation"]] == [
        "商贸分团",
        "卫生分团",
    ]
    assert [d["total_usd"] for d in records["largest"]] == ["150000000.00", "20000000.00"]
    assert records["over_100m"] == [
        {"firm": deals.s1.name, "sub_delegation": "卫生分团", "total_usd": "150000000.00"}
    ]
    assert records_figures(delegation=world.b)["over_100m"] == []  # 99 million is not above


def test_dashboard_box_links_to_the_records_page(client, cast, world, deals):
    client.force_login(cast.organiser)
    html = client.get(reverse("dashboard:dashboard-delegation", args=[world.a.pk])).content.decode()
    box = html.split('id="records"')[1].split("</section>")[0]
    assert "1 purchaser above 100 million USD." in box
    records_url = reverse("bulletins:records", args=[world.a.pk])
    assert records_url in box
    page = client.get(records_url).content.decode()
    assert deals.s2.name in page.split('data-record="first"')[1].split("</p>")[0]
    assert deals.s1.name in page.split('data-record="over_100m"')[1]
    client.force_login(cast.viewer)
    assert client.get(records_url).status_code == 200
    for who in ("lead", "b_organiser", "registrant"):  # a lead reads only their own groups
        client.force_login(getattr(cast, who))
        assert client.get(records_url).status_code == 404, who
    client.force_login(cast.lead)
    html = client.get(reverse("dashboard:dashboard-delegation", args=[world.a.pk])).content.decode()
    assert 'id="records"' not in html


def test_report_up_counts_registrations_by_ownership_and_purchaser_type(client, cast, world, deals):
    for registration, ownership, kind in (
        (deals.s1, "state_owned", Registration.Kind.HOSPITAL),
        (deals.s1_firms, "state_owned", Registration.Kind.IMPORT_TRADER),
        (deals.s2, None, Registration.Kind.IMPORT_TRADER),
    ):
        registration.ownership = f.ownership(ownership) if ownership else None
        registration.kind = kind
        registration.save()
    deals.b.ownership = f.ownership("private")  # delegation B's: not in A's report
    deals.b.save()
    rollup_refresh_dirty()  # the deals follow their purchasers to their groups
    client.force_login(cast.organiser)
    report_url = client.post(reverse("bulletins:report-list", args=[world.a.pk]))["Location"]
    html = client.get(report_url).content.decode()
    table = html.split('id="report-by-ownership"')[1].split("</table>")[0]
    # The office's user reads English: the names as the bureau gave them in English.
    assert (
        '<tr data-ownership="state_owned"><td>state-owned or state-controlled</td>'
        '<td class="num">2</td>'
    ) in table
    assert '<tr data-ownership=""><td>Not given</td><td class="num">1</td>' in table
    assert "private" not in table
    report_pk = int(report_url.rstrip("/").rsplit("/", 1)[1])
    rows = _sheets(client.get(reverse("bulletins:report-xlsx", args=[report_pk])).content)[
        "Registrations"
    ]
    start = next(i for i, row in enumerate(rows) if row[0] == "By ownership")
    assert {row[1]: row[2] for row in rows[start + 1 : start + 3]} == {
        "state-owned or state-controlled": 2.0,
        "Not given": 1.0,
    }
    kinds_start = next(i for i, row in enumerate(rows) if row[0] == "By purchaser type")
    kinds = {row[1]: row[2] for row in rows[kinds_start + 1 : start] if row[1]}
    assert kinds == {"import trader": 2.0, "hospital or medical institution": 1.0}
    # The deals by the same dimensions, as the dashboard's tables have them.
    sheets = _sheets(client.get(reverse("bulletins:report-xlsx", args=[report_pk])).content)
    assert {row[0]: row[4] for row in sheets["By ownership"][1:]} == {
        "state-owned or state-controlled": 150000000.0,
        "Not given": 20000000.0,
    }
    assert {row[0]: row[4] for row in sheets["By continent"][1:]} == {"Europe": 170000000.0}
