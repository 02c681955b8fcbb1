import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from deals.models import Deal
from delegations.deadlines.reminders import reminders_send_due
from delegations.deadlines.services import deadline_set
from delegations.models import Deadline, Reminder, ReminderRule
from purchasers.models import Registration
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Deadline.Kind
Status = Registration.Status


def today():
    return timezone.localdate()


def edition_deadline(world, cast, kind=Kind.REGISTRATION, days=7):
    return deadline_set(
        edition=world.edition,
        kind=kind,
        due_on=today() + datetime.timedelta(days=days),
        by=cast.national_admin,
    )


def submitted(agency, n, unit):
    return [
        f.RegistrationFactory(lead_agency=agency, unit=unit, status=Status.SUBMITTED)
        for _ in range(n)
    ]


def test_due_agency_gets_one_email_listing_what_it_owes(smtp, world, cast):
    edition_deadline(world, cast, Kind.REGISTRATION, days=7)
    edition_deadline(world, cast, Kind.REVIEW, days=7)
    waiting = submitted(world.s1_hospitals, 2, world.units.tourism)
    Registration.objects.filter(pk=waiting[0].pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )

    result = reminders_send_due()

    health = world.units.health
    [message] = smtp.to(health.liaison_email)
    assert message.to == [health.liaison_email]
    assert message.subject.strip().startswith("提醒")
    assert "Reminder" in message.subject
    zh, en = message.text.split("------------------------------")
    assert "目标" in zh or "任务" in zh
    assert "Target not met: 2 of 10 purchaser organisations registered (8 still to bring)." in en
    assert "2 registrations waiting for your review; the oldest, " + waiting[0].name in en
    assert (today() + datetime.timedelta(days=7)).isoformat() in en
    assert "7 days left" in en
    assert f"https://ciie.example.org/deadlines/{world.a.pk}/" in en
    assert f'href="https://ciie.example.org/deadlines/{world.a.pk}/"' in message.html
    # Every other lead agency lags its target: one email each, four in all.
    assert len(smtp.messages) == 4 == result.sent
    # One row per (agency, deadline, step): four registration reminders and the review one.
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 5


def test_running_again_sends_nothing_more(smtp, world, cast):
    edition_deadline(world, cast, days=3)
    reminders_send_due()
    reminders_send_due()
    call_command("send_reminders")
    assert len(smtp.messages) == 4
    assert Reminder.objects.count() == 4


def test_agency_that_met_its_target_gets_nothing(smtp, world, cast):
    edition_deadline(world, cast, days=1)
    world.s2_agency.target = 2
    world.s2_agency.save()
    f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.other_member, status=Status.REPORTED
    )
    f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.other_member, status=Status.LEAD_APPROVED
    )
    reminders_send_due()
    assert smtp.to(world.units.commerce_lead.liaison_email) == []
    assert smtp.to(world.units.health.liaison_email)
    assert not Reminder.objects.filter(lead_agency=world.s2_agency).exists()


def test_drafts_and_returned_registrations_do_not_meet_a_target(smtp, world, cast):
    edition_deadline(world, cast, days=1)
    world.s2_agency.target = 3
    world.s2_agency.save()
    for status in (Status.DRAFT, Status.RETURNED, Status.LEAD_APPROVED):
        f.RegistrationFactory(
            lead_agency=world.s2_agency, unit=world.units.other_member, status=status
        )
    reminders_send_due()
    assert smtp.to(world.units.commerce_lead.liaison_email)
    assert Reminder.objects.filter(lead_agency=world.s2_agency).exists()


def test_most_specific_deadline_counts_for_an_agency(smtp, world, cast):
    edition_deadline(world, cast, days=20)
    deadline_set(
        edition=world.edition,
        kind=Kind.REGISTRATION,
        delegation=world.a,
        due_on=today() + datetime.timedelta(days=14),
        by=cast.organiser,
    )
    own = deadline_set(
        edition=world.edition,
        kind=Kind.REGISTRATION,
        lead_agency=world.s1_firms,
        due_on=today() + datetime.timedelta(days=3),
        by=cast.organiser,
    )
    reminders_send_due()
    # Agencies of A follow A's date (14 days: a reminder), B the edition's (20: none yet),
    # and the firms' agency its own (3 days).
    assert len(smtp.to(world.units.health.liaison_email)) == 1
    assert smtp.to(world.units.b_lead.liaison_email) == []
    [firms] = smtp.to(world.units.drugs.liaison_email)
    assert own.due_on.isoformat() in firms.text and "3 days left" in firms.text
    assert Reminder.objects.get(lead_agency=world.s1_firms).step == 3


def test_missing_liaison_email_is_recorded_and_shown_not_crashed_on(smtp, world, cast, client):
    world.units.health.liaison_email = ""
    world.units.health.liaison_phone = "0971-1234567"
    world.units.health.save()
    edition_deadline(world, cast, days=7)

    result = reminders_send_due()

    assert result.failed == 1 and result.sent == 3
    failed = Reminder.objects.get(lead_agency=world.s1_hospitals)
    assert failed.status == Reminder.Status.FAILED
    assert "0971-1234567" in failed.error
    client.force_login(cast.organiser)
    page = client.get(f"/deadlines/{world.a.pk}/history/").content.decode()
    assert "0971-1234567" in page
    assert "reminder-failed" in page


def test_smtp_refusal_is_recorded_as_failed(smtp, world, cast):
    smtp.refuse.add(world.units.drugs.liaison_email)
    edition_deadline(world, cast, days=7)
    reminders_send_due()
    refused = Reminder.objects.get(lead_agency=world.s1_firms)
    assert refused.status == Reminder.Status.FAILED
    assert "SMTPRecipientsRefused" in refused.error and "550" in refused.error
    assert len(smtp.messages) == 3
    # Not retried by the next run: the office phones instead.
    reminders_send_due()
    assert len(smtp.messages) == 3


