import datetime

import pytest
from django.utils import timezone

from delegations.models import Deadline, Reminder


@pytest.mark.django_db(transaction=True)
def test_organiser_sets_a_deadline_and_sends_the_due_reminders_from_the_page(
    login, smtp, world, cast
):
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = login(cast.organiser)
    page.click("nav.main-nav >> text=截止日期")
    page.click(f"text={world.a.name}")
    page.select_option("#id_applies_to", "delegation")
    page.select_option("#id_kind", "registration")
    page.fill("#id_due_on", due)
    page.click("#deadline-form button[type=submit]")
    assert page.locator(".messages", has_text="截止日期已保存").is_visible()
    assert page.locator("#deadlines", has_text=due).is_visible()
    assert Deadline.objects.get(delegation=world.a).kind == Deadline.Kind.REGISTRATION

    # Sending asks first: declined, nothing goes out.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("text=立即发送到期提醒")
    page.wait_for_timeout(300)
    assert questions == ["现在就向牵头单位发送到期提醒吗？"] and smtp.messages == []

    # Three days before: A's three lead agencies are each reminded once, B's not at all.
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("text=立即发送到期提醒")
    assert page.locator(".messages", has_text="发送3封").is_visible()
    assert page.locator("#history tr.reminder-sent").count() == 3
    assert len(smtp.messages) == 3
    page.go_back()
    page.click("text=立即发送到期提醒")
    assert page.locator(".messages", has_text="发送0封").is_visible()
    # A run that sends nothing says why, and whom to call.
    assert page.locator(".messages", has_text="目前没有到期的提醒").is_visible()
    assert page.locator(".messages", has_text="请电话联系").is_visible()
    assert len(smtp.messages) == 3 == Reminder.objects.count()


@pytest.mark.django_db(transaction=True)
def test_removing_a_deadline_asks_first(login, world, cast):
    Deadline.objects.create(
        edition=world.edition,
        delegation=world.a,
        kind=Deadline.Kind.REGISTRATION,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    page = login(cast.organiser)
    page.goto(page.url + f"deadlines/{world.a.pk}/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("#deadlines >> text=删除")
    page.wait_for_timeout(300)
    assert "删除" in questions[0] and "截止日期" in questions[0]
    assert Deadline.objects.filter(delegation=world.a).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#deadlines >> text=删除")
    page.wait_for_selector(".messages")
    assert not Deadline.objects.filter(delegation=world.a).exists()
