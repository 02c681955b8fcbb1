"""Thirty simulated days with several agencies and deadlines, the job running twice a day."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from delegations.deadlines.reminders import reminders_send_due
from delegations.deadlines.services import deadline_set
from delegations.models import Deadline, Reminder, ReminderRule
from purchasers.models import Registration
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

SHANGHAI = ZoneInfo("Asia/Shanghai")
Kind = Deadline.Kind


def day(n: int, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(2022, 9, n, hour, 0, tzinfo=SHANGHAI)


def test_thirty_days_send_exactly_the_expected_reminders_and_notices(smtp, world, cast):
    units = world.units
    sep = lambda n: datetime.date(2022, 9, n)  # noqa: E731
    with time_machine.travel(day(1, 7), tick=False):
        # The bureau's dates, entered once for the edition; A gives the firms' agency an
        # earlier registration date of its own and reminds 10 and 3 days before.
        deadline_set(
            edition=world.edition, kind=Kind.REGISTRATION, due_on=sep(21), by=cast.national_admin
        )
        deadline_set(
            edition=world.edition, kind=Kind.REVIEW, due_on=sep(25), by=cast.national_admin
        )
        deadline_set(
            edition=world.edition,
            kind=Kind.REGISTRATION,
            lead_agency=world.s1_firms,
            due_on=sep(11),
            by=cast.organiser,
        )
        ReminderRule.objects.create(delegation=world.a, kind=Kind.REGISTRATION, steps=[10, 3])
        waiting = [
            f.RegistrationFactory(
                lead_agency=world.s1_hospitals,
                unit=units.tourism,
                status=Registration.Status.SUBMITTED,
            )
            for _ in range(2)
        ]
        # The commerce agency has met its target: it must hear nothing all month.
        world.s2_agency.target = 1
        world.s2_agency.save()
        f.RegistrationFactory(
            lead_agency=world.s2_agency,
            unit=units.other_member,
            status=Registration.Status.LEAD_APPROVED,
        )

    hospitals = units.health.liaison_email
    firms = units.drugs.liaison_email
    b_agency = units.b_lead.liaison_email
    office_a = world.a.office_unit.liaison_email
    office_b = world.b.office_unit.liaison_email
    arrived: dict[int, list[tuple[str, ...]]] = {}
    for n in range(1, 31):
        if n == 20:
            # The hospitals' lead reviews its two waiting registrations.
            with time_machine.travel(day(20, 7), tick=False):
                Registration.objects.filter(pk__in=[r.pk for r in waiting]).update(
                    status=Registration.Status.LEAD_APPROVED
                )
        before = len(smtp.messages)
        for hour in (8, 20):
            with time_machine.travel(day(n, hour), tick=False):
                reminders_send_due()
        new = smtp.messages[before:]
        if new:
            arrived[n] = sorted(tuple(m.to) for m in new)

    assert arrived == {
        1: [(firms,)],  # own date 11 Sep, 10 days before
        7: [(b_agency,)],  # B keeps 14, 7, 3, 1 before 21 Sep
        8: [(firms,)],  # 3 days before 11 Sep
        11: [(hospitals,)],  # registration 10 days before and review 14 before: one email
        12: [(office_a,)],  # the firms' agency missed 11 Sep
        14: [(b_agency,)],
        18: sorted([(b_agency,), (hospitals,)]),  # registration 3, review 7 before: one email
        20: [(b_agency,)],
        # 21 Sep passed: each office hears of its overdue agencies. The hospitals' reviews
        # were done on 20 Sep: no review reminder on 22 or 24 Sep, no notice after 25 Sep.
        22: sorted([(office_a,), (office_b,)]),
    }
    assert smtp.to(units.commerce_lead.liaison_email) == []
    on_11th, on_18th = smtp.to(hospitals)
    for combined, left in [
        (on_11th, ("10 days left", "14 days left")),
        (on_18th, ("3 days", "7 days")),
    ]:
        assert "2022-09-21" in combined.text and "2022-09-25" in combined.text
        assert all(days in combined.text for days in left)
    [notice] = [m for m in smtp.to(office_a) if "2022-09-21" in m.text]
    assert "卫生健康委" in notice.text and "药品监管局" not in notice.text
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 13
    assert not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()
