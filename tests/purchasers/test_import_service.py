import io

import pytest
from openpyxl import load_workbook

import purchasers.imports.services as imports
from benchmarks.registration_import import build_sheet
from purchasers.imports.services import ImportFileError, registration_import
from purchasers.imports.sheet import registration_template
from purchasers.models import Attendee, Purchaser, Registration, RegistrationEvent
from tests.languages import speaking

from .. import factories as f
from .import_sheets import CODE_A, CODE_B, firm_row, good_rows, sheet


@pytest.fixture(autouse=True)
def chinese():
    with speaking("zh-hans"):
        yield


def run(cast, world, content, *, dry_run=False, user=None, sub=None, agency=None):
    return registration_import(
        user=user or cast.registrant,
        sub_delegation=sub or world.s2,
        lead_agency=agency or world.s2_agency,
        file=io.BytesIO(content),
        dry_run=dry_run,
    )


def test_template_has_chinese_headers_a_type_dropdown_and_instructions(db):
    workbook = load_workbook(io.BytesIO(registration_template(language="zh-hans")))
    data = workbook.worksheets[0]
    headers = [c.value for c in data[1]]
    assert headers[0] == "统一社会信用代码*"
    assert "采购商类型*" in headers
    lists = [v.formula1 for v in data.data_validations.dataValidation]
    assert any("$A$1:$A$16" in formula for formula in lists)
    kinds = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "批发零售企业" in kinds
    instructions = " ".join(r[0] for r in workbook.worksheets[2].iter_rows(values_only=True))
    assert "每行一名参会人员" in instructions


def test_english_template_has_english_headers(db):
    data = load_workbook(io.BytesIO(registration_template(language="en"))).worksheets[0]
    assert data["A1"].value == "Unified social credit code*"


def test_good_sheet_creates_draft_registrations_with_attendees_and_history(cast, world):
    result = run(cast, world, sheet(good_rows()))
    assert result.imported and result.errors == []
    registrations = Registration.objects.filter(sub_delegation=world.s2)
    assert registrations.count() == 2
    firm_a = registrations.get(purchaser__credit_code=CODE_A)
    assert firm_a.status == Registration.Status.DRAFT
    assert firm_a.edition == world.edition
    assert firm_a.unit == world.units.tourism
    assert firm_a.registered_by == cast.registrant
    assert sorted(a.name for a in firm_a.attendees.all()) == ["张三", "李四"]
    firm_b = registrations.get(purchaser__credit_code=CODE_B)
    assert firm_b.kind == Purchaser.Kind.HOSPITAL
    assert firm_b.attendees.get().id_type == Attendee.IdType.PASSPORT
    events = RegistrationEvent.objects.filter(registration__in=registrations)
    assert sorted(e.kind for e in events) == ["imported", "imported"]
    assert {e.actor for e in events} == {cast.registrant}


def test_english_headers_and_labels_are_accepted(cast, world):
    rows = [firm_row(kind="import trader", id_number=f.valid_resident_id(21), id_type="passport")]
    rows[0][10] = "P1234567"
    result = run(cast, world, sheet(rows, language="en"))
    assert result.imported, result.errors
    registration = Registration.objects.get(purchaser__credit_code=CODE_A)
    assert registration.kind == Purchaser.Kind.IMPORT_TRADER


def test_existing_purchaser_is_reused_by_credit_code(cast, world):
    earlier = f.PurchaserFactory(credit_code=CODE_A, name="旧名称")
    run(cast, world, sheet(good_rows()))
    assert Purchaser.objects.filter(credit_code=CODE_A).count() == 1
    assert Registration.objects.get(purchaser__credit_code=CODE_A).purchaser_id == earlier.pk


def test_every_row_error_is_reported_by_row_and_column_and_nothing_is_written(cast, world):
    rows = good_rows()
    rows[1][10] = "630102198001010010"  # wrong check digit
    rows.append(firm_row(valid_code := f.valid_credit_code(900003), kind="不存在的类型"))
    rows.append(firm_row(valid_code, name="另一个名字"))
    rows.append(firm_row("91630100MA00000001", id_number=f.valid_resident_id(11)))
    result = run(cast, world, sheet(rows))
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "证件号码") in found
    assert (5, "采购商类型") in found
    assert (6, "单位名称") in found  # differs from the firm's first row
    assert (7, "统一社会信用代码") in found
    assert (7, "证件号码") in found  # the same person as row 2
    assert not result.imported
    assert Registration.objects.count() == 0 and Purchaser.objects.count() == 0


def test_messages_are_those_of_the_registration_form(cast, world):
    rows = [firm_row("91630100MA00000001")]
    result = run(cast, world, sheet(rows))
    assert [e.message for e in result.errors] == [
        "统一社会信用代码的校验位不符：请与营业执照逐字核对。"
    ] or "校验" in result.errors[0].message


def test_firm_registered_elsewhere_is_refused_without_its_details(cast, world, registrations):
    taken = registrations.b.purchaser.credit_code
    result = run(cast, world, sheet([firm_row(taken)]))
    (error,) = result.errors
    assert error.row == 2 and error.column == "统一社会信用代码"
    assert world.b.display_name in error.message
    assert registrations.b.get_status_display() not in error.message


def test_person_registered_this_edition_is_refused(cast, world, registrations):
    person = f.AttendeeFactory(registration=registrations.s1)
    rows = [firm_row(id_number=person.id_number)]
    result = run(cast, world, sheet(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "证件号码")]
    assert registrations.s1.name in result.errors[0].message


def test_dry_run_reports_but_writes_nothing(cast, world):
    result = run(cast, world, sheet(good_rows()), dry_run=True)
    assert result.ok and not result.imported
    assert (result.rows, result.firms, result.attendees) == (3, 2, 3)
    assert Registration.objects.count() == 0


def test_error_in_row_9999_of_a_big_sheet_leaves_the_database_unchanged(cast, world):

    content = build_sheet(rows=9_999, bad_row=9_998)
    result = run(cast, world, content)
    assert [(e.row, e.column) for e in result.errors] == [(9_999, "统一社会信用代码")]
    assert Registration.objects.count() == 0
    assert Purchaser.objects.count() == 0
    assert Attendee.objects.count() == 0


def test_race_on_the_same_firm_is_refused_by_the_database(cast, world, monkeypatch):
    """A firm registered between the check and the write: the constraint says no, the whole
    import rolls back and the user is told to check again."""

    real = imports.check_rows

    def check_then_someone_else_registers(**kwargs):
        firms, errors = real(**kwargs)
        f.RegistrationFactory(
            purchaser=f.PurchaserFactory(credit_code=CODE_B), lead_agency=world.s1_firms
        )
        return firms, errors

    monkeypatch.setattr(imports, "check_rows", check_then_someone_else_registers)
    with pytest.raises(ImportFileError):
        run(cast, world, sheet(good_rows()))
    assert not Registration.objects.filter(purchaser__credit_code=CODE_A).exists()
