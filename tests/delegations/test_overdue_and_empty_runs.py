"""Overdue reads as days overdue; a reminder run that sends nothing says why and whom to call."""

import datetime

import pytest
from django.utils import timezone

from delegations.models import Deadline

pytestmark = pytest.mark.django_db


def _deadline(world, days: int) -> Deadline:
    return Deadline.objects.create(
        edition=world.edition,
        delegation=world.a,
        kind=Deadline.Kind.REGISTRATION,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_a_passed_deadline_reads_days_overdue(client, world, cast):
    _deadline(world, -3)
    client.force_login(cast.organiser)
    html = client.get(f"/deadlines/{world.a.pk}/").content.decode()
    assert "已逾期 3 天" in html
    assert ">-3<" not in html


@pytest.mark.django_db(transaction=True)
def test_a_run_that_sends_nothing_names_whom_to_call(client, world, cast):
    _deadline(world, 20)  # no reminder step is due 20 days before
    world.units.health.liaison_email = ""
    world.units.health.liaison_phone = "0971-8123456"
    world.units.health.save()
    client.force_login(cast.organiser)
    response = client.post(f"/deadlines/{world.a.pk}/run/", follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "发送0封" in text
    assert "目前没有到期的提醒" in text
    assert "卫生健康委 0971-8123456（无联络邮箱）" in text
