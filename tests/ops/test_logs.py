"""What the logs say: one line per request with its id, the user's id and the duration,
failed sign-ins recorded, and no ID number or phone number anywhere, whatever the journey."""

import json
import logging

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from ciie_delegations.logconfig import logging_config
from ciie_delegations.logs import loggable_path
from deals.models import Deal, ExportJob
from purchasers.models import Attendee, Notice
from tests import factories as f
from tests.factories import valid_resident_id
from tests.purchasers.helpers import firm, person

ID_NUMBERS = [valid_resident_id(501), valid_resident_id(502, birth="19900505")]
PHONES = ["13912340001", "13912340002", "13712345678"]


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        options = dict(logging_config(json=True)["formatters"]["structured"])
        self.setFormatter(options.pop("()")(**options))
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    """Every line the application logs, at every level, as production formats it."""
    handler = Collect()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # factory_boy's own debug lines are the test's, not the application's.
    logging.getLogger("factory").setLevel(logging.INFO)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("factory").setLevel(logging.NOTSET)


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.django_db
def test_a_seasons_journey_logs_no_id_number_and_no_phone(
    log_lines, world, cast, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    registrant = api_as(cast.registrant)
    attendees = [
        person(1, id_number=ID_NUMBERS[0], phone=PHONES[0]),
        person(2, id_number=ID_NUMBERS[1], phone=PHONES[1]),
    ]
    created = registrant.post(
        "/api/registrations/",
        {
            "sub_delegation": world.s2.pk,
            "purchaser": firm(contact_phone=PHONES[2]),
            "attendees": attendees,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    # The same person again: refused, and the refusal logs no number either.
    again = registrant.post(
        "/api/registrations/",
        {"sub_delegation": world.s2.pk, "purchaser": firm(901), "attendees": attendees[:1]},
        format="json",
    )
    assert again.status_code in (400, 409)
    assert registrant.post(f"/api/registrations/{pk}/submit/").status_code == 200

    # Searching for a person by ID number, on the page.
    page = Client()
    page.force_login(cast.registrant)
    assert page.get("/registrations/", {"q": ID_NUMBERS[0]}).status_code == 200

    # The lead approves (the registrant is emailed), a deal is recorded, a report built.
    with django_capture_on_commit_callbacks(execute=True):
        assert api_as(cast.other_lead).post(f"/api/review/{pk}/approve/").status_code == 200
    assert len(mail.outbox) == 1 and Notice.objects.filter(emailed_at__isnull=False).exists()
    deal = registrant.post(
        "/api/deals/",
        {
            "registration": pk,
            "exhibitor_name": "Siemens Healthineers",
            "exhibitor_country": "德国",
            "zone": f.zone("medical").code,
            "product": "CT",
            "amount": "1000000.00",
            "currency": "USD",
            "signed_on": world.edition.opens_on.isoformat(),
        },
        format="json",
    )
    assert deal.status_code == 201, deal.json()
    office = Client()
    office.force_login(cast.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        assert office.post("/dashboard/exports/", {"edition": "5"}).status_code == 302
    assert ExportJob.objects.get().status == ExportJob.Status.DONE

    # Someone types an ID number and a phone at the sign-in form.
    for typed in (ID_NUMBERS[0], PHONES[0]):
        response = Client().post("/accounts/login/", {"username": typed, "password": PHONES[1]})
        assert response.status_code == 200  # the form again, with its error

    assert Attendee.objects.count() == 2 and Deal.objects.count() == 1
    records = [json.loads(line) for line in log_lines]
    requests = [r for r in records if r["event"] == "request_finished"]
    assert len(requests) >= 8
    assert all(r["request_id"] and "duration_ms" in r and "user_id" in r for r in requests)
    assert {r["user_id"] for r in requests} >= {cast.registrant.pk, cast.organiser.pk}
    failed = [r for r in records if r["event"] == "login_failed"]
    assert [r["known_account"] for r in failed] == [False, False]
    for secret in ID_NUMBERS + PHONES:
        leaks = [line for line in log_lines if secret in line]
        assert not leaks, leaks


@pytest.mark.django_db
def test_a_failed_sign_in_of_a_known_account_records_its_id(log_lines, cast):
    Client().post("/accounts/login/", {"username": "lead", "password": "wrong"})
    failed = [json.loads(line) for line in log_lines if "login_failed" in line]
    assert [(r["account_id"], r["level"]) for r in failed] == [(cast.lead.pk, "warning")]
    assert not any("username" in line for line in log_lines)


def test_the_secrets_of_public_links_never_reach_the_log():

    assert loggable_path("/i/Zq3-secret-token/") == "/i/***/"
    assert loggable_path("/i/Zq3-secret-token/confirm/") == "/i/***/confirm/"
    assert loggable_path("/i/status/Zq3-secret-token/") == "/i/status/***/"
    assert loggable_path("/accounts/set-password/MQ/abc-token/") == "/accounts/set-password/MQ/***/"
    assert loggable_path("/i/") == "/i/"
    assert loggable_path("/invitations/3/") == "/invitations/3/"
