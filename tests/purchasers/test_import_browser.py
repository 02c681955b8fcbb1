import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from delegations.validators import validate_resident_id
from purchasers.models import Attendee, Registration
from tests.languages import speaking

from .import_sheets import good_rows, write_rows

GOOD_ID = good_rows()[1][10]
BAD_ID = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")  # a wrong check digit


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Zones and regions come from a data migration, which an earlier transactional test's
    flush has emptied: load them again, the way the migration does."""

    load = importlib.import_module("delegations.migrations.0002_zones_and_regions").load
    load(apps, None)


def fill(template_path, rows, out_path):
    with open(template_path, "rb") as handle:
        workbook = load_workbook(handle)
    write_rows(workbook.worksheets[0], rows)
    workbook.save(out_path)
    return str(out_path)


def upload(page, world, path):
    page.select_option("#id_sub_delegation", str(world.s2.pk))
    page.set_input_files("#id_file", path)
    page.click("button.primary")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_registrant_imports_the_template_sees_the_bad_row_fixes_it_and_imports(
    login, live_server, cast, world, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = login(cast.registrant)
    page.click("nav >> text=报名")
    page.click("text=从表格导入")
    with page.expect_download() as download:
        page.click("#template-link")
    template = download.value.path()

    rows = good_rows()
    rows[1][10] = BAD_ID
    upload(page, world, fill(template, rows, tmp_path / "bad.xlsx"))
    error_row = page.locator("#row-errors tbody tr")
    assert error_row.count() == 1
    cells = error_row.first.locator("td").all_inner_texts()
    with speaking("zh-hans"), pytest.raises(ValidationError) as expected:
        validate_resident_id(BAD_ID)
    assert cells == ["3", "青海昆仑商贸有限公司", "证件号码", BAD_ID, expected.value.messages[0]]
    assert page.locator("#confirm-import").count() == 0
    assert Registration.objects.count() == 0

    rows[1][10] = GOOD_ID
    page.click("text=上传其他文件")
    upload(page, world, fill(template, rows, tmp_path / "fixed.xlsx"))
    assert "2 家单位、3 名参会人员" in page.locator("#ready").inner_text()
    page.click("#confirm-import")
    # The imported drafts, in the list they are submitted from.
    page.wait_for_url(f"{live_server.url}/registrations/?status=draft")
    assert "已导入 2 条报名" in page.locator(".messages").inner_text()
    assert page.locator("table.data tbody tr").count() == 2
    assert Registration.objects.filter(status="draft", registered_by=cast.registrant).count() == 2
    assert Attendee.objects.filter(id_number=GOOD_ID).exists()
