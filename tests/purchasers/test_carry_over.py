import pytest
from django.urls import reverse

from purchasers.models import Registration
from purchasers.registration.services import registrations_carry_over
from tests import factories as f

Status = Registration.Status
URL = reverse("registrations:carry-over")


@pytest.fixture
def last_edition(world, cast):
    """Edition 4: delegation A had a 商贸分团 too; the tourism unit registered two firms,
    one of which is already registered again this edition by someone else."""
    edition = f.EditionFactory(number=4, year=2021)
    a4 = f.DelegationFactory(
        edition=edition, name="交易团A", region=f.region("630000"), office_unit=world.a.office_unit
    )
    a4.member_units.set([world.units.tourism, world.units.commerce_lead, world.units.other_member])
    s2_then = f.SubDelegationFactory(delegation=a4, name="商贸分团")
    agency_then = f.LeadAgencyFactory(sub_delegation=s2_then, units=[world.units.commerce_lead])
    purchaser = f.PurchaserFactory(
        name="老朋友贸易有限公司",
        kind="import_trader",
        contact_name="赵",
        contact_phone="13900001111",
    )
    returning = f.RegistrationFactory(
        purchaser=purchaser,
        lead_agency=agency_then,
        unit=world.units.tourism,
        registered_by=cast.registrant,
        status=Status.REPORTED,
    )
    f.AttendeeFactory.create_batch(2, registration=returning)
    taken = f.RegistrationFactory(
        lead_agency=agency_then,
        unit=world.units.tourism,
        registered_by=cast.registrant,
        status=Status.REPORTED,
    )
    f.RegistrationFactory(purchaser=taken.purchaser, lead_agency=world.sb_agency)
    others = f.RegistrationFactory(
        lead_agency=agency_then, unit=world.units.other_member, status=Status.REPORTED
    )
    return type("Last", (), {"returning": returning, "taken": taken, "others": others})


def test_lists_own_units_purchasers_and_flags_those_already_registered(client, cast, last_edition):
    client.force_login(cast.registrant)
    page = client.get(URL).content.decode()
    assert "老朋友贸易有限公司" in page
    assert f'value="{last_edition.returning.pk}"' in page
    assert last_edition.taken.purchaser.name in page
    assert f'value="{last_edition.taken.pk}"' not in page  # flagged, not choosable
    assert "交易团B" in page  # where it is registered now
    assert last_edition.others.purchaser.name not in page


def test_review_then_create_drafts_with_data_and_attendees(client, world, cast, last_edition):
    client.force_login(cast.registrant)
    response = client.post(URL, {"step": "review", "registration": [last_edition.returning.pk]})
    page = response.content.decode()
    assert "老朋友贸易有限公司" in page
    pk = last_edition.returning.pk
    assert f'<option value="{world.s2_agency.pk}" selected>' in page  # same sub-delegation name
    response = client.post(
        URL,
        {
            "step": "create",
            "registration": [pk],
            f"c{pk}-lead_agency": world.s2_agency.pk,
        },
    )
    assert response.status_code == 302 and response.url == reverse("registrations:list")
    new = Registration.objects.get(
        edition=world.edition, purchaser=last_edition.returning.purchaser
    )
    assert new.status == Status.DRAFT and new.unit == world.units.tourism
    assert new.sub_delegation == world.s2
    assert sorted(a.id_number for a in new.attendees.all()) == sorted(
        a.id_number for a in last_edition.returning.attendees.all()
    )
    assert [e.kind for e in new.events.order_by("pk")] == ["created", "carried_over"]


def test_service_skips_firms_already_registered_this_edition(world, cast, last_edition):
    result = registrations_carry_over(
        by=cast.registrant,
        choices=[(last_edition.taken, world.s2_agency), (last_edition.returning, world.s2_agency)],
    )
    assert [r.purchaser for r in result.created] == [last_edition.returning.purchaser]
    [(skipped, reason)] = result.skipped
    assert skipped == last_edition.taken and "交易团B" in reason


def test_cannot_carry_over_another_units_registration(client, world, cast, last_edition):
    client.force_login(cast.registrant)
    pk = last_edition.others.pk
    client.post(
        URL, {"step": "create", "registration": [pk], f"c{pk}-lead_agency": world.s2_agency.pk}
    )
    assert not Registration.objects.filter(
        edition=world.edition, purchaser=last_edition.others.purchaser
    ).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("organiser", 200),
        ("lead", 200),
        ("other_lead", 200),
        ("registrant", 200),
        ("other_registrant", 200),
        ("b_organiser", 200),
        ("viewer", 403),
        ("nobody", 403),
    ],
)
def test_carry_over_page_per_role(client, cast, last_edition, role, expected):
    client.force_login(getattr(cast, role))
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 200 and role != "registrant":
        assert "老朋友贸易有限公司" not in response.content.decode()


def test_carry_over_without_a_previous_edition_is_not_found(client, cast):
    client.force_login(cast.registrant)
    assert client.get(URL).status_code == 404


def test_carrying_over_keeps_the_ownership_the_unit_registered(world, cast, last_edition):
    returning = last_edition.returning
    Registration.objects.filter(pk=returning.pk).update(ownership=f.ownership("private"))
    # Another delegation's later view of the firm does not travel with this unit's copy.
    type(returning.purchaser).objects.filter(pk=returning.purchaser_id).update(
        ownership=f.ownership("state_owned")
    )
    returning.refresh_from_db()
    result = registrations_carry_over(by=cast.registrant, choices=[(returning, world.s2_agency)])
    [new] = result.created
    new.refresh_from_db()
    assert new.ownership.code == "private"
