"""Badges one at a time: history, reuse of an earlier edition's badge, the layout the
national administrator declares, the reminders, the progress page and the API."""

import datetime
import io

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook
from rest_framework.test import APIClient

from delegations.audit.models import EventKind
from delegations.deadlines.services import deadline_set
from delegations.models import Deadline
from delegations.obligations import describe, owed_by
from purchasers.badges import season as s
from purchasers.badges.models import Badge, BadgeEvent, BadgeStatus
from purchasers.badges.services import BadgeChange, badges_change
from purchasers.models import Attendee
from tests import factories as f
from tests.languages import speaking

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world, cast):
    return s.build_season(
        agencies=[world.s1_hospitals, world.s2_agency], by=cast.registrant, people=20, per_firm=5
    ).attendees


def test_office_records_a_status_by_hand_with_its_history(client, cast, people):
    person = people[0]
    client.force_login(cast.organiser)
    url = reverse("badge-detail", args=[person.pk])
    response = client.post(url, {"status": "posted", "tracking_number": ""})
    assert response.status_code == 409  # posted needs the courier's number
    assert "快递单号" in response.content.decode()
    client.post(url, {"status": "posted", "tracking_number": "SF123"})
    badge = Badge.objects.get(attendee=person)
    assert (badge.status, badge.tracking_number) == (BadgeStatus.POSTED, "SF123")
    page = client.get(url).content.decode()
    assert "未申请 → 寄递发放中" in page and "SF123" in page


def test_others_cannot_record_a_status(client, cast, people):
    url = reverse("badge-detail", args=[people[0].pk])
    client.force_login(cast.registrant)  # registered the person: sees, cannot set
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "ready"}).status_code == 403
    client.force_login(cast.b_organiser)
    assert client.get(url).status_code == 404
    assert not Badge.objects.exists()


def test_earlier_editions_badge_is_offered_for_reuse(client, cast, world, people):
    person = people[0]
    earlier_edition = f.EditionFactory(number=4, year=2021)
    old_sub = f.SubDelegationFactory(delegation=f.DelegationFactory(edition=earlier_edition))
    old = f.AttendeeFactory(
        registration=f.RegistrationFactory(lead_agency=f.LeadAgencyFactory(sub_delegation=old_sub)),
        id_number=person.id_number,
    )
    Badge.objects.create(attendee=old, status=BadgeStatus.HANDED_OVER, status_since=timezone.now())
    client.force_login(cast.registrant)
    url = reverse("badge-detail", args=[person.pk])
    assert 'id="reuse-badge"' in client.get(url).content.decode()
    client.post(url, {"action": "reuse"})
    badge = Badge.objects.get(attendee=person)
    assert (badge.status, badge.reuses.attendee) == (BadgeStatus.SUBMITTED, old)
    assert BadgeEvent.objects.get(badge=badge).kind == "reused"
    # Someone else's earlier badge is not offered.
    assert (
        'id="reuse-badge"'
        not in client.get(reverse("badge-detail", args=[people[1].pk])).content.decode()
    )


def test_national_admin_edits_the_layout_and_the_download_follows(client, cast, world, people):
    url = reverse("badge-layout-edit", args=[world.edition.pk])
    client.force_login(cast.organiser)
    assert client.get(url).status_code == 403
    client.force_login(cast.national_admin)
    page = client.get(url)
    assert "系统默认格式" in page.content.decode()
    rows = [
        ("证件号码", "id_number", "text"),
        ("姓名", "attendee_name", "text"),
        ("证件类型", "id_type", "id_type_code"),
        ("注册资本", "registered_capital", "wan_yuan"),
    ]
    data = {"form-TOTAL_FORMS": "5", "form-INITIAL_FORMS": "0"}
    for i, (header, field, how) in enumerate(rows):
        data |= {f"form-{i}-header": header, f"form-{i}-field": field, f"form-{i}-format": how}
    data |= {"form-4-header": "", "form-4-field": "email", "form-4-format": "text"}
    codes = {
        "codes-resident_id": "01",
        "codes-passport": "03",
        "codes-hk_macao_permit": "05",
        "codes-taiwan_permit": "06",
    }
    assert client.post(url, data | codes).status_code == 302
    client.force_login(cast.organiser)
    response = client.get(reverse("badge-export", args=[world.a.pk]))
    grid = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert grid[0] == ["证件号码", "姓名", "证件类型", "注册资本"]
    assert grid[1][2] == "01" and grid[1][3] == "500.00"
    # A layout without the ID number is refused, and nothing changes.
    client.force_login(cast.national_admin)
    bad = data | codes | {"form-0-field": "email"}
    response = client.post(url, bad)
    assert response.status_code == 400 and "证件号码列" in response.content.decode()


