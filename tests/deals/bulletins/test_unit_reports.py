"""Member units report in: a liaison or lead posts for its own unit, the office sees open
problems on its home page, answers and closes them; the thread keeps every step."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from deals.bulletins import unit_reports
from deals.bulletins.models import Bulletin, ProgressReport, UnitReport

pytestmark = pytest.mark.django_db


def _problem(world, cast, title="展位不足", by=None):
    return unit_reports.unit_report_post(
        delegation=world.a, by=by or cast.registrant, kind="problem", title=title, body="需要协调"
    )


def test_problem_reaches_the_office_home_page_until_closed(client, cast, world):
    problem = _problem(world, cast)
    assert problem.unit == world.units.tourism and problem.status == UnitReport.Status.OPEN
    client.force_login(cast.organiser)
    home = client.get(reverse("home")).content.decode()
    box = home.split('id="open-problems"')[1].split("</section>")[0]
    assert "展位不足" in box and "文化和旅游厅" in box
    response = client.post(
        reverse("bulletins:unit-report-respond", args=[problem.pk]),
        {"body": "已与会展中心沟通", "close": "1"},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == UnitReport.Status.CLOSED
    home = client.get(reverse("home")).content.decode()
    assert "展位不足" not in home.split('id="open-problems"')[1].split("</section>")[0]
    thread = client.get(reverse("bulletins:unit-report-detail", args=[problem.pk])).content
    thread = thread.decode()
    assert thread.index("需要协调") < thread.index("已与会展中心沟通")
    assert [e.action for e in problem.entries.all()] == ["posted", "answered", "closed"]


def test_the_unit_replies_and_a_closed_problem_opens_again(cast, world):
    problem = _problem(world, cast)
    unit_reports.unit_report_answer(report=problem, by=cast.organiser, close=True)
    unit_reports.unit_report_reply(report=problem, by=cast.registrant, body="问题仍未解决")
    problem.refresh_from_db()
    assert problem.status == UnitReport.Status.OPEN
    assert problem.entries.last().action == "reopened"


def test_progress_note_needs_no_answer(cast, world):
    note = unit_reports.unit_report_post(
        delegation=world.a, by=cast.lead, kind="progress", title="第一周", body="已登记3家"
    )
    assert note.status == UnitReport.Status.CLOSED and note.unit == world.units.health


def test_who_may_post_answer_and_read(client, cast, world):
    problem = _problem(world, cast)
    for who in ("organiser", "viewer", "nobody"):
        with pytest.raises(PermissionDenied):
            _problem(world, cast, by=getattr(cast, who))
    with pytest.raises(PermissionDenied):  # B's units are not members of A
        unit_reports.unit_report_post(
            delegation=world.a,
            by=cast.b_registrant,
            kind="problem",
            title="x",
            body="y",
        )
    for who in ("lead", "registrant", "b_organiser"):
        with pytest.raises(PermissionDenied):
            unit_reports.unit_report_answer(report=problem, by=getattr(cast, who), body="x")
    url = reverse("bulletins:unit-report-detail", args=[problem.pk])
    for who, status in [
        ("registrant", 200),
        ("organiser", 200),
        ("other_registrant", 404),
        ("lead", 404),
        ("b_organiser", 404),
    ]:
        client.force_login(getattr(cast, who))
        assert client.get(url).status_code == status, who


def test_empty_answer_is_refused_with_a_message(client, cast, world):
    problem = _problem(world, cast)
    client.force_login(cast.organiser)
    response = client.post(reverse("bulletins:unit-report-respond", args=[problem.pk]), {})
    assert response.status_code == 409
    assert "Write what you want to say." in response.content.decode()


def test_command_uses_the_same_services_and_checks(cast, world, tmp_path):

    out = tmp_path / "report.xlsx"
    call_command("bulletin", "report", delegation=world.a.pk, by="organiser", output=out)
    assert out.read_bytes()[:2] == b"PK" and ProgressReport.objects.count() == 1
    call_command("bulletin", "compose", delegation=world.a.pk, by="organiser", note="周报")
    assert Bulletin.objects.get().note == "周报"
    with pytest.raises(CommandError):
        call_command("bulletin", "compose", delegation=world.a.pk, by="lead")
