"""Totals reports: the workbook, the CSV deal list, their scope, and background exports."""

import datetime
import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from deals.exports.services import export_job_run, export_jobs_clean_up
from deals.models import ExportJob
from deals.rollups.services import rollup_recompute
from delegations.models import User
from delegations.sheets import neutralise
from tests import factories as f

from .rollup_helpers import read_xlsx, shanghai_state_owned_7th


@pytest.fixture
def deals(registrations):
    f.RollupDealFactory(
        registration=registrations.s1,
        amount_usd=Decimal("150000000.00"),
        exhibitor_name='=HYPERLINK("http://evil")',
        product="+cmd|' /C calc'!A0",
    )
    f.RollupDealFactory(
        registration=registrations.s2, amount_usd=Decimal("20000000.00"), exhibitor_name="@SUM(1)"
    )
    f.RollupDealFactory(
        registration=registrations.b,
        amount_usd=Decimal("99000000.00"),
        exhibitor_name="B only exhibitor",
    )
    rollup_recompute()
    return registrations


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Ask for the workbook as the user: the page queues the export task after commit, and
    the (eager) task builds the file."""

    def _build(client, user, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("exports:export-create"), data)
        if response.status_code != 302:
            return response, None
        job = ExportJob.objects.latest("created_at")
        assert job.status == ExportJob.Status.DONE, job.error
        return response, job

    return _build


def download(client, job):
    response = client.get(reverse("exports:export-download", args=[job.pk]))
    return response, (b"".join(response.streaming_content) if response.status_code == 200 else b"")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_values_a_spreadsheet_could_run_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_values_are_left_alone():
    assert neutralise("上海电气") == "上海电气" and neutralise("") == ""


def test_csv_deal_list_neutralises_formulas_and_keeps_to_scope(client, cast, deals):
    client.force_login(cast.organiser)
    response = client.get(reverse("exports:deals-csv"), {"edition": 5})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM(1)" in text
    assert "B only exhibitor" not in text
    assert text.splitlines()[0].startswith("序号")  # Chinese headers by default
    assert "150000000.00" in text


def test_csv_headers_in_english_on_request(client, cast, deals):
    client.force_login(cast.organiser)
    response = client.get(reverse("exports:deals-csv"), {"edition": 5, "language": "en"})
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("No.,Delegation")


@pytest.mark.parametrize(
    "who, delegation, status",
    [
        ("organiser", "a", 200),
        ("organiser", "b", 404),
        ("lead", "b", 404),
        ("viewer", "b", 200),
        ("registrant", None, 404),
        ("nobody", None, 404),
    ],
)
def test_csv_outside_scope_is_not_found(client, cast, world, deals, who, delegation, status):
    client.force_login(getattr(cast, who))
    data = {"edition": 5}
    if delegation:
        data["delegation"] = getattr(world, delegation).pk
    assert client.get(reverse("exports:deals-csv"), data).status_code == status


def test_lead_csv_has_only_their_sub_delegations_deals(client, cast, deals):
    client.force_login(cast.lead)
    text = b"".join(
        client.get(reverse("exports:deals-csv"), {"edition": 5}).streaming_content
    ).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(1)" not in text and "B only" not in text


def test_workbook_has_a_sheet_per_view_with_numeric_cells(build, client, cast, deals):
    _response, job = build(client, cast.organiser, edition=5)
    response, content = download(client, job)
    assert response.status_code == 200
    book = read_xlsx(content)
    assert list(book) == [
        "汇总", "按分团", "按展区", "按国别", "按所有制性质", "按采购商类型", "按大洲", "成交明细"
    ]  # fmt: skip
    summary = book["汇总"]
    assert summary[0][:2] == ["届次", "分组"]
    assert summary[1][1] == "交易团A"
    assert summary[1][2:6] == [2.0, 2.0, 1.0, 170000000.0]  # deals, purchasers, >100M, USD
    assert summary[1][6] == 17000.0 and summary[1][7] == 1.7  # 万美元, 亿美元
    deal_list = book["成交明细"]
    assert len(deal_list) == 3  # header + A's two deals, not B's
    exhibitors = [row[5] for row in deal_list[1:]]
    assert '\'=HYPERLINK("http://evil")' in exhibitors and "'@SUM(1)" in exhibitors
    assert b"#,##0.00" in _styles(content)


def _styles(content: bytes) -> bytes:

    return zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml")


def test_workbook_headers_in_english_on_request(build, client, cast, deals):
    _response, job = build(client, cast.organiser, edition=5, language="en")
    book = read_xlsx(download(client, job)[1])
    assert list(book) == [
        "Summary", "By sub-delegation", "By zone", "By country", "By ownership",
        "By purchaser type", "By continent", "Deal list",
    ]  # fmt: skip


def test_attendee_id_numbers_never_appear_in_exports(build, client, cast, deals):
    attendee = f.AttendeeFactory(registration=deals.s1)
    _response, job = build(client, cast.organiser, edition=5)
    content = download(client, job)[1]
    client.force_login(cast.organiser)
    csv = b"".join(client.get(reverse("exports:deals-csv"), {"edition": 5}).streaming_content)
    assert attendee.id_number.encode() not in content and attendee.id_number.encode() not in csv


def test_background_export_reports_progress_then_offers_the_file(client, cast, deals):
    client.force_login(cast.organiser)
    job = ExportJob.objects.create(requested_by=cast.organiser, edition=deals.s1.edition)
    pending = client.get(reverse("exports:export-detail", args=[job.pk])).content.decode()
    assert '<progress max="100" value="0"' in pending and 'http-equiv="refresh"' in pending
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_total=4, rows_done=2
    )
    running = client.get(reverse("exports:export-detail", args=[job.pk])).content.decode()
    assert 'value="50"' in running
    assert download(client, job)[0].status_code == 404  # not ready yet
    export_job_run(job=job)
    done = client.get(reverse("exports:export-detail", args=[job.pk])).content.decode()
    assert 'value="100"' in done and reverse("exports:export-download", args=[job.pk]) in done
    assert download(client, job)[0].status_code == 200


@pytest.mark.parametrize(
    "who, status",
    [
        ("lead", 200),  # the requester
        ("organiser", 200),  # an organiser of the job's delegation
        ("other_lead", 404),
        ("b_organiser", 404),
        ("viewer", 404),
        ("registrant", 404),
        ("nobody", 404),
    ],
)
def test_exported_file_is_only_for_the_requester_and_their_delegations_organisers(
    build, client, cast, world, deals, who, status
):
    _response, job = build(client, cast.lead, edition=5, delegation=world.a.pk)
    client.force_login(getattr(cast, who))
    assert download(client, job)[0].status_code == status
    assert client.get(reverse("exports:export-detail", args=[job.pk])).status_code == status


@pytest.mark.parametrize("who", ["registrant", "nobody"])
def test_roles_without_totals_cannot_ask_for_a_workbook(build, client, cast, deals, who):
    response, _job = build(client, getattr(cast, who), edition=5)
    assert response.status_code == 404


def test_workbook_for_a_delegation_outside_scope_is_not_found(build, client, cast, world, deals):
    response, _job = build(client, cast.organiser, edition=5, delegation=world.b.pk)
    assert response.status_code == 404


def test_old_exports_are_cleaned_up_with_their_files(build, client, cast, deals):
    _response, job = build(client, cast.organiser, edition=5)
    path = job.file.path
    assert export_jobs_clean_up() == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    assert export_jobs_clean_up(now=later) == 1
    assert not ExportJob.objects.filter(pk=job.pk).exists()

    assert not os.path.exists(path)


def test_seed_figures_come_out_of_the_export_exactly(build, client, db):
    shanghai = shanghai_state_owned_7th()
    rollup_recompute()
    organiser = f.UserFactory(role=User.Role.ORGANISER, unit=shanghai.delegation.office_unit)
    _response, job = build(client, organiser, edition=7, delegation=shanghai.delegation.pk)
    book = read_xlsx(download(client, job)[1])
    by_sub = {row[1]: row for row in book["按分团"][1:]}
    state_owned = by_sub["国资分团"]
    assert state_owned[2:6] == [136.0, 68.0, 7.0, 2837000000.0]
    assert state_owned[7] == 28.37  # 亿美元
    assert state_owned[10] == 1.32  # % on the 6th edition
    assert state_owned[11] == 19637000000.0
    assert list(by_sub) == ["国资分团", "青浦分团"]  # ranked
    deal_rows = [row for row in book["成交明细"][1:] if row[2] == "国资分团"]
    assert len(deal_rows) == 137  # the cancelled order is listed, not counted
    live = [r for r in deal_rows if r[15] != "已取消"]
    assert round(sum(Decimal(str(r[11])) for r in live), 2) == Decimal("2837000000.00")


def test_export_command_writes_the_workbook_and_the_csv(tmp_path, cast, deals, capsys):
    xlsx = tmp_path / "totals.xlsx"
    call_command("export_totals", "--user", "organiser", "--edition", "5", "--output", str(xlsx))
    assert "成交明细" in read_xlsx(xlsx.read_bytes())
    csv = tmp_path / "deals.csv"
    call_command(
        "export_totals", "--user", "lead", "--edition", "5", "--format", "csv", "--output", str(csv)
    )
    text = csv.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "@SUM" not in text


def test_lead_workbook_counts_their_own_deals_by_country(build, client, cast, deals):
    _response, job = build(client, cast.lead, edition=5)
    _response, content = download(client, job)
    rows = read_xlsx(content)["按国别"]
    data = [row for row in rows if "德国" in row]
    assert len(data) == 1  # S1's one deal; S2's and B's are not the lead's
    row = data[0]
    assert 1 in row and Decimal("150000000") in [
        Decimal(str(v)) for v in row if isinstance(v, int | float)
    ]
