"""A firm's ownership (所有制性质): the bureau's list, kept on each registration whichever
way it comes in (the page, the API, the sheet), and extended by the national administrator."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from purchasers.imports.services import registration_import
from purchasers.imports.sheet import registration_template
from purchasers.models import Ownership, Registration

from .. import factories as f
from .helpers import firm, page_post, person
from .import_sheets import CODE_A, CODE_B, firm_row, sheet

pytestmark = pytest.mark.django_db


def test_the_bureaus_seven_ownerships_are_there_in_both_languages():
    names = list(Ownership.objects.values_list("name", flat=True))
    assert names == [
        "国有及国有控股", "民营", "外商投资", "港澳台投资", "事业单位", "政府机关", "社会组织"
    ]  # fmt: skip
    with translation.override("en"):
        assert f.ownership("foreign_invested").display_name == "foreign-invested"


def test_the_registration_page_keeps_the_ownership_and_the_history_says_it(client, cast, world):
    client.force_login(cast.registrant)
    form = client.get(reverse("registrations:create")).content.decode()
    assert 'name="p-ownership"' in form and "港澳台投资" in form
    response = client.post(
        reverse("registrations:create"),
        page_post(
            lead_agency=world.s2_agency,
            purchaser=firm(931, ownership="hk_macao_taiwan"),
            attendees=[person(31)],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    registration = Registration.objects.get(purchaser__credit_code=firm(931)["credit_code"])
    assert registration.ownership.code == "hk_macao_taiwan"
    assert registration.purchaser.ownership.code == "hk_macao_taiwan"  # latest known
    page = client.get(reverse("registrations:detail", args=[registration.pk])).content.decode()
    assert "港澳台投资" in page
    assert "所有制性质: — → 港澳台投资" in page  # the history's created entry


def test_the_api_takes_and_gives_the_ownership_by_its_code(cast, world):
    api = APIClient()
    api.force_authenticate(cast.registrant)
    response = api.post(
        "/api/registrations/",
        {
            "sub_delegation": world.s2.pk,
            "purchaser": {"credit_code": firm(932)["credit_code"], "name": "甲公司",
                          "ownership": "state_owned"},
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["purchaser"]["ownership"] == "state_owned"
    wrong = api.patch(
        f"/api/registrations/{response.json()['id']}/",
        {"purchaser": {"ownership": "no_such_thing"}},
        format="json",
    )
    assert wrong.status_code == 400 and "ownership" in wrong.json()["purchaser"]


def _import(cast, world, rows, language="zh-hans"):
    with translation.override(language):
        return registration_import(
            user=cast.registrant,
            sub_delegation=world.s2,
            lead_agency=world.s2_agency,
            file=io.BytesIO(sheet(rows, language=language)),
            dry_run=False,
        )


def test_the_template_offers_the_ownerships_as_a_dropdown(db):
    workbook = load_workbook(io.BytesIO(registration_template(language="zh-hans")))
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert headers[3] == "所有制性质"
    lists = [v.formula1 for v in workbook.worksheets[0].data_validations.dataValidation]
    assert any("$C$1:$C$7" in formula for formula in lists)
    offered = [row[2] for row in workbook.worksheets[1].iter_rows(values_only=True) if row[2]]
    assert offered == [o.name for o in Ownership.objects.all()]


def test_the_import_keeps_the_ownership_named_in_chinese_or_english(cast, world):
    result = _import(
        cast,
        world,
        [
            firm_row(CODE_A, ownership="外商投资", id_number=f.valid_resident_id(41)),
            firm_row(CODE_B, name="青海高原医药有限公司", ownership="Private"),
        ],
    )
    assert result.imported, result.errors
    ownership = dict(
        Registration.objects.filter(sub_delegation=world.s2).values_list(
            "purchaser__credit_code", "ownership__code"
        )
    )
    assert ownership == {CODE_A: "foreign_invested", CODE_B: "private"}


def test_an_unknown_ownership_is_a_row_error_that_names_the_list(cast, world):
    result = _import(
        cast,
        world,
        [
            firm_row(CODE_A, id_number=f.valid_resident_id(42)),
            firm_row(CODE_B, name="青海高原医药有限公司", ownership="集体所有制"),
        ],
    )
    assert not result.imported
    [error] = result.errors
    assert (error.row, error.column, error.value) == (3, "所有制性质", "集体所有制")
    assert "“集体所有制”不在所有制性质清单中" in error.message and "外商投资" in error.message
    assert not Registration.objects.filter(sub_delegation=world.s2).exists()


def test_only_the_national_administrator_keeps_the_list(client, cast):
    for who in ("organiser", "lead", "registrant", "viewer"):
        client.force_login(getattr(cast, who))
        assert client.get(reverse("ownerships:index")).status_code == 404
        assert client.post(reverse("ownerships:new"), {"name": "x"}).status_code == 404
    client.force_login(cast.national_admin)
    assert "国有及国有控股" in client.get(reverse("ownerships:index")).content.decode()
    response = client.post(
        reverse("ownerships:new"),
        {"name": "集体企业", "name_en": "collective", "code": "collective", "position": 8,
         "offered": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Ownership.objects.get(code="collective").name_en == "collective"


def test_an_added_ownership_is_offered_and_a_withdrawn_one_stays_where_chosen(client, cast, world):
    Ownership.objects.create(code="collective", name="集体企业", name_en="collective", position=8)
    registration = f.RegistrationFactory(
        lead_agency=world.s2_agency,
        unit=world.units.tourism,
        registered_by=cast.registrant,
        ownership=f.ownership("government"),
    )
    client.force_login(cast.national_admin)
    response = client.post(
        reverse("ownerships:edit", args=["government"]),
        {"name": "政府机关", "name_en": "government body", "position": 6},  # not offered
    )
    assert response.status_code == 302
    client.force_login(cast.registrant)
    new = client.get(reverse("registrations:create")).content.decode()
    assert "集体企业" in new and "政府机关" not in new
    edit = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    assert "政府机关" in edit  # its own choice is still shown
    offered = [
        row[2]
        for row in load_workbook(io.BytesIO(registration_template(language="zh-hans")))
        .worksheets[1]
        .iter_rows(values_only=True)
        if row[2]
    ]
    assert "集体企业" in offered and "政府机关" not in offered


def test_each_change_to_the_list_is_in_the_bureaus_history(client, cast):
    client.force_login(cast.national_admin)
    client.post(
        reverse("ownerships:new"),
        {"name": "集体企业", "name_en": "collective", "code": "collective", "position": 8,
         "offered": "on"},
    )  # fmt: skip
    client.post(
        reverse("ownerships:edit", args=["collective"]),
        {"name": "集体所有制企业", "name_en": "collective", "position": 8},  # not offered
    )
    client.post(  # nothing changed: nothing recorded
        reverse("ownerships:edit", args=["collective"]),
        {"name": "集体所有制企业", "name_en": "collective", "position": 8},
    )
    page = client.get(reverse("ownerships:index")).content.decode()
    history = page[page.index('id="ownership-events"') :]
    assert history.count('class="event event-ownership_') == 2
    assert "修改所有制性质 · 集体所有制企业 (collective)" in history
    assert "名称: 集体企业 → 集体所有制企业" in history
    assert "可选: 是 → 否" in history
    assert "新增所有制性质 · 集体企业 (collective)" in history
    bureau = client.get(reverse("setup:editions")).content.decode()
    assert "修改所有制性质 · 集体所有制企业 (collective)" in bureau  # the bureau's history too