def test_reminders_count_badges_per_lead_agency(world, cast, people):
    deadline = deadline_set(
        edition=world.edition,
        kind=Deadline.Kind.REVIEW,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        by=cast.national_admin,
    )
    hospitals = [p for p in people if p.registration.lead_agency_id == world.s1_hospitals.pk]
    Attendee.objects.filter(pk=hospitals[0].pk).update(id_type=Attendee.IdType.PASSPORT)
    changes = [BadgeChange(p.pk, BadgeStatus.IN_REVIEW) for p in hospitals[:3]]
    badges_change(changes=changes, by=cast.organiser, kind="set")
    Badge.objects.filter(attendee__in=hospitals[:3]).update(
        status_since=timezone.now() - datetime.timedelta(days=10)
    )
    owed = {o.code: o.params for o in owed_by(agency=world.s1_hospitals, deadline=deadline)}
    assert owed["badges_not_applied"]["count"] == len(hospitals) - 3
    # Ten days: beyond the 7 for people in China, not the 15 for the foreigner.
    assert owed["badges_stuck_in_review"]["count"] == 2
    with speaking("en"):
        assert "2 badges have been in the official review longer" in describe(
            owed_by(agency=world.s1_hospitals, deadline=deadline)[-1]
        )
    assert "badges_stuck_in_review" not in {
        o.code for o in owed_by(agency=world.s2_agency, deadline=deadline)
    }


def test_a_new_tracking_number_keeps_the_days_in_the_status(cast, people):
    """Stuck in review counts days since the status changed: a corrected tracking number
    is a change in the history, not a new status."""
    person = people[0]
    badges_change(
        changes=[BadgeChange(person.pk, BadgeStatus.POSTED, "SF1")], by=cast.organiser, kind="set"
    )
    earlier = timezone.now() - datetime.timedelta(days=3)
    Badge.objects.filter(attendee=person).update(status_since=earlier)
    done = badges_change(
        changes=[
            BadgeChange(person.pk, BadgeStatus.POSTED, "SF2"),
            BadgeChange(person.pk, BadgeStatus.POSTED, "SF3", "南广场"),  # twice in one call
            BadgeChange(people[1].pk, BadgeStatus.NOT_APPLIED),  # already so
        ],
        by=cast.organiser,
        kind="official_import",
    )
    badge = Badge.objects.get(attendee=person)
    assert done == 1 and (badge.tracking_number, badge.pickup_place) == ("SF3", "南广场")
    assert badge.status_since == earlier
    entry = BadgeEvent.objects.filter(badge=badge).latest("pk")
    assert (entry.from_status, entry.to_status) == ("posted", "posted")
    assert entry.changes == {"tracking_number": ["SF1", "SF3"], "pickup_place": ["", "南广场"]}
    assert not Badge.objects.filter(attendee=people[1]).exists()


def test_progress_page_shows_badge_completeness(client, cast, world, people):
    badges_change(
        changes=[BadgeChange(p.pk, BadgeStatus.READY) for p in people[:4]],
        by=cast.organiser,
        kind="set",
    )
    client.force_login(cast.organiser)
    page = client.get(reverse("review:delegation-progress", args=[world.a.pk])).content.decode()
    assert "20 人中已申请证件 4 人" in page


