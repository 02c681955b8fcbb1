"""Every spreadsheet the product reads goes through one import core: a bad file gets the same
clear refusal whichever page it is uploaded to, and nothing is written or kept."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from deals.imports import services as deal_imports
from deals.models import Deal, Exhibitor
from delegations import sheets
from delegations.languages import language_codes
from purchasers.checks.sheet import CHECK_RESULT_SHEET
from purchasers.imports.sheet import REGISTRATION_SHEET
from purchasers.models import Purchaser, Registration, RegistrationEvent


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _workbook(headers: list[str], rows: int = 2) -> Workbook:
    workbook = Workbook()
    workbook.active.append(headers)
    for number in range(rows):
        workbook.active.append([f"值{number}"] * len(headers))
    return workbook


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _headers(kind: sheets.SheetKind) -> list[str]:
    return list(kind.headers("zh-hans").values())


def _formula(kind):
    workbook = _workbook(_headers(kind))
    workbook.active["B3"] = "=A2&A3"
    return _bytes(workbook)


def _zip_bomb(kind):
    """A real sheet with one more member that unpacks to over 100 MB (about 100 KB packed)."""
    buffer = io.BytesIO(_bytes(_workbook(_headers(kind))))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (sheets.MAX_UNCOMPRESSED_BYTES + 1))
    return buffer.getvalue()


def _no_workbook(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _wrong_headers(kind):
    return _bytes(_workbook(["企业名称", "备注二", "联系人"]))


def _blank(kind):
    return _bytes(Workbook())


def _headers_only(kind):
    return _bytes(_workbook(_headers(kind), rows=0))


def _too_many_rows(kind):
    return _bytes(_workbook(_headers(kind), rows=sheets.MAX_ROWS + 1))


LIMITS = {
    "not_xlsx": (lambda kind: "统一社会信用代码,结果\n".encode(), "这不是 .xlsx 文件"),
    "old_excel_file": (lambda kind: b"\xd0\xcf\x11\xe0" + b"\0" * 600, "这不是 .xlsx 文件"),
    "zip_without_workbook": (_no_workbook, "这不是 .xlsx 文件"),
    "too_large": (lambda kind: b"PK" + b"\0" * sheets.MAX_FILE_BYTES, "文件超过 5 MB"),
    "zip_bomb": (_zip_bomb, "文件超过 5 MB"),
    "formula": (_formula, "单元格 B3 含有公式"),
    "too_many_rows": (_too_many_rows, "工作表超过 3 行"),
    "blank_workbook": (_blank, "工作表是空的"),
    "headers_only": (_headers_only, "工作表只有表头没有数据"),
    "wrong_headers": (_wrong_headers, "表头与模板不一致"),
}


def _upload(content: bytes):

    return SimpleUploadedFile("sheet.xlsx", content)


def _post_registrations(client, cast, world, content):
    client.force_login(cast.registrant)
    return client.post(
        "/registrations/import/", {"sub_delegation": world.s2.pk, "file": _upload(content)}
    )


def _post_deals(client, cast, world, content):
    client.force_login(cast.registrant)
    return client.post(
        "/deals/import/", {"edition": world.edition.pk, "file": _upload(content)}, follow=True
    )


def _post_exhibitors(client, cast, world, content):
    client.force_login(cast.organiser)
    return client.post(
        "/deals/exhibitors/import/",
        {"edition": world.edition.pk, "file": _upload(content)},
        follow=True,
    )


def _post_check_results(client, cast, world, content):
    client.force_login(cast.credit_checker)
    return client.post("/review/checks/import/", {"file": _upload(content)})


KINDS = {
    "registrations": (REGISTRATION_SHEET, _post_registrations),
    "deals": (deal_imports.DEAL_SHEET, _post_deals),
    "exhibitors": (deal_imports.EXHIBITOR_SHEET, _post_exhibitors),
    "check_results": (CHECK_RESULT_SHEET, _post_check_results),
}


def _written() -> tuple:
    return (
        Purchaser.objects.count(),
        Registration.objects.count(),
        RegistrationEvent.objects.count(),
        Deal.objects.count(),
        Exhibitor.objects.count(),
    )


def _kept(media: Path) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.parametrize("limit", LIMITS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_limit_refuses_every_kind_of_sheet_the_same_way_and_writes_nothing(
    client, cast, world, media, monkeypatch, kind, limit
):
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    sheet_kind, post = KINDS[kind]
    make, message = LIMITS[limit]
    content = make(sheet_kind)
    before = _written()
    response = post(client, cast, world, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _written() == before
    assert _kept(media) == []


def test_the_same_limits_hold_for_the_management_command(cast, world, tmp_path):

    path = tmp_path / "deals.xlsx"
    path.write_bytes(_formula(deal_imports.DEAL_SHEET))
    with pytest.raises(CommandError, match="B3"):
        call_command("import_sheet", "deals", str(path), edition=5, user="registrant")
    assert Deal.objects.count() == 0


def test_headers_are_matched_in_chinese_or_english_for_every_kind():
    for kind, _post in KINDS.values():
        for language in language_codes():
            workbook = _workbook(list(kind.headers(language).values()), rows=1)
            rows = sheets.read_sheet(io.BytesIO(_bytes(workbook)), kind)
            assert [row.number for row in rows] == [2]
            assert set(rows[0].values) == {c.key for c in kind.columns}


def test_unconfirmed_uploads_are_deleted_after_a_day(cast, media):

    token = sheets.upload_store(
        kind=CHECK_RESULT_SHEET, user=cast.registrant, file=io.BytesIO(b"x"), meta={}
    )
    assert len(_kept(media)) == 2
    assert sheets.uploads_clean_up() == 0
    later = timezone.now() + datetime.timedelta(seconds=sheets.STORED_FOR_SECONDS + 60)
    assert sheets.uploads_clean_up(now=later) == 2
    assert _kept(media) == []
    with pytest.raises(FileNotFoundError):
        sheets.upload_load(kind=CHECK_RESULT_SHEET, user=cast.registrant, token=token)


def test_a_stored_upload_is_only_its_uploaders(cast):
    token = sheets.upload_store(
        kind=CHECK_RESULT_SHEET, user=cast.registrant, file=io.BytesIO(b"x"), meta={"a": 1}
    )
    with pytest.raises(FileNotFoundError):
        sheets.upload_load(kind=CHECK_RESULT_SHEET, user=cast.other_registrant, token=token)
    with pytest.raises(FileNotFoundError):
        sheets.upload_load(kind=REGISTRATION_SHEET, user=cast.registrant, token=token)
    file, meta = sheets.upload_load(kind=CHECK_RESULT_SHEET, user=cast.registrant, token=token)
    assert (file.read(), meta) == (b"x", {"a": 1})


def test_dates_and_numbers_read_as_typed():

    workbook = _workbook(_headers(deal_imports.DEAL_SHEET), rows=0)
    workbook.active.append(
        ["91630100MA00000011", "S", "德国", "medical", "CT", 1234567.89, "CNY"]
        + [datetime.date(2022, 11, 6), ""]
    )
    (row,) = sheets.read_sheet(io.BytesIO(_bytes(workbook)), deal_imports.DEAL_SHEET)
    assert row.values["amount"] == "1234567.89"
    assert row.values["signed_on"] == "2022-11-06"
