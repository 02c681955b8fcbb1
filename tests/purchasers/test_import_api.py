import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from purchasers.models import Registration

from .import_sheets import good_rows, sheet, upload

URL = reverse("api-registration-import-list")


@pytest.fixture
def api():
    return APIClient()


def send(api, user, content, *, sub, dry_run=False, agency=None):
    api.force_authenticate(user)
    data = {"sub_delegation": sub.pk, "file": upload(content)}
    if agency:
        data["lead_agency"] = agency.pk
    return api.post(URL + ("?dry_run=1" if dry_run else ""), data, format="multipart")


def test_dry_run_returns_row_errors_as_json_and_writes_nothing(api, cast, world):
    rows = good_rows()
    rows[1][10] = "630102198001010010"
    response = send(api, cast.registrant, sheet(rows), sub=world.s2, dry_run=True)
    assert response.status_code == 400
    body = response.json()
    assert body["dry_run"] is True and body["imported"] is False
    assert body["errors"][0]["row"] == 3
    assert body["errors"][0]["column"] == "证件号码"
    assert "身份证" in body["errors"][0]["message"]
    assert Registration.objects.count() == 0


def test_dry_run_of_a_good_file_counts_what_would_be_created(api, cast, world):
    response = send(api, cast.registrant, sheet(good_rows()), sub=world.s2, dry_run=True)
    assert response.status_code == 200
    assert response.json()["firms"] == 2 and response.json()["errors"] == []
    assert Registration.objects.count() == 0


def test_import_creates_drafts(api, cast, world):
    response = send(api, cast.registrant, sheet(good_rows()), sub=world.s2)
    assert response.status_code == 201
    ids = response.json()["registrations"]
    assert Registration.objects.filter(pk__in=ids, status="draft").count() == 2


def test_bad_file_is_a_400_with_the_reason(api, cast, world):
    response = send(api, cast.registrant, b"not a workbook", sub=world.s2)
    assert response.status_code == 400
    assert "这不是 .xlsx 文件" in response.json()["file_error"]


@pytest.mark.parametrize(
    "who,sub,status",
    [
        ("registrant", "sb", 404),
        ("lead", "s2", 404),
        ("b_organiser", "s2", 404),
        ("viewer", "s2", 403),
        ("nobody", "s2", 403),
        ("organiser", "s2", 201),
        ("other_lead", "s2", 201),
    ],
)
def test_import_scope_for_every_role(api, cast, world, who, sub, status):
    response = send(api, getattr(cast, who), sheet(good_rows()), sub=getattr(world, sub))
    assert response.status_code == status
    assert Registration.objects.exists() == (status == 201)


def test_signed_out_caller_is_refused(api, world):
    response = api.post(URL, {"sub_delegation": world.s2.pk}, format="multipart")
    assert response.status_code in (401, 403)


def test_import_is_documented_in_the_schema(api, cast):
    api.force_authenticate(cast.registrant)
    schema = api.get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/registration-imports/"]["post"]
    assert "dry_run" in [p["name"] for p in operation["parameters"]]
    assert "multipart/form-data" in operation["requestBody"]["content"]
