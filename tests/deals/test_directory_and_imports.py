"""The exhibitor directory (search, manual entry, import) and the deal import:
template, preview, then all rows or none."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from deals.imports import services as imports
from deals.models import Deal, Exhibitor
from tests import factories as f
from tests.languages import speaking


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def kept(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("sheet.xlsx", out.getvalue())


EXHIBITOR_HEAD = ["Name", "Name (English)", "Country or region", "Zone", "Products", "Booth"]
DEAL_HEAD = [key for key, _label in imports.DEAL_COLUMNS]  # column keys are accepted too


def test_search_the_directory_by_name_country_and_zone(client, cast, world):
    siemens = f.ExhibitorFactory(edition=world.edition, name="西门子医疗", name_en="Siemens")
    f.ExhibitorFactory(edition=world.edition, name="雀巢", country="瑞士", zone=f.zone("food"))
    client.force_login(cast.registrant)
    found = lambda **q: list(client.get("/deals/exhibitors/", q).context["exhibitors"])  # noqa: E731
    assert found(q="siemens") == [siemens]
    assert [x.name for x in found(country="瑞士")] == ["雀巢"]
    assert [x.name for x in found(zone="food")] == ["雀巢"]
    api = client.get("/api/exhibitors/", {"q": "西门子"}).json()["results"]
    assert [x["name"] for x in api] == ["西门子医疗"]


def test_office_enters_an_exhibitor_by_hand(client, cast, world):
    client.force_login(cast.organiser)
    data = {
        "edition": world.edition.pk,
        "name": "GE医疗",
        "country": "美国",
        "zone": f.zone("medical").pk,
        "products": "超声 CT",
    }
    assert client.post("/deals/exhibitors/new/", data).status_code == 302
    assert Exhibitor.objects.get().country == "美国"
    # The same name and country twice in one edition is refused.
    response = client.post("/deals/exhibitors/new/", data)
    assert response.status_code == 200
    assert Exhibitor.objects.count() == 1


def test_exhibitor_import_previews_then_imports_all_rows(client, cast, world, media):
    client.force_login(cast.organiser)
    template = client.get("/deals/import/template/exhibitors.xlsx")
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == "Name"
    rows = [
        EXHIBITOR_HEAD,
        ["西门子医疗", "Siemens", "德国", "medical", "CT MRI", "1.1A"],
        ["雀巢", "", "瑞士", "食品及农产品", "奶粉", ""],
    ]
    response = client.post(
        "/deals/exhibitors/import/", {"edition": world.edition.pk, "file": xlsx(rows)}
    )
    assert response.context["preview"].ok
    assert Exhibitor.objects.count() == 0
    token = response.context["token"]
    response = client.post(
        "/deals/exhibitors/import/", {"edition": world.edition.pk, "token": token, "confirm": 1}
    )
    assert response.status_code == 302
    assert sorted(Exhibitor.objects.values_list("name", flat=True)) == ["西门子医疗", "雀巢"]
    assert kept(media) == []  # the upload waited on the server, and is gone once imported
    response = client.post(
        "/deals/exhibitors/import/", {"edition": world.edition.pk, "token": token, "confirm": 1}
    )
    assert "Upload the spreadsheet again." in client.get(response.url).content.decode()


def test_exhibitor_import_with_one_bad_row_imports_nothing(client, cast, world):
    client.force_login(cast.organiser)
    rows = [
        EXHIBITOR_HEAD,
        ["西门子医疗", "", "德国", "medical", "CT", ""],
        ["无名", "", "", "no-such-zone", "", ""],
    ]
    response = client.post(
        "/deals/exhibitors/import/", {"edition": world.edition.pk, "file": xlsx(rows)}
    )
    preview = response.context["preview"]
    assert not preview.ok
    assert preview.rows[1].line == 3
    assert "Unknown zone “no-such-zone”." in preview.rows[1].errors
    token = response.context["token"]
    client.post(
        "/deals/exhibitors/import/", {"edition": world.edition.pk, "token": token, "confirm": 1}
    )
    assert Exhibitor.objects.count() == 0


def test_deal_import_converts_rmb_and_is_all_or_nothing(client, cast, world, approved, rmb_rate):
    code = approved.s1.purchaser.credit_code
    client.force_login(cast.registrant)
    good = [code, "Siemens", "德国", "medical", "CT", "1234567.89", "CNY", "2022-11-06", ""]
    bad = [code, "Roche", "瑞士", "medical", "试剂", "-5", "CNY", "2022-11-06", ""]
    response = client.post(
        "/deals/import/", {"edition": world.edition.pk, "file": xlsx([DEAL_HEAD, good, bad])}
    )
    preview = response.context["preview"]
    assert preview.rows[0].values["amount_usd"] == "176,366.84"
    assert preview.rows[1].errors == ["An amount must be more than zero."]
    token = response.context["token"]
    client.post("/deals/import/", {"edition": world.edition.pk, "token": token, "confirm": 1})
    assert Deal.objects.count() == 0

    other = [
        approved.s2.purchaser.credit_code,
        "X",
        "德国",
        "medical",
        "CT",
        "1",
        "USD",
        "2022-11-06",
        "",
    ]
    response = client.post(
        "/deals/import/", {"edition": world.edition.pk, "file": xlsx([DEAL_HEAD, good, other])}
    )
    assert "No approved purchaser of your scope" in response.context["preview"].rows[1].errors[0]

    response = client.post(
        "/deals/import/", {"edition": world.edition.pk, "file": xlsx([DEAL_HEAD, good, good])}
    )
    preview = response.context["preview"]
    assert preview.ok and preview.rows[1].warnings
    token = response.context["token"]
    client.post("/deals/import/", {"edition": world.edition.pk, "token": token, "confirm": 1})
    assert Deal.objects.count() == 0  # flagged duplicates need the confirmation
    response = client.post(
        "/deals/import/",
        {"edition": world.edition.pk, "token": token, "confirm": 1, "confirm_duplicates": 1},
    )
    assert (response.status_code, response.url) == (302, "/deals/")
    assert list(Deal.objects.values_list("amount_usd", flat=True)) == [Decimal("176366.84")] * 2


def test_numbers_typed_in_excel_arrive_exact(cast, world, approved, rmb_rate):
    rows = imports.sheet_rows(
        xlsx(
            [
                DEAL_HEAD,
                [
                    approved.s1.purchaser.credit_code,
                    "S",
                    "德国",
                    "medical",
                    "CT",
                    1234567.89,
                    "cny",
                    "2022-11-06",
                    "",
                ],
            ]
        ),
        "deals",
    )
    assert rows[0]["amount"] == "1234567.89"
    deals = imports.import_deals(by=cast.registrant, edition=world.edition, rows=rows)
    assert deals[0].amount == Decimal("1234567.89")
    assert deals[0].amount_usd == Decimal("176366.84")


def test_template_headings_are_read_in_either_language(cast, world):

    with speaking("zh-hans"):
        chinese = [str(label) for _key, label in imports.EXHIBITOR_COLUMNS]
    assert chinese[0] == "名称"
    rows = imports.sheet_rows(
        xlsx([chinese, ["西门子医疗", "", "德国", "医疗器械及医药保健", "", ""]]), "exhibitors"
    )
    assert imports.preview_exhibitors(edition=world.edition, rows=rows).ok


def test_directory_api_entry_by_office_and_leads_only(client, cast, world):
    body = {"edition": 5, "name": "Roche", "country": "瑞士", "zone": "medical", "products": "试剂"}
    client.force_login(cast.registrant)
    assert client.post("/api/exhibitors/", body, content_type="application/json").status_code == 403
    client.force_login(cast.viewer)
    assert client.post("/api/exhibitors/", body, content_type="application/json").status_code == 403
    client.force_login(cast.lead)
    response = client.post("/api/exhibitors/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Exhibitor.objects.get().zone.code == "medical"
    response = client.post("/api/exhibitors/", body, content_type="application/json")
    assert response.status_code == 400  # same name and country in the same edition
