"""The API assigns through the same service (409 names the conflicts); the registering unit
reads its own people's itineraries; the national viewer reads and changes nothing."""

from purchasers.logistics import services
from purchasers.logistics.models import AttendeePlan, BusSeat, Journey

from .conftest import room


def test_api_bulk_assignment_refuses_over_capacity_with_names_then_assigns(
    client, cast, world, stay
):
    client.force_login(cast.organiser)
    ids = [p.pk for p in stay.s1] + [stay.s1_firms[0].pk]
    url = "/api/logistics/bulk-assign/"
    body = {"delegation": world.a.pk, "ids": ids, "buses": [stay.buses[7].pk]}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 409
    assert "刘洋" in " ".join(refused.json()["problems"])
    assert not AttendeePlan.objects.exists()
    body["ids"] = ids[:3]
    done = client.post(url, body, content_type="application/json")
    assert done.status_code == 200 and done.json() == {"planned": 3}
    assert BusSeat.objects.filter(bus=stay.buses[7]).count() == 3


def test_api_bulk_assignment_of_another_delegations_people_is_404(client, cast, world, stay):
    client.force_login(cast.organiser)
    response = client.post(
        "/api/logistics/bulk-assign/",
        {"delegation": world.a.pk, "ids": [stay.b[0].pk]},
        content_type="application/json",
    )
    assert response.status_code == 404
    client.force_login(cast.b_organiser)
    response = client.post(
        "/api/logistics/bulk-assign/",
        {"delegation": world.a.pk, "ids": [stay.s1[0].pk]},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_registering_unit_reads_its_own_peoples_itineraries(
    client, cast, world, stay, registrations
):
    services.plans_assign(
        by=cast.organiser,
        delegation=world.a,
        assignments=[room(stay.jinjiang, p) for p in stay.s1[:2]] + [room(stay.hilton, stay.s2[0])],
    )
    client.force_login(cast.registrant)  # registered s1's firms, not s2's
    page = client.get(f"/logistics/itinerary/registration/{registrations.s1.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "张伟" in text and "王芳" in text and "锦江饭店" in text
    assert client.get(f"/logistics/itinerary/{stay.s2[0].pk}/").status_code == 404
    assert (
        client.get(f"/logistics/itinerary/registration/{registrations.s2.pk}/").status_code == 404
    )
    assert client.get(f"/logistics/{world.a.pk}/").status_code == 404


def test_the_national_viewer_reads_figures_and_changes_nothing(client, cast, world, stay):
    client.force_login(cast.viewer)
    assert client.get(f"/logistics/{world.a.pk}/figures/").status_code == 200
    assert client.get(f"/api/logistics/figures/?delegation={world.a.pk}").status_code == 200
    response = client.post(
        f"/logistics/{world.a.pk}/assign/", {"ids": [stay.s1[0].pk], "meals": "none"}
    )
    assert response.status_code == 403
    assert client.post(f"/logistics/{world.a.pk}/publish/").status_code == 403
    assert not AttendeePlan.objects.exists()


def test_an_own_train_is_planned_on_the_persons_page_and_a_clash_is_refused(
    client, cast, world, stay
):

    person = stay.s1[0]
    client.force_login(cast.organiser)
    url = f"/logistics/{world.a.pk}/people/{person.pk}/"
    client.post(
        url,
        {
            "own-there-mode": "flight",
            "own-there-number": "MU2301",
            "own-there-departs_at": "2022-11-04T09:00",
            "own-there-arrives_at": "2022-11-04T12:30",
            "own-there-from_place": "西宁曹家堡",
            "own-there-to_place": "上海虹桥",
        },
    )
    journey = Journey.objects.get(plan__attendee=person)
    assert (journey.number, journey.booked_by_delegation) == ("MU2301", False)
    page = client.post(
        url,
        {
            "own-back-number": "MU2302",
            "own-back-departs_at": "2022-11-04T11:00",
            "own-back-arrives_at": "2022-11-04T14:00",
            "own-back-from_place": "上海虹桥",
            "own-back-to_place": "西宁",
        },
    ).content.decode()
    assert "张伟" in page and Journey.objects.filter(plan__attendee=person).count() == 1
