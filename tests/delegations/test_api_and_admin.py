"""The API schema and docs work offline; the admin is usable for every model."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from rest_framework.test import APIClient


def test_openapi_schema_lists_the_structure_endpoints(client, cast):
    client.force_login(cast.organiser)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/editions/", "/api/delegations/", "/api/sub-delegations/{id}/"):
        assert path in paths


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_load_nothing_from_the_internet(client, cast, url):
    client.force_login(cast.organiser)
    page = client.get(url).content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn." not in page and "https://" not in page.replace("https://swagger.io", "")


def test_sub_delegation_api_gives_each_co_lead_its_target(world, cast):

    api = APIClient()
    api.force_authenticate(cast.organiser)
    data = api.get(f"/api/sub-delegations/{world.s1.pk}/").json()
    assert data["target"] == 30
    assert sorted((a["target"], a["focus"]) for a in data["lead_agencies"]) == [
        (10, "医院"),
        (20, "企业"),
    ]


def test_every_model_has_a_searchable_admin(client, cast, registrations):
    client.force_login(cast.superuser)
    for model in apps.get_models():
        if model._meta.app_label not in {"delegations", "purchasers", "deals"}:
            continue
        assert model in admin.site._registry, model
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "测试"})
        assert response.status_code == 200, url


def test_pages_speak_chinese_first_and_english_on_request(client, cast):
    client.force_login(cast.organiser)
    assert "待办" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "To do" in client.get(reverse("home")).content.decode()
