"""The API's answers to bad calls: 401 with ``WWW-Authenticate`` to the
unauthenticated, 404 for junk ids, suffixes and what is outside the caller's scope, before the
body is looked at; ``OPTIONS`` on the documentation pages."""

import pytest
from django.http import Http404
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from delegations.permissions import path_id
from purchasers.models import Registration


@pytest.mark.parametrize("url", ["/api/delegations/", "/api/registrations/", "/api/review/"])
def test_anonymous_api_call_answers_401_with_the_scheme_to_use(world, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_a_bad_token_answers_401(world, cast):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/delegations/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_a_good_token_and_a_signed_in_browser_both_work(world, cast):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.organiser).key}")
    assert api.get("/api/delegations/").status_code == 200
    browser = APIClient()
    browser.force_login(cast.organiser)
    assert browser.get("/api/delegations/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/review/abc/",
        "/api/review/99999999999999999999/",
        "/api/registrations/abc/",
        "/api/deals/abc/",
        "/api/delegations.json",
        "/api/review/{pk}.json",
        "/api/registrations/{pk}.json",
    ],
)
def test_junk_ids_and_format_suffixes_are_not_found(world, cast, registrations, url):
    api = APIClient()
    api.force_login(cast.organiser)
    assert api.get(url.format(pk=registrations.s1.pk)).status_code == 404


@pytest.mark.parametrize(
    "action", ["approve", "reject", "return", "credit-check", "background-check", "resubmit"]
)
def test_review_action_outside_the_scope_is_404_whatever_the_body(
    world, cast, registrations, action
):
    # B's registration, acted on by A's office with a body that would not even validate.
    api = APIClient()
    api.force_login(cast.organiser)
    for junk in ["abc", str(registrations.b.pk)]:
        response = api.post(f"/api/review/{junk}/{action}/", {"status": 42}, format="json")
        assert response.status_code == 404, (junk, response.content)


def test_changing_another_units_registration_is_404_before_the_body(world, cast, registrations):
    api = APIClient()
    api.force_login(cast.registrant)
    other = registrations.s2  # registered by another unit
    response = api.patch(f"/api/registrations/{other.pk}/", {"purchaser": 7}, format="json")
    assert response.status_code == 404
    response = api.post(f"/api/registrations/{other.pk}/submit/", "{", content_type="text/plain")
    assert response.status_code == 404
    assert Registration.objects.get(pk=other.pk).purchaser.name == other.purchaser.name


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/", "/api/schema/", "/api/"])
def test_options_works_on_the_documentation_pages(world, cast, url):
    api = APIClient()
    api.force_login(cast.organiser)
    response = api.options(url)
    assert response.status_code == 200
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "value", ["abc", "", "0", "-3", "1.5", "１２", "99999999999999999999", True]
)
def test_path_id_refuses_what_names_no_row(value):

    with pytest.raises(Http404):
        path_id(value)


def test_path_id_takes_a_whole_number():
    assert path_id("42") == 42 and path_id(7) == 7
