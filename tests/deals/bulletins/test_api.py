"""The API calls the pages' services: the same scope (404), capability (403) and state
(409) answers."""

import pytest

from deals.bulletins.models import Bulletin, UnitReport

pytestmark = pytest.mark.django_db


def test_office_composes_and_sends_through_the_api(client, cast, world, smtp):
    client.force_login(cast.organiser)
    created = client.post(
        "/api/bulletins/",
        {"delegation": world.a.pk, "note": "API"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    sent = client.post(f"/api/bulletins/{pk}/send/")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert client.post(f"/api/bulletins/{pk}/send/").status_code == 409
    assert len(client.get(f"/api/bulletins/{pk}/").json()["deliveries"]) == 5
    assert Bulletin.objects.get().note == "API"


def test_others_are_refused_or_see_nothing(client, cast, world):
    client.force_login(cast.lead)
    refused = client.post("/api/bulletins/", {"delegation": world.a.pk})
    assert refused.status_code == 403
    client.force_login(cast.b_organiser)
    assert client.post("/api/bulletins/", {"delegation": world.a.pk}).status_code == 404
    assert client.post("/api/progress-reports/", {"delegation": world.a.pk}).status_code == 404
    client.force_login(cast.organiser)
    report = client.post("/api/progress-reports/", {"delegation": world.a.pk})
    assert report.status_code == 201 and "registrations" in report.json()["figures"]
    client.force_login(cast.b_organiser)
    assert client.get(f"/api/progress-reports/{report.json()['id']}/").status_code == 404


def test_unit_reports_through_the_api(client, cast, world):
    client.force_login(cast.registrant)
    posted = client.post(
        "/api/unit-reports/",
        {"delegation": world.a.pk, "kind": "problem", "title": "酒店", "body": "房间不够"},
    )
    assert posted.status_code == 201
    pk = posted.json()["id"]
    client.force_login(cast.organiser)
    answered = client.post(
        f"/api/unit-reports/{pk}/respond/",
        {"body": "已协调", "close": True},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "closed"
    assert UnitReport.objects.get().entries.count() == 3
    client.force_login(cast.other_registrant)
    assert client.get(f"/api/unit-reports/{pk}/").status_code == 404
    junk = client.post("/api/unit-reports/", {"delegation": "x", "kind": "problem"})
    assert junk.status_code == 400