def test_api_lists_badges_in_scope_and_sets_them_through_the_service(cast, world, people):
    api = APIClient()
    api.force_authenticate(cast.organiser)
    listed = api.get("/api/badges/").json()
    assert listed["count"] == 20 and listed["results"][0]["status"] == "not_applied"
    assert "id_number" not in listed["results"][0]
    url = f"/api/badges/{people[0].pk}/status/"
    assert api.post(url, {"status": "posted"}, format="json").status_code == 409
    assert (
        api.post(url, {"status": "posted", "tracking_number": "SF9"}, format="json").json()[
            "tracking_number"
        ]
        == "SF9"
    )
    api.force_authenticate(cast.registrant)
    assert api.post(url, {"status": "ready"}, format="json").status_code == 403
    api.force_authenticate(cast.b_organiser)
    assert api.get(f"/api/badges/{people[0].pk}/").status_code == 404
    assert (
        api.post(
            "/api/badges/hand-over/",
            {"delegation": world.a.pk, "unit": world.units.health.pk},
            format="json",
        ).status_code
        == 404
    )
    api.force_authenticate(cast.organiser)
    response = api.post(
        "/api/badges/hand-over/",
        {"delegation": world.a.pk, "unit": world.units.health.pk},
        format="json",
    )
    assert response.json() == {"handed_over": 1}


def test_api_status_import_previews_then_records(cast, world, people):
    content = s.status_file([s.row_for(p, "证件可领取") for p in people[:5]])
    api = APIClient()
    api.force_authenticate(cast.organiser)
    upload = io.BytesIO(content)
    upload.name = "status.xlsx"
    body = api.post(
        "/api/badge-status-imports/?dry_run=1", {"file": upload}, format="multipart"
    ).json()
    assert len(body["changes"]) == 5 and body["done"] == 0 and not Badge.objects.exists()
    first = body["changes"][0]
    person = next(p for p in people if p.pk == first["attendee"])
    assert first["who"].startswith(person.name + " · ")
    assert first["id_number"] == person.masked_id_number != person.id_number
    assert person.id_number not in str(body)  # the full number only in the official export
    assert (first["before"], first["after"]) == ("未申请", "证件可领取")
    upload.seek(0)
    body = api.post("/api/badge-status-imports/", {"file": upload}, format="multipart").json()
    assert body["done"] == 5
    api.force_authenticate(cast.lead)
    upload.seek(0)
    assert (
        api.post("/api/badge-status-imports/", {"file": upload}, format="multipart").status_code
        == 403
    )


def test_badge_history_keeps_its_badge_and_its_author(cast, people):
    """The history table has no database constraints: Django's PROTECT is what keeps an
    entry's badge and user from being deleted under it."""
    badges_change(
        changes=[BadgeChange(people[0].pk, "submitted")],
        by=cast.organiser,
        kind=EventKind.BADGE_SET,
    )
    badge = Badge.objects.get(attendee=people[0])
    with pytest.raises(ProtectedError):
        badge.delete()
    with pytest.raises(ProtectedError):
        cast.organiser.delete()
    assert BadgeEvent.objects.get(badge=badge).actor == cast.organiser


@pytest.mark.parametrize(
    "who, sees",
    [
        ("organiser", ["badge-export-", "badge-distribution", "badge-import-link"]),
        ("lead", ["官方导入表"]),
        ("viewer", ["badge-distribution"]),
        ("national_admin", ["badge-layout", "badge-distribution"]),
        ("registrant", ["my-badges"]),
    ],
)
def test_badge_overview_shows_each_role_its_part(client, cast, people, who, sees):
    client.force_login(getattr(cast, who))
    page = client.get(reverse("badge-overview")).content.decode()
    for marker in sees:
        assert marker in page, (who, marker)
    if who != "organiser":
        assert "badge-import-link" not in page
