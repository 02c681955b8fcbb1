"""The reminder ledger and the history are never cascaded away."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from deals.models import DealEvent
from delegations.deadlines.reminders import reminders_send_due
from delegations.deadlines.services import deadline_delete, deadline_set
from delegations.models import Deadline, Reminder
from purchasers.models import RegistrationEvent
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Deadline.Kind


def office_date(world, cast, days: int) -> Deadline:
    return deadline_set(
        edition=world.edition,
        kind=Kind.REGISTRATION,
        delegation=world.a,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        by=cast.organiser,
    )


def test_removing_a_deadline_keeps_what_was_sent_and_setting_it_again_sends_nothing_twice(
    english, smtp, world, cast, client
):
    deadline = office_date(world, cast, days=3)
    assert reminders_send_due().sent == 3  # A's three lead agencies
    deadline_delete(deadline=deadline, by=cast.organiser)
    # The ledger keeps every row, with the deadline's kind and date.
    assert Reminder.objects.count() == 3
    assert set(Reminder.objects.values_list("deadline", "deadline_kind", "due_on")) == {
        (None, Kind.REGISTRATION, deadline.due_on)
    }
    office_date(world, cast, days=3)
    result = reminders_send_due()
    assert result.sent == 0
    assert len(smtp.messages) == 3
    client.force_login(cast.organiser)
    page = client.get(f"/deadlines/{world.a.pk}/history/")
    assert page.content.decode().count("registration closes") >= 3


def test_a_date_moved_to_another_day_is_reminded_for_the_new_day(smtp, world, cast):
    deadline = office_date(world, cast, days=3)
    reminders_send_due()
    deadline_delete(deadline=deadline, by=cast.organiser)
    office_date(world, cast, days=2)
    assert reminders_send_due().sent == 3
    assert Reminder.objects.count() == 6


def test_overdue_notice_is_not_sent_again_after_the_date_is_removed_and_set_again(
    smtp, world, cast
):
    deadline = office_date(world, cast, days=-2)
    reminders_send_due()
    notices = Reminder.objects.filter(kind=Reminder.Kind.ESCALATION).count()
    assert notices == 1
    deadline_delete(deadline=deadline, by=cast.organiser)
    office_date(world, cast, days=-2)
    reminders_send_due()
    assert Reminder.objects.filter(kind=Reminder.Kind.ESCALATION).count() == 1


def test_a_lead_agency_with_reminders_cannot_be_deleted(smtp, world, cast):
    office_date(world, cast, days=3)
    reminders_send_due()
    with pytest.raises(ProtectedError):
        world.s1_hospitals.delete()
    assert Reminder.objects.filter(lead_agency=world.s1_hospitals).exists()


def test_registration_and_deal_history_refuse_deletion(world, cast):
    registration = f.RegistrationFactory(lead_agency=world.s1_hospitals, unit=world.units.tourism)
    RegistrationEvent.objects.create(
        registration=registration, actor=cast.registrant, kind="created"
    )
    deal = f.DealFactory()
    DealEvent.objects.create(deal=deal, actor=cast.organiser, kind="recorded", version=1)
    with pytest.raises(ProtectedError):
        deal.delete()
    with pytest.raises(ProtectedError):
        registration.delete()
    assert RegistrationEvent.objects.filter(registration=registration).exists()
    assert DealEvent.objects.filter(deal=deal).exists()
