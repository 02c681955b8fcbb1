"""Each role sees exactly its scope, in querysets, pages and the API; outside it is a 404."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from deals.permissions import deals_visible_to
from delegations.permissions import delegations_visible_to, sub_delegations_visible_to
from purchasers.permissions import registrations_visible_to

ALL_DELEGATIONS = {"a", "b"}
ALL_SUBS = {"s1", "s2", "sb"}
ALL_REGS = {"s1", "s1_firms", "s2", "b"}

# role -> (delegations, sub-delegations, registrations) it may see
SCOPES = {
    "organiser": ({"a"}, {"s1", "s2"}, {"s1", "s1_firms", "s2"}),
    "lead": ({"a"}, {"s1"}, {"s1", "s1_firms"}),
    "other_lead": ({"a"}, {"s2"}, {"s2"}),
    "registrant": ({"a"}, {"s1", "s2"}, {"s1", "s1_firms"}),
    "other_registrant": ({"a"}, {"s1", "s2"}, {"s2"}),
    "b_organiser": ({"b"}, {"sb"}, {"b"}),
    "viewer": (ALL_DELEGATIONS, ALL_SUBS, ALL_REGS),
    "nobody": (set(), set(), set()),
}


def _names(objects, mapping):
    reverse_map = {obj.pk: name for name, obj in mapping.items()}
    return {reverse_map[obj.pk] for obj in objects}


@pytest.mark.parametrize("role", SCOPES)
def test_each_role_sees_exactly_its_scope(role, world, cast, registrations):
    user = getattr(cast, role)
    delegations, subs, regs = SCOPES[role]
    assert _names(delegations_visible_to(user), {"a": world.a, "b": world.b}) == delegations
    assert (
        _names(sub_delegations_visible_to(user), {"s1": world.s1, "s2": world.s2, "sb": world.sb})
        == subs
    )
    assert _names(registrations_visible_to(user), vars(registrations)) == regs
    assert set(deals_visible_to(user)) == set()


def _pages(world):
    return {
        ("delegation", "a"): reverse("delegation-detail", args=[world.a.pk]),
        ("delegation", "b"): reverse("delegation-detail", args=[world.b.pk]),
        ("sub", "s1"): reverse("sub-delegation-detail", args=[world.s1.pk]),
        ("sub", "s2"): reverse("sub-delegation-detail", args=[world.s2.pk]),
        ("sub", "sb"): reverse("sub-delegation-detail", args=[world.sb.pk]),
    }


def _api(world):
    return {
        ("delegation", "a"): f"/api/delegations/{world.a.pk}/",
        ("delegation", "b"): f"/api/delegations/{world.b.pk}/",
        ("sub", "s1"): f"/api/sub-delegations/{world.s1.pk}/",
        ("sub", "s2"): f"/api/sub-delegations/{world.s2.pk}/",
        ("sub", "sb"): f"/api/sub-delegations/{world.sb.pk}/",
    }


def _expected(role, kind, name):
    delegations, subs, _ = SCOPES[role]
    return 200 if name in (delegations if kind == "delegation" else subs) else 404


@pytest.mark.parametrize("role", SCOPES)
def test_pages_answer_404_outside_the_scope(role, client, world, cast):
    client.force_login(getattr(cast, role))
    for (kind, name), url in _pages(world).items():
        assert client.get(url).status_code == _expected(role, kind, name), (role, url)
    for url in (reverse("home"), reverse("delegation-list")):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", SCOPES)
def test_api_answers_404_outside_the_scope(role, world, cast):
    api = APIClient()
    api.force_authenticate(getattr(cast, role))
    for (kind, name), url in _api(world).items():
        assert api.get(url).status_code == _expected(role, kind, name), (role, url)
    listed = {row["id"] for row in api.get("/api/delegations/").json()["results"]}
    expected = {getattr(world, name).pk for name in SCOPES[role][0]}
    assert listed == expected


def test_lead_sees_their_sub_delegation_page_with_both_co_leads_targets(client, world, cast):
    client.force_login(cast.lead)
    page = client.get(reverse("sub-delegation-detail", args=[world.s1.pk])).content.decode()
    assert "医院" in page and "企业" in page
    assert client.get(reverse("sub-delegation-detail", args=[world.s2.pk])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, world):
    response = client.get(reverse("delegation-detail", args=[world.a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert APIClient().get("/api/delegations/").status_code in (401, 403)


def test_national_viewer_cannot_write_through_the_api(world, cast):
    api = APIClient()
    api.force_authenticate(cast.viewer)
    assert api.post("/api/delegations/", {"name": "x"}).status_code == 403
    api.force_authenticate(cast.organiser)
    assert api.post("/api/delegations/", {"name": "x"}).status_code == 405


def test_registrant_home_shows_only_their_own_registrations(client, cast, registrations):
    client.force_login(cast.registrant)
    page = client.get(reverse("home")).content.decode()
    assert registrations.s1.name in page
    assert registrations.s2.name not in page


def test_lead_home_counts_what_waits_for_their_review(client, cast, registrations):
    registrations.s1.status = "submitted"
    registrations.s1.save()
    registrations.s2.status = "submitted"
    registrations.s2.save()
    client.force_login(cast.lead)
    response = client.get(reverse("home"))
    assert response.context["to_review"] == 1
