"""The list page and the API list cost the same number of queries for 5 rows or 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f


def _fill(world, cast, n):
    for _ in range(n):
        registration = f.RegistrationFactory(
            lead_agency=world.s2_agency, unit=world.units.tourism, registered_by=cast.registrant
        )
        f.AttendeeFactory.create_batch(2, registration=registration)


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["registrant", "lead", "organiser", "viewer"])
def test_list_page_queries_do_not_grow_with_rows(client, world, cast, role):
    client.force_login(getattr(cast, role))
    if role == "lead":
        world.s2_agency.units.add(cast.lead.unit)
    url = reverse("registrations:list")
    _fill(world, cast, 5)
    small = _count(lambda: client.get(url))
    page = client.get(url).content.decode()
    assert page.count('href="/registrations/') >= 5
    _fill(world, cast, 45)
    large = _count(lambda: client.get(url))
    assert client.get(url).context["page"].object_list.__len__() == 50
    assert large == small


def test_api_list_queries_do_not_grow_with_rows(world, cast):
    api = APIClient()
    api.force_authenticate(cast.registrant)
    _fill(world, cast, 5)
    small = _count(lambda: api.get("/api/registrations/"))
    _fill(world, cast, 45)
    large = _count(lambda: api.get("/api/registrations/"))
    assert len(api.get("/api/registrations/").json()["results"]) == 50
    assert large == small
