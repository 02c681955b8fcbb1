"""Two units register the same firm at the same moment: the database decides, and the loser
gets the same message as a firm found by the check."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from purchasers.models import Registration
from purchasers.registration.services import RegistrationError, registration_save_draft

from .helpers import firm, person


def _someone_waits_on_a_lock(timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            # Inside a transaction pg_stat_activity is a snapshot: refresh it each time.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


def _race(world, first_user, second_user, first_data, second_data):
    """The first registration is written but not committed when the second is checked, so
    the second passes every check in Python and only the constraint can stop it."""
    first_written = threading.Event()
    outcome: dict = {}

    def first():
        try:
            with transaction.atomic():
                registration_save_draft(
                    by=first_user,
                    sub_delegation=world.s2,
                    purchaser=first_data[0],
                    attendees=first_data[1],
                )
                first_written.set()
                outcome["second_was_blocked"] = _someone_waits_on_a_lock()
        finally:
            first_written.set()
            connections.close_all()

    def second():
        first_written.wait(10)
        try:
            registration_save_draft(
                by=second_user,
                sub_delegation=world.s2,
                purchaser=second_data[0],
                attendees=second_data[1],
            )
            outcome["second"] = "saved"
        except RegistrationError as error:
            outcome["second"] = error
        except Exception as error:  # noqa: BLE001 - the test reports what escaped
            outcome["second"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome


@pytest.mark.django_db(transaction=True)
def test_duplicate_firm_is_refused_when_two_submissions_race(postgres, world, cast):
    outcome = _race(
        world, cast.registrant, cast.other_registrant, (firm(), [person(1)]), (firm(), [person(2)])
    )
    assert outcome["second_was_blocked"], "the second registration never reached the database"
    error = outcome["second"]
    assert isinstance(error, RegistrationError), error
    assert "商贸分团" in error.fields["credit_code"][0]
    assert Registration.objects.count() == 1
    assert Registration.objects.get().unit == world.units.tourism


@pytest.mark.django_db(transaction=True)
def test_same_attendee_is_refused_when_two_registrations_race(postgres, world, cast):
    outcome = _race(
        world,
        cast.registrant,
        cast.other_registrant,
        (firm(1), [person(7)]),
        (firm(2), [person(8), person(7)]),
    )
    assert outcome["second_was_blocked"]
    error = outcome["second"]
    assert isinstance(error, RegistrationError), error
    assert list(error.attendees) == [1]
    assert Registration.objects.count() == 1
