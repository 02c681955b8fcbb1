"""The bureau's edition-wide dates belong to the national administrator.

They apply to every delegation of the edition: an office sees them read-only and sets its
own, earlier dates beside them; no office can move or remove them.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from delegations.deadlines.services import deadline_delete, deadline_set
from delegations.models import Deadline

Kind = Deadline.Kind


@pytest.fixture
def bureau_date(world, cast):
    return deadline_set(
        edition=world.edition,
        kind=Kind.REGISTRATION,
        due_on=datetime.date(2022, 9, 30),
        by=cast.national_admin,
    )


def test_office_is_not_offered_the_edition_scope(english, client, world, cast, bureau_date):
    client.force_login(cast.organiser)
    page = client.get(f"/deadlines/{world.a.pk}/").content.decode()
    assert 'value="edition"' not in page
    assert 'value="delegation"' in page
    # The bureau's date is shown, read-only: no remove button for it.
    assert "2022-09-30" in page
    assert f"/remove/{bureau_date.pk}/" not in page
    assert "set by the national bureau" in page


def test_office_saving_an_edition_date_is_refused_and_changes_nothing(
    client, world, cast, bureau_date
):
    client.force_login(cast.organiser)
    response = client.post(
        f"/deadlines/{world.a.pk}/save/",
        {"applies_to": "edition", "kind": "registration", "due_on": "2099-12-31"},
    )
    assert response.status_code == 200  # the form again, with the choice refused
    bureau_date.refresh_from_db()
    assert bureau_date.due_on == datetime.date(2022, 9, 30)
    assert Deadline.objects.count() == 1


def test_office_cannot_remove_the_bureaus_date(client, world, cast, bureau_date):
    client.force_login(cast.organiser)
    response = client.post(f"/deadlines/{world.a.pk}/remove/{bureau_date.pk}/")
    assert response.status_code == 404
    assert Deadline.objects.filter(pk=bureau_date.pk).exists()


def test_office_still_sets_and_removes_its_own_earlier_date(client, world, cast, bureau_date):
    client.force_login(cast.organiser)
    response = client.post(
        f"/deadlines/{world.a.pk}/save/",
        {"applies_to": "delegation", "kind": "registration", "due_on": "2022-09-20"},
    )
    assert response.status_code == 302
    own = Deadline.objects.get(delegation=world.a)
    response = client.post(f"/deadlines/{world.a.pk}/remove/{own.pk}/")
    assert response.status_code == 302
    assert list(Deadline.objects.all()) == [bureau_date]


def test_national_admin_sets_moves_and_removes_the_bureaus_date_from_any_delegations_page(
    client, world, cast, bureau_date
):
    client.force_login(cast.national_admin)
    page = client.get(f"/deadlines/{world.b.pk}/").content.decode()
    # Only the edition's date is offered: the delegations' own dates are the offices'.
    assert 'value="edition"' in page and 'value="delegation"' not in page
    assert f"/remove/{bureau_date.pk}/" in page
    response = client.post(
        f"/deadlines/{world.b.pk}/save/",
        {"applies_to": "edition", "kind": "registration", "due_on": "2022-10-08"},
    )
    assert response.status_code == 302
    bureau_date.refresh_from_db()
    assert bureau_date.due_on == datetime.date(2022, 10, 8)
    response = client.post(f"/deadlines/{world.b.pk}/remove/{bureau_date.pk}/")
    assert response.status_code == 302
    assert not Deadline.objects.exists()


def test_national_admin_cannot_remove_an_offices_own_date(client, world, cast, bureau_date):
    own = deadline_set(
        edition=world.edition,
        kind=Kind.REGISTRATION,
        delegation=world.a,
        due_on=datetime.date(2022, 9, 20),
        by=cast.organiser,
    )
    client.force_login(cast.national_admin)
    response = client.post(f"/deadlines/{world.a.pk}/remove/{own.pk}/")
    assert response.status_code == 404
    assert Deadline.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("who", ["organiser", "b_organiser", "viewer", "lead"])
def test_the_service_refuses_edition_dates_to_anyone_but_the_bureau(world, cast, bureau_date, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        deadline_set(
            edition=world.edition,
            kind=Kind.REGISTRATION,
            due_on=datetime.date(2099, 12, 31),
            by=user,
        )
    with pytest.raises(PermissionDenied):
        deadline_delete(deadline=bureau_date, by=user)
    bureau_date.refresh_from_db()
    assert bureau_date.due_on == datetime.date(2022, 9, 30)
