"""403, 404 and 500 read as the product's own pages, in the user's language, with where
to go next; the API keeps answering its errors in JSON."""

import pytest
from django.test import Client

BRAND = "进博会交易团管理系统"


def _client(user=None, language="zh-hans", **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies["django_language"] = language
    if user:
        client.force_login(user)
    return client


def test_missing_page_is_the_products_page_with_the_way_back(cast):
    response = _client(cast.registrant).get("/no-such-page/", HTTP_REFERER="http://testserver/")
    body = response.content.decode()
    assert response.status_code == 404
    assert BRAND in body and "页面不存在" in body
    assert "接下来可以去" in body and 'href="/"' in body and "返回上一页" in body
    assert "Not Found" not in body


def test_registration_outside_the_scope_answers_the_same_page(cast, registrations):
    response = _client(cast.registrant).get(f"/registrations/{registrations.b.pk}/")
    assert response.status_code == 404
    assert "不在您的账号可查看的范围内" in response.content.decode()


def test_missing_page_in_english_and_for_a_visitor_not_logged_in(db):
    response = _client(language="en").get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "页面不存在" not in body
    assert 'href="/accounts/login/?next=/no-such-page/"' in body


def test_a_page_the_role_may_not_use_says_so(cast):
    response = _client(cast.viewer).get("/registrations/import/")
    body = response.content.decode()
    assert response.status_code == 403
    assert BRAND in body and "您账号的角色不能进行这项操作" in body


def test_an_expired_form_says_nothing_was_saved(cast):
    client = _client(cast.registrant, enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in body and "没有保存任何内容" in body


@pytest.fixture
def broken_delegation_list(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("ciie_delegations.views.delegation_list", broken)


def test_server_error_is_the_products_page(cast, broken_delegation_list):
    response = _client(cast.organiser, raise_request_exception=False).get("/delegations/")
    body = response.content.decode()
    assert response.status_code == 500
    assert BRAND in body and "系统出错了" in body and "交易团办公室" in body
    assert "Server Error" not in body


def test_server_error_falls_back_to_a_plain_page_when_the_layout_fails_too(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templates unreadable")

    monkeypatch.setattr("ciie_delegations.views.delegation_list", broken)
    monkeypatch.setattr("ciie_delegations.views.render", broken)
    response = _client(cast.organiser, raise_request_exception=False).get("/delegations/")
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()


def test_api_errors_stay_json(cast, registrations, monkeypatch):
    client = _client(cast.registrant)
    missing = client.get("/api/no-such-thing/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert "detail" in missing.json()
    out_of_scope = client.get(f"/api/registrations/{registrations.b.pk}/")
    assert out_of_scope.status_code == 404 and "detail" in out_of_scope.json()

    def broken(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("delegations.setup.api.ZoneViewSet.get_queryset", broken)
    crashed = _client(cast.registrant, raise_request_exception=False).get("/api/zones/")
    assert crashed.status_code == 500
    assert crashed["Content-Type"] == "application/json"
    assert "detail" in crashed.json()
