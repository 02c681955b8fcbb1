"""Emails to the registrant: sent once, only after the change commits, with the reason."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from purchasers.models import Notice, Registration
from purchasers.review import services as review
from purchasers.review.emails import send_notice_email
from purchasers.review.services import notice_emails_sweep

Status = Registration.Status
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


def test_return_email_goes_out_once_after_commit_with_reason_and_link(cast, submitted, settings):
    settings.SITE_URL = "https://ciie.example.org"
    with transaction.atomic():
        review.registration_return(registration=submitted.s1, by=cast.lead, reason="营业执照已过期")
        assert mail.outbox == []  # not while the change may still roll back
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [cast.registrant.email]
    assert submitted.s1.purchaser.name in email.subject
    link = f"https://ciie.example.org/review/{submitted.s1.pk}/"
    assert "营业执照已过期" in email.body and link in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "营业执照已过期" in html and f'href="{link}"' in html


def test_a_rolled_back_review_sends_nothing_and_leaves_no_notice(cast, submitted):
    with pytest.raises(RuntimeError), transaction.atomic():
        review.registration_lead_reject(
            registration=submitted.s1, by=cast.lead, reason="不符合条件"
        )
        raise RuntimeError("something later in the same request failed")
    assert mail.outbox == []
    assert not Notice.objects.exists()
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.SUBMITTED


def test_a_task_delivered_twice_emails_once(cast, submitted):
    review.registration_lead_reject(registration=submitted.s1, by=cast.lead, reason="不符合条件")
    assert len(mail.outbox) == 1
    notice = Notice.objects.get()
    assert send_notice_email(notice_id=notice.pk) is False
    assert len(mail.outbox) == 1
    assert notice.__class__.objects.get().emailed_at is not None


def test_approval_and_report_each_email_the_registrant(cast, submitted):
    review.registration_lead_approve(registration=submitted.s1, by=cast.lead)
    Registration.objects.filter(pk=submitted.s1.pk).update(credit_check="passed")
    submitted.s1.attendees.update(background_check="passed")
    review.registration_office_report(registration=submitted.s1, by=cast.organiser)
    assert len(mail.outbox) == 2
    assert all(m.to == [cast.registrant.email] for m in mail.outbox)


def test_email_is_in_chinese_first(cast, submitted):
    review.registration_return(registration=submitted.s1, by=cast.lead, reason="缺少营业执照")
    email = mail.outbox[0]
    assert "报名退回修改" in email.subject
    assert "请修改后重新提交" in email.body and "原因" in email.body


def test_email_follows_the_language_the_registrant_chose(client, cast, submitted):
    client.force_login(cast.registrant)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cast.registrant.refresh_from_db()
    assert cast.registrant.language == "en"
    review.registration_return(registration=submitted.s1, by=cast.lead, reason="licence expired")
    email = mail.outbox[0]
    assert "报名退回修改" not in email.subject
    assert "licence expired" in email.body and "Reason" in email.body


def test_the_sweep_emails_notices_the_broker_never_took(registrations, cast, settings, mailoutbox):
    """A notice whose email could not be queued is emailed by the sweep, once."""

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notice = Notice.objects.create(
        recipient=cast.registrant, registration=registrations.s1, kind="returned",
        reason="补充材料", actor=cast.lead,
    )  # fmt: skip
    assert notice_emails_sweep() == 0  # too recent: its own task may still be on its way
    Notice.objects.filter(pk=notice.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert notice_emails_sweep() == 1
    assert [m.to for m in mailoutbox] == [[cast.registrant.email]]
    assert notice_emails_sweep() == 0 and len(mailoutbox) == 1
