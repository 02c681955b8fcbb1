import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from delegations.sheets import MAX_FILE_BYTES
from purchasers.models import Purchaser, Registration, RegistrationEvent

from .. import factories as f
from .import_sheets import firm_row, good_rows, sheet, upload

IMPORT = reverse("imports:upload")


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media: Path) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def post(client, user, content, *, sub, agency=None, name="sheet.xlsx"):
    client.force_login(user)
    data = {"sub_delegation": sub.pk, "file": upload(content, name)}
    if agency:
        data["lead_agency"] = agency.pk
    return client.post(IMPORT, data)


@pytest.mark.parametrize(
    "who,status",
    [
        ("organiser", 200),
        ("lead", 200),
        ("other_lead", 200),
        ("registrant", 200),
        ("other_registrant", 200),
        ("b_organiser", 200),
        ("viewer", 403),
        ("nobody", 403),
    ],
)
def test_import_page_for_every_role(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(IMPORT).status_code == status
    assert client.get(reverse("imports:template")).status_code == 200


def test_signed_out_visitor_is_sent_to_login(client, db):
    for url in (IMPORT, reverse("imports:template")):
        assert client.get(url).url.startswith(reverse("login"))


def test_template_download_follows_language(client, cast):
    client.force_login(cast.registrant)
    response = client.get(reverse("imports:template"))
    data = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert data["A1"].value == "统一社会信用代码*"
    response = client.get(reverse("imports:template") + "?lang=en")
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == (
        "Unified social credit code*"
    )


def test_registrant_cannot_import_into_a_sub_delegation_outside_their_scope(client, cast, world):
    response = post(client, cast.registrant, sheet(good_rows()), sub=world.sb)
    assert response.status_code == 404
    response = post(client, cast.lead, sheet(good_rows()), sub=world.s2)
    assert response.status_code == 404
    assert Registration.objects.count() == 0


def test_preview_then_confirm_imports_the_stored_file(client, cast, world, media):
    response = post(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    preview = response.url
    page = client.get(preview)
    assert "将以草稿形式登记 2 家单位" in page.content.decode()
    assert Registration.objects.count() == 0
    response = client.post(preview)
    assert response.status_code == 302
    assert (
        Registration.objects.filter(sub_delegation=world.s2, unit=world.units.tourism).count() == 2
    )
    assert RegistrationEvent.objects.filter(kind="imported").count() == 2
    assert stored(media) == []
    assert client.post(preview).status_code == 404  # the token is spent


def test_co_led_sub_delegation_needs_its_lead_agency(client, cast, world):
    response = post(client, cast.registrant, sheet(good_rows()), sub=world.s1)
    assert "请选择企业计入哪家牵头单位" in response.content.decode()
    response = post(
        client, cast.registrant, sheet(good_rows()), sub=world.s1, agency=world.s2_agency
    )
    assert "请选择该交易分团的一家牵头单位" in response.content.decode()
    response = post(
        client, cast.registrant, sheet(good_rows()), sub=world.s1, agency=world.s1_firms
    )
    client.post(response.url)
    assert set(Registration.objects.values_list("lead_agency", flat=True)) == {world.s1_firms.pk}


def test_lead_importing_into_their_co_led_sub_delegation_counts_towards_their_agency(
    client, cast, world
):
    response = post(client, cast.lead, sheet(good_rows()), sub=world.s1)
    client.post(response.url)
    assert set(Registration.objects.values_list("lead_agency", flat=True)) == {
        world.s1_hospitals.pk
    }


def test_another_users_token_is_not_found(client, cast, world):
    response = post(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    preview = response.url
    client.force_login(cast.other_registrant)
    assert client.get(preview).status_code == 404
    assert client.post(preview).status_code == 404
    assert Registration.objects.count() == 0


def test_row_errors_are_listed_with_row_and_column_and_import_is_not_offered(client, cast, world):
    rows = good_rows()
    rows[2][0] = "91630100MA00000001"
    response = post(client, cast.registrant, sheet(rows), sub=world.s2)
    page = client.get(response.url).content.decode()
    assert (
        '<td class="num">4</td><td>青海高原医药有限公司</td><td>统一社会信用代码</td>'
        '<td class="value"><code>91630100MA00000001</code></td>'
    ) in page
    assert "confirm-import" not in page
    client.post(response.url)
    assert Registration.objects.count() == 0


def _formula_sheet() -> bytes:
    rows = good_rows()
    content = sheet(rows)
    workbook = load_workbook(io.BytesIO(content))
    workbook.worksheets[0]["E3"] = '=A2&"路"'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _wrong_headers() -> bytes:
    workbook = Workbook()
    workbook.active.append(["企业名称", "信用代码", "联系人"])
    workbook.active.append(["某公司", f.valid_credit_code(5), "王"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _blank_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "not_xlsx": (lambda: "统一社会信用代码,单位名称\n".encode(), "这不是 .xlsx 文件"),
    "renamed_word_document": (lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 600, "这不是 .xlsx 文件"),
    "wrong_headers": (_wrong_headers, "表头与模板不一致（缺少列：统一社会信用代码"),
    "too_large": (lambda: b"PK" + b"\0" * MAX_FILE_BYTES, "文件超过 5 MB"),
    "formula": (_formula_sheet, "单元格 E3 含有公式"),
    "empty_file": (lambda: b"", None),
    "blank_workbook": (_blank_workbook, "工作表是空的"),
    "headers_only": (lambda: sheet([]), "工作表只有表头没有数据"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_gets_a_clear_message_and_writes_nothing(client, cast, world, media, case):
    make, message = BAD_FILES[case]
    before = (Purchaser.objects.count(), Registration.objects.count())
    response = post(client, cast.registrant, make(), sub=world.s2)
    assert response.status_code == 200
    page = response.content.decode()
    if message:
        assert message in page
    else:  # Django's own form refuses an empty upload before the import sees it
        assert "提交的是空文件" in page
    assert (Purchaser.objects.count(), Registration.objects.count()) == before
    assert stored(media) == []


def test_bad_file_message_in_english(english, client, cast, world):
    client.force_login(cast.registrant)
    response = client.post(
        IMPORT,
        {"sub_delegation": world.s2.pk, "file": upload(_formula_sheet())},
    )
    assert "Cell E3 holds a formula" in response.content.decode()


def test_duplicate_row_in_database_is_shown_in_the_preview(client, cast, world, registrations):
    taken = registrations.b.purchaser.credit_code
    response = post(client, cast.registrant, sheet([firm_row(taken)]), sub=world.s2)
    page = client.get(response.url).content.decode()
    assert "该企业本届已由交易团B" in page
    assert settings.MEDIA_ROOT