def test_claim_whose_fate_is_unknown_is_reported_not_resent(smtp, world, cast):
    deadline = edition_deadline(world, cast, days=7)
    # A worker claimed the hospitals' reminder an hour ago and died before recording the
    # SMTP server's answer.
    Reminder.objects.create(
        deadline=deadline,
        deadline_kind=deadline.kind,
        delegation=world.a,
        lead_agency=world.s1_hospitals,
        step=7,
        due_on=deadline.due_on,
        claimed_at=timezone.now() - datetime.timedelta(hours=1),
    )
    result = reminders_send_due()
    assert result.unknown == 1
    assert smtp.to(world.units.health.liaison_email) == []
    assert Reminder.objects.get(lead_agency=world.s1_hospitals).status == Reminder.Status.UNKNOWN
    assert len(smtp.messages) == 3


def test_overdue_agencies_are_told_to_the_office_once(smtp, world, cast):
    world.a.office_email = "office@example.org"
    world.a.save()
    edition_deadline(world, cast, days=-2)
    world.s2_agency.target = 1
    world.s2_agency.save()
    f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.other_member, status=Status.LEAD_APPROVED
    )

    reminders_send_due()
    reminders_send_due()

    [notice] = smtp.to("office@example.org")
    assert notice.to == sorted(["office@example.org", world.a.office_unit.liaison_email])
    assert "Overdue: 2 lead agencies" in notice.subject
    assert "卫生健康委" in notice.text and "药品监管局" in notice.text
    assert "商贸牵头单位" not in notice.text
    # B's office hears about its own agency; no reminders go to agencies after the date.
    assert len(smtp.messages) == 2
    assert Reminder.objects.filter(kind=Reminder.Kind.ESCALATION).count() == 2


def test_editable_steps_decide_when_to_remind(smtp, world, cast):
    edition_deadline(world, cast, days=5)
    ReminderRule.objects.create(delegation=world.a, kind=Kind.REGISTRATION, steps=[2])
    reminders_send_due()
    # A reminds 2 days before; B keeps the default steps and is reminded 7 days before.
    assert [m.to for m in smtp.messages] == [[world.units.b_lead.liaison_email]]


def test_deal_figures_missing_for_approved_purchasers(smtp, world, cast):
    edition_deadline(world, cast, Kind.DEAL_FIGURES, days=1)
    approved = f.RegistrationFactory(
        lead_agency=world.s1_hospitals, unit=world.units.tourism, status=Status.LEAD_APPROVED
    )
    with_deal = f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.other_member, status=Status.REPORTED
    )
    Deal.objects.create(
        registration=with_deal,
        exhibitor_name="Siemens Healthineers",
        exhibitor_country="Germany",
        zone=f.zone(),
        product="CT",
        amount=1000,
        amount_usd=1000,
        signed_on=today(),
        recorded_by=cast.organiser,
    )
    reminders_send_due()
    [message] = smtp.messages
    assert message.to == [world.units.health.liaison_email]
    assert "Deal figures not entered for 1 approved purchasers: " + approved.name in (message.text)


def test_concurrent_runs_send_each_reminder_once(postgres, smtp, world, cast):
    edition_deadline(world, cast, days=7)
    edition_deadline(world, cast, Kind.REVIEW, days=3)
    for agency, unit in [
        (world.s1_hospitals, world.units.tourism),
        (world.s1_firms, world.units.tourism),
        (world.sb_agency, world.units.b_lead),
    ]:
        submitted(agency, 1, unit)
    runners = 6
    barrier = threading.Barrier(runners)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders_send_due()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runners)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert len(smtp.messages) == 4
    assert sorted(len(m.to) for m in smtp.messages) == [1, 1, 1, 1]
    assert len({tuple(m.to) for m in smtp.messages}) == 4
    # 4 registration reminders and 3 review reminders, each claimed once and sent.
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 7
    assert Reminder.objects.count() == 7


def test_management_command_reports_what_it_sent(smtp, world, cast, capsys):
    edition_deadline(world, cast, days=1)
    call_command("send_reminders", "--delegation", str(world.b.pk))
    out = capsys.readouterr().out
    assert "sent=1 failed=0" in out
    assert [m.to for m in smtp.messages] == [[world.units.b_lead.liaison_email]]


def test_organiser_sends_due_reminders_from_the_page_and_sees_them_in_history(
    smtp, world, cast, client
):
    edition_deadline(world, cast, days=7)
    client.force_login(cast.organiser)
    response = client.post(f"/deadlines/{world.a.pk}/run/", follow=True)
    # Only A's three agencies: B's organiser runs B's.
    assert sorted(m.to[0] for m in smtp.messages) == sorted(
        [
            world.units.health.liaison_email,
            world.units.drugs.liaison_email,
            world.units.commerce_lead.liaison_email,
        ]
    )
    page = response.content.decode()
    assert "发送3封" in page
    assert page.count("reminder-sent") == 3
    assert world.units.drugs.liaison_email in page


def test_two_processes_at_once_send_each_reminder_once(postgres, smtp, world, cast):

    edition_deadline(world, cast, days=7)
    edition_deadline(world, cast, Kind.REVIEW, days=7)
    submitted(world.s1_hospitals, 1, world.units.tourism)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
    }
    command = [sys.executable, "manage.py", "send_reminders"]
    root = Path(__file__).resolve().parents[2]
    processes = [
        subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes)
    assert sum(int(out.split("sent=")[1].split()[0]) for out in outputs) == 4
    assert len(smtp.messages) == 4
    assert Reminder.objects.count() == 5
