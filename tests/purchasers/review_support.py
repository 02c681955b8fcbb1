"""Fixtures and helpers shared by the review tests (imported by each test_review* module)."""

from types import SimpleNamespace

import pytest

from delegations.models import User
from purchasers.models import CheckStatus, Registration
from tests import factories as f

Status = Registration.Status


@pytest.fixture(autouse=True, name="english")
def english_fixture(request):
    """Assertions read the English source texts; tests of the Chinese ask for zh-hans."""
    from django.utils import translation

    if "client" in request.fixturenames:
        request.getfixturevalue("client").defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(name="checkers")
def checkers_fixture(world):
    R = User.Role
    return SimpleNamespace(
        credit=f.UserFactory(
            username="credit_checker", role=R.CREDIT_CHECKER, unit=world.units.other_member
        ),
        background=f.UserFactory(
            username="background_checker", role=R.BACKGROUND_CHECKER, unit=world.units.other_member
        ),
    )


@pytest.fixture(name="submitted")
def submitted_fixture(registrations):
    """The cast's registrations, submitted for review, each with one attendee."""
    for registration in vars(registrations).values():
        registration.status = Status.SUBMITTED
        registration.save()
        f.AttendeeFactory(registration=registration, name=f"参会人{registration.pk}")
    return registrations


def set_status(registration: Registration, status: str) -> Registration:
    registration.status = status
    registration.save()
    return registration


def pass_checks(registration: Registration) -> Registration:
    registration.credit_check = CheckStatus.PASSED
    registration.save()
    registration.attendees.update(background_check=CheckStatus.PASSED)
    return registration
