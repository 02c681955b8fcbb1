"""Sign-ins are throttled, sessions end when idle, passwords are checked, logout is a POST."""

import datetime
import json

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.ops.test_logs import log_lines  # noqa: F401  (the log-capturing fixture)

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def _sign_in(password, *, address="10.0.0.1", username="lead"):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def _fail_until_throttled(address="10.0.0.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("wrong", address=address).status_code == 200  # the form, its error
    # The failure that reaches the limit is already answered as throttled.
    assert _sign_in("wrong", address=address).status_code == 429


def test_repeated_wrong_passwords_pause_the_account_from_that_address_then_it_recovers(cast):
    _fail_until_throttled()
    refused = _sign_in(PASSWORD)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "输错密码次数过多" in text and "15 分钟" in text
    # Another address is not paused: an attacker elsewhere cannot lock the real user out.
    assert _sign_in(PASSWORD, address="10.0.0.2").status_code == 302
    # Never for ever: after the cool-off the right password works again.
    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        assert _sign_in(PASSWORD).status_code == 302


def test_failed_and_throttled_sign_ins_are_logged_without_the_username(cast, log_lines):  # noqa: F811
    _fail_until_throttled()
    _sign_in(PASSWORD)
    records = [json.loads(line) for line in log_lines]
    failed = [r for r in records if r["event"] == "login_failed"]
    throttled = [r for r in records if r["event"] == "login_throttled"]
    assert len(failed) >= settings.AXES_FAILURE_LIMIT
    assert {r["account_id"] for r in failed} == {cast.lead.pk}
    assert [(r["account_id"], r["ip"]) for r in throttled][:1] == [(cast.lead.pk, "10.0.0.1")]
    assert not any('"lead"' in line for line in log_lines)


def test_a_session_ends_after_its_idle_time_and_each_request_renews_it(cast):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        assert _sign_in_with(client).status_code == 302
        clock.shift(idle - datetime.timedelta(minutes=5))
        assert client.get("/").status_code == 200  # renewed here
        clock.shift(idle - datetime.timedelta(minutes=5))
        assert client.get("/").status_code == 200
        clock.shift(idle + datetime.timedelta(minutes=1))
        response = client.get("/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _sign_in_with(client):
    return client.post("/accounts/login/", {"username": "lead", "password": PASSWORD})


def test_weak_passwords_are_refused(cast):
    for weak in ["12345678", "password", "lead1"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=cast.lead)
    validate_password("Gaoyuan-lake-2026", user=cast.lead)


def test_logout_is_a_post_and_the_page_offers_it_as_a_button(cast):
    client = Client()
    client.force_login(cast.lead)
    assert client.get("/accounts/logout/").status_code == 405
    html = client.get("/").content.decode()
    assert 'action="/accounts/logout/" method="post"' in html
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
