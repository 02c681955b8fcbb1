import datetime

import pytest
from django.utils import timezone

from delegations.deadlines.services import deadline_set
from delegations.models import Deadline, Reminder, ReminderRule
from purchasers.models import Registration
from tests import factories as f

Kind = Deadline.Kind


@pytest.fixture
def dates(world, cast):
    today = datetime.date.today()
    return {
        "edition": deadline_set(
            edition=world.edition,
            kind=Kind.REGISTRATION,
            due_on=today + datetime.timedelta(days=30),
            by=cast.national_admin,
        ),
        "firms": deadline_set(
            edition=world.edition,
            kind=Kind.REGISTRATION,
            lead_agency=world.s1_firms,
            due_on=today + datetime.timedelta(days=10),
            by=cast.organiser,
            note="药监局自定",
        ),
    }


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organiser", 200),
        ("lead", 200),
        ("other_lead", 200),
        ("viewer", 200),
        ("b_organiser", 404),
        ("registrant", 404),
        ("other_registrant", 404),
        ("nobody", 404),
    ],
)
def test_deadline_page_of_a_delegation_by_role(client, world, cast, dates, who, status):
    assert get(client, getattr(cast, who), f"/deadlines/{world.a.pk}/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organiser", 200),
        ("viewer", 200),
        ("lead", 404),
        ("other_lead", 404),
        ("b_organiser", 404),
        ("registrant", 404),
        ("nobody", 404),
    ],
)
def test_reminder_history_by_role(client, world, cast, who, status):
    url = f"/deadlines/{world.a.pk}/history/"
    assert get(client, getattr(cast, who), url).status_code == status


@pytest.mark.parametrize("who", ["lead", "viewer", "b_organiser", "registrant", "nobody"])
@pytest.mark.parametrize("action", ["save/", "rules/", "run/", "remove/{firms}/"])
def test_only_the_delegations_organisers_change_deadlines(client, world, cast, dates, who, action):
    client.force_login(getattr(cast, who))
    url = f"/deadlines/{world.a.pk}/" + action.format(firms=dates["firms"].pk)
    response = client.post(url, {"kind": "registration", "applies_to": "delegation"})
    assert response.status_code == 404
    assert Deadline.objects.count() == 2


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(f"/deadlines/{world.a.pk}/").url.startswith("/accounts/login/")


def test_deadline_list_shows_the_delegations_in_scope(client, world, cast):
    page = get(client, cast.organiser, "/deadlines/").content.decode()
    assert world.a.name in page and world.b.name not in page
    page = get(client, cast.registrant, "/deadlines/").content.decode()
    assert world.a.name not in page


def test_lead_sees_its_own_deadlines_and_what_it_owes_but_no_forms(
    english, client, world, cast, dates
):
    f.RegistrationFactory(
        lead_agency=world.s1_hospitals,
        unit=world.units.tourism,
        status=Registration.Status.SUBMITTED,
    )
    client.force_login(cast.lead)
    page = client.get(f"/deadlines/{world.a.pk}/").content.decode()
    assert "卫生健康委" in page
    assert "药品监管局" not in page and "药监局自定" not in page  # another agency's
    assert "Target not met: 1 of 10 purchaser organisations registered" in page
    assert "1 registration waiting for your review;" in page
    assert 'id="deadline-form"' not in page
    assert "/run/" not in page


def test_bureau_sets_the_edition_date_once_and_the_office_an_earlier_one_for_an_agency(
    client, world, cast
):
    client.force_login(cast.national_admin)
    url = f"/deadlines/{world.a.pk}/save/"
    response = client.post(
        url, {"applies_to": "edition", "kind": "review", "due_on": "2022-10-20", "note": "国家局"}
    )
    assert response.status_code == 302
    client.force_login(cast.organiser)
    response = client.post(
        url,
        {
            "applies_to": f"agency:{world.s2_agency.pk}",
            "kind": "review",
            "due_on": "2022-10-15",
        },
    )
    assert response.status_code == 302
    # Later than the inherited date: refused with the reason, nothing saved.
    response = client.post(
        url, {"applies_to": "delegation", "kind": "review", "due_on": "2022-10-25"}
    )
    assert response.status_code == 200
    assert "2022-10-20" in response.content.decode()
    assert sorted(Deadline.objects.values_list("due_on", flat=True)) == [
        datetime.date(2022, 10, 15),
        datetime.date(2022, 10, 20),
    ]
    page = client.get(f"/deadlines/{world.a.pk}/").content.decode()
    assert "国家局" in page and "2022-10-15" in page
    # B inherits the bureau's date without entering it again.
    client.force_login(cast.b_organiser)
    assert "2022-10-20" in client.get(f"/deadlines/{world.b.pk}/").content.decode()


def test_organiser_edits_reminder_steps(client, world, cast):
    client.force_login(cast.organiser)
    response = client.post(
        f"/deadlines/{world.a.pk}/rules/",
        {
            "kind": "review",
            "review-kind": "review",
            "review-steps": "10，5, 2",
            "review-active": "on",
        },
    )
    assert response.status_code == 302
    rule = ReminderRule.objects.get(delegation=world.a, kind=Kind.REVIEW)
    assert rule.steps == [10, 5, 2] and rule.active
    page = client.get(f"/deadlines/{world.a.pk}/").content.decode()
    assert 'value="10, 5, 2"' in page
    assert 'value="14, 7, 3, 1"' in page  # the other kinds keep the default


def test_organiser_removes_a_deadline(client, world, cast, dates):
    client.force_login(cast.organiser)
    response = client.post(f"/deadlines/{world.a.pk}/remove/{dates['firms'].pk}/")
    assert response.status_code == 302
    assert not Deadline.objects.filter(pk=dates["firms"].pk).exists()


def test_b_organiser_cannot_remove_the_other_delegations_agency_date(client, world, cast, dates):
    client.force_login(cast.b_organiser)
    response = client.post(f"/deadlines/{world.b.pk}/remove/{dates['firms'].pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("organiser", {"edition", "firms"}),
        ("b_organiser", {"edition"}),
        ("lead", {"edition"}),
        ("viewer", {"edition", "firms"}),
        ("registrant", set()),
        ("nobody", set()),
    ],
)
def test_deadlines_api_by_role(client, world, cast, dates, who, expected):
    client.force_login(getattr(cast, who))
    ids = {row["id"] for row in client.get("/api/deadlines/").json()["results"]}
    assert ids == {dates[name].pk for name in expected}
    status = client.get(f"/api/deadlines/{dates['firms'].pk}/").status_code
    assert status == (200 if "firms" in expected else 404)


@pytest.mark.parametrize(
    ("who", "sees"),
    [("organiser", True), ("viewer", True), ("lead", False), ("b_organiser", False)],
)
def test_reminders_api_by_role(client, world, cast, dates, who, sees):

    reminder = Reminder.objects.create(
        deadline=dates["firms"],
        deadline_kind=dates["firms"].kind,
        delegation=world.a,
        lead_agency=world.s1_firms,
        step=10,
        due_on=dates["firms"].due_on,
        status=Reminder.Status.FAILED,
        error="No liaison email",
        claimed_at=timezone.now(),
    )
    client.force_login(getattr(cast, who))
    rows = client.get("/api/reminders/?status=failed").json()["results"]
    assert [r["id"] for r in rows] == ([reminder.pk] if sees else [])
    assert client.get(f"/api/reminders/{reminder.pk}/").status_code == (200 if sees else 404)


def test_reminders_api_refuses_writes(client, world, cast):
    client.force_login(cast.organiser)
    assert client.post("/api/reminders/", {}).status_code == 405
