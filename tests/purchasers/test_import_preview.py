"""The import preview shows what will be written (firms and people, by page), each error
with its row, firm, column and value; another upload keeps the choices made; the sheet with
its errors marked comes back down, is corrected and goes up again."""

import io

import pytest
from openpyxl import load_workbook

from purchasers.models import Registration

from ..factories import valid_credit_code, valid_resident_id
from .import_sheets import firm_row, good_rows, sheet, upload

pytestmark = pytest.mark.django_db
IMPORT = "/registrations/import/"


def _post(client, user, content, *, sub, agency=None):
    client.force_login(user)
    data = {"sub_delegation": sub.pk, "file": upload(content)}
    if agency:
        data["lead_agency"] = agency.pk
    return client.post(IMPORT, data)


def test_preview_lists_the_firms_and_people_it_will_write(client, cast, world):
    response = _post(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    page = client.get(response.url).content.decode()
    assert 'id="import-firms"' in page
    assert "青海昆仑商贸有限公司" in page and "青海高原医药有限公司" in page
    assert "张三" in page and "李四" in page and "Anna Li" in page
    assert "医院或医疗机构" in page  # the type by its label, as the lead will read it
    # People are told apart by masked numbers; the whole numbers are not repeated here.
    whole = valid_resident_id(11)
    assert whole not in page and whole[:3] + "*" * 11 + whole[-4:] in page
    assert Registration.objects.count() == 0


def test_preview_pages_through_many_firms(client, cast, world):
    rows = [firm_row(valid_credit_code(800000 + n), name=f"分页测试公司{n:03d}") for n in range(60)]
    response = _post(client, cast.registrant, sheet(rows), sub=world.s2)
    first = client.get(response.url).content.decode()
    assert "分页测试公司000" in first and "分页测试公司049" in first
    assert "分页测试公司050" not in first and 'rel="next"' in first
    second = client.get(response.url + "?page=2").content.decode()
    assert "分页测试公司050" in second and "分页测试公司059" in second
    assert 'id="confirm-import"' in second


def test_another_upload_keeps_the_sub_delegation_and_lead_agency(client, cast, world):
    response = _post(client, cast.lead, sheet(good_rows()), sub=world.s1, agency=world.s1_firms)
    page = client.get(response.url).content.decode()
    link = (
        f"/registrations/import/?sub_delegation={world.s1.pk}&amp;lead_agency={world.s1_firms.pk}"
    )
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert f'<option value="{world.s1.pk}" selected>' in form
    assert f'<option value="{world.s1_firms.pk}" selected>' in form
    # The preview's own upload form carries the choices along.
    assert f'name="lead_agency" value="{world.s1_firms.pk}"' in page
    again = client.post(
        IMPORT,
        {
            "sub_delegation": world.s1.pk,
            "lead_agency": world.s1_firms.pk,
            "file": upload(sheet(good_rows())),
        },
    )
    client.post(again.url)
    assert set(Registration.objects.values_list("lead_agency", flat=True)) == {world.s1_firms.pk}


def test_the_sheet_with_its_errors_is_corrected_and_uploaded_again(client, cast, world):
    rows = good_rows()
    wrong = valid_resident_id(12)[:-1] + ("0" if valid_resident_id(12)[-1] != "0" else "1")
    rows[1][10] = wrong
    response = _post(client, cast.registrant, sheet(rows), sub=world.s2)
    page = client.get(response.url).content.decode()
    assert f"<code>{wrong}</code>" in page and "青海昆仑商贸有限公司" in page

    token = response.url.rstrip("/").rsplit("/", 1)[1]
    download = client.get(f"/registrations/import/{token}/errors.xlsx")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(download.content))
    data = workbook.worksheets[0]
    header = [c.value for c in data[1]]
    assert header[0] == "错误" and header[1].startswith("统一社会信用代码")
    marked = [r for r in data.iter_rows(min_row=2, values_only=True) if r[0]]
    id_number = header.index("证件号码")
    assert len(marked) == 1 and "证件号码" in marked[0][0] and marked[0][id_number] == wrong
    only = load_workbook(
        io.BytesIO(client.get(f"/registrations/import/{token}/errors.xlsx?rows=errors").content)
    ).worksheets[0]
    assert only.max_row == 2

    # The clerk corrects the number in the downloaded sheet and uploads it as it is.
    for row in data.iter_rows(min_row=2):
        if row[id_number].value == wrong:
            row[id_number].value = valid_resident_id(12)
    fixed = io.BytesIO()
    workbook.save(fixed)
    again = _post(client, cast.registrant, fixed.getvalue(), sub=world.s2)
    preview = client.get(again.url).content.decode()
    assert 'id="ready"' in preview
    client.post(again.url)
    assert Registration.objects.count() == 2


def test_no_error_sheet_for_a_sheet_without_errors(client, cast, world):
    response = _post(client, cast.registrant, sheet(good_rows()), sub=world.s2)
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/registrations/import/{token}/errors.xlsx").status_code == 404
    client.force_login(cast.other_registrant)
    assert client.get(f"/registrations/import/{token}/errors.xlsx").status_code == 404
