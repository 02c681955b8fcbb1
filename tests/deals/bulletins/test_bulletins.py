"""Bulletins to member units: composed from the progress figures, sent to every liaison
with its own unit's line, archived with what went to whom, and sent weekly by schedule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from deals.bulletins import services
from deals.bulletins.models import Bulletin, BulletinDelivery, BulletinSchedule
from delegations.models import Deadline
from purchasers.models import Registration
from purchasers.review.selectors import progress_for
from tests import factories as f

Status = Registration.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(world, cast):
    """S1 hospitals: 3 counted (1 submitted, 1 approved, 1 reported) + a draft; S2: 1."""
    for status in (Status.SUBMITTED, Status.LEAD_APPROVED, Status.REPORTED, Status.DRAFT):
        f.RegistrationFactory(
            lead_agency=world.s1_hospitals, unit=world.units.tourism, status=status
        )
    f.RegistrationFactory(lead_agency=world.s2_agency, status=Status.LEAD_APPROVED)
    f.RegistrationFactory(lead_agency=world.sb_agency, status=Status.REPORTED)  # delegation B
    return world


def _line(bulletin, agency):
    return next(line for line in bulletin.figures["agencies"] if line["id"] == agency.pk)


def test_bulletin_reads_the_progress_page_figures(cast, progress):
    bulletin = services.bulletin_compose(delegation=progress.a, by=cast.organiser, note="加油")
    rows, totals = progress_for(user=cast.organiser, delegation=progress.a)
    for agency in rows:
        line = _line(bulletin, agency)
        assert (line["registered"], line["target"], line["percent"]) == (
            agency.counted,
            agency.target,
            agency.percent,
        )
    hospitals = _line(bulletin, progress.s1_hospitals)
    assert (hospitals["registered"], hospitals["approved"], hospitals["reported"]) == (3, 2, 1)
    assert hospitals["percent"] == 30 and hospitals["rank"] == 1
    assert _line(bulletin, progress.s1_firms)["rank"] == 3  # 0 of 20, behind S2's 1 of 70
    assert bulletin.figures["totals"]["registered"] == totals.counted == 4
    assert bulletin.status == Bulletin.Status.DRAFT and bulletin.number == 1


def test_change_is_counted_since_the_last_bulletin_sent(cast, progress, world):
    first = services.bulletin_compose(delegation=world.a, by=cast.organiser)
    assert _line(first, world.s1_hospitals)["change"] is None
    services.bulletin_send(bulletin=first, by=cast.organiser)
    f.RegistrationFactory(lead_agency=world.s1_hospitals, status=Status.SUBMITTED)
    f.RegistrationFactory(lead_agency=world.s1_hospitals, status=Status.SUBMITTED)
    second = services.bulletin_compose(delegation=world.a, by=cast.organiser)
    assert second.number == 2
    assert _line(second, world.s1_hospitals)["change"] == 2
    assert _line(second, world.s2_agency)["change"] == 0
    assert second.figures["previous_number"] == 1


def test_composing_again_refreshes_the_draft_without_a_gap(cast, progress, world):
    draft = services.bulletin_compose(delegation=world.a, by=cast.organiser, note="一")
    f.RegistrationFactory(lead_agency=world.s2_agency, status=Status.SUBMITTED)
    again = services.bulletin_compose(delegation=world.a, by=cast.organiser, note="二")
    assert again.pk == draft.pk and again.number == 1 and again.note == "二"
    assert _line(again, world.s2_agency)["registered"] == 2


@pytest.mark.parametrize("who", ["lead", "registrant", "viewer", "b_organiser", "nobody"])
def test_only_the_office_composes_and_sends(cast, world, who):
    with pytest.raises(PermissionDenied):
        services.bulletin_compose(delegation=world.a, by=getattr(cast, who))
    draft = services.bulletin_compose(delegation=world.a, by=cast.organiser)
    with pytest.raises(PermissionDenied):
        services.bulletin_send(bulletin=draft, by=getattr(cast, who))


def test_each_liaison_gets_its_own_units_line(
    cast, progress, world, smtp, django_capture_on_commit_callbacks
):
    world.units.other_member.liaison_email = ""
    world.units.other_member.save()
    draft = services.bulletin_compose(delegation=world.a, by=cast.organiser, note="本周进展")
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_send(bulletin=draft, by=cast.organiser)
    with pytest.raises(services.BulletinError):
        services.bulletin_send(bulletin=draft, by=cast.organiser)
    sent = Bulletin.objects.get(pk=draft.pk)
    deliveries = {d.unit_id: d for d in sent.deliveries.all()}
    # The five member units of A, not the office and not delegation B's unit.
    assert set(deliveries) == {u.pk for u in vars(world.units).values()} - {world.units.b_lead.pk}
    assert deliveries[world.units.other_member.pk].status == BulletinDelivery.Status.NO_EMAIL
    health = smtp.to(world.units.health.liaison_email)
    assert len(health) == 1
    chinese, english = health[0].text.replace("\r\n", "\n").split("------------------------------")
    assert "贵单位: 卫生健康委" in chinese
    assert "卫生分团 · 卫生健康委: 已登记 3 家，任务 10 家（完成 30%）" in chinese
    assert (
        "Your unit: 卫生健康委\n- 卫生分团 · 卫生健康委: 3 of 10 registered (30%), 2 approved"
        in (english)
    )
    assert "本周进展" in chinese and "附件为可打印的通报" in chinese
    assert "rank 1" in english and "药品监管局: 0 of 20" not in english
    assert "your-line" in health[0].html and "卫生健康委" in health[0].html
    drugs = smtp.to(world.units.drugs.liaison_email)[0].text.replace("\r\n", "\n")
    assert "Your unit: 药品监管局\n- 卫生分团 · 药品监管局: 0 of 20 registered (0%)" in drugs
    assert "rank 3" in drugs
    tourism = smtp.to(world.units.tourism.liaison_email)[0].text.replace("\r\n", "\n")
    assert "Your unit: 文化和旅游厅\n- Firms your unit registered: 3 (2 approved, 1 reported)" in (
        tourism
    )
    assert len(smtp.messages) == 4
    assert all(d.status == BulletinDelivery.Status.SENT for d in sent.deliveries.all() if d.email)


def test_a_copy_that_failed_is_archived_as_failed(
    cast, world, smtp, django_capture_on_commit_callbacks
):
    smtp.refuse.add(world.units.drugs.liaison_email)
    draft = services.bulletin_compose(delegation=world.a, by=cast.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_send(bulletin=draft, by=cast.organiser)
    failed = BulletinDelivery.objects.get(bulletin=draft, unit=world.units.drugs)
    assert failed.status == BulletinDelivery.Status.FAILED and "550" in failed.error
    smtp.refuse.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_delivery_retry(delivery=failed, by=cast.organiser)
    failed.refresh_from_db()
    assert failed.status == BulletinDelivery.Status.SENT
    assert len(smtp.to(world.units.drugs.liaison_email)) == 1


def test_weekly_schedule_sends_on_its_day_until_registration_closes(
    cast, world, smtp, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    schedule = services.bulletin_schedule_set(
        delegation=world.a, by=cast.organiser, weekday=today.weekday(), note="每周通报"
    )
    assert schedule.next_due_on == today
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.bulletins_send_due(today=today)
    assert len(smtp.to(world.units.health.liaison_email)) == 1
    assert [b.scheduled for b in sent] == [True] and sent[0].note == "每周通报"
    assert services.bulletins_send_due(today=today) == []  # once a day, however often run
    schedule.refresh_from_db()
    assert schedule.next_due_on == today + datetime.timedelta(days=7)
    Deadline.objects.create(
        edition=world.edition,
        delegation=world.a,
        kind=Deadline.Kind.REGISTRATION,
        due_on=today + datetime.timedelta(days=3),
    )
    assert services.bulletins_send_due(today=schedule.next_due_on) == []
    schedule.refresh_from_db()
    assert not schedule.active
    assert Bulletin.objects.filter(delegation=world.a, status="sent").count() == 1


def test_pages_answer_by_scope(client, cast, world):
    draft = services.bulletin_compose(delegation=world.a, by=cast.organiser)
    urls = [
        reverse("bulletins:bulletin-list", args=[world.a.pk]),
        reverse("bulletins:bulletin-detail", args=[draft.pk]),
        reverse("bulletins:bulletin-print", args=[draft.pk]),
    ]
    for user, status in [(cast.organiser, 200), (cast.b_organiser, 404), (cast.lead, 404)]:
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [status] * 3
    client.force_login(cast.organiser)
    response = client.post(reverse("bulletins:bulletin-send", args=[draft.pk]))
    assert response.status_code == 302
    again = client.post(reverse("bulletins:bulletin-send", args=[draft.pk]))
    assert again.status_code == 409 and "already sent" in again.content.decode()
    assert BulletinSchedule.objects.count() == 0


def test_a_schedule_whose_owner_may_no_longer_send_stops(cast, world):
    today = timezone.localdate()
    schedule = services.bulletin_schedule_set(
        delegation=world.a, by=cast.organiser, weekday=today.weekday()
    )
    cast.organiser.role = "registrant"
    cast.organiser.save()
    assert services.bulletins_send_due(today=today) == []
    schedule.refresh_from_db()
    assert not schedule.active and not Bulletin.objects.exists()
