import pytest

from purchasers.models import Registration
from purchasers.registration.services import (
    RegistrationError,
    registration_save_draft,
    registration_submit,
)
from tests import factories as f

from .helpers import firm, person

Status = Registration.Status


def save(user, agency, purchaser, attendees, registration=None):
    return registration_save_draft(
        by=user,
        sub_delegation=agency.sub_delegation,
        lead_agency=agency,
        purchaser=purchaser,
        attendees=attendees,
        registration=registration,
    )


def test_draft_needs_only_code_and_name_and_is_recorded(world, cast):
    registration = save(
        cast.registrant, world.s2_agency, {"credit_code": firm()["credit_code"], "name": "甲"}, []
    )
    assert registration.status == Status.DRAFT
    assert registration.unit == world.units.tourism
    event = registration.events.get()
    assert event.kind == "created"
    assert event.actor == cast.registrant
    assert event.changes["name"] == ["", "甲"]
    assert event.changes["sub_delegation"] == ["", "商贸分团"]


def test_draft_without_credit_code_is_refused(world, cast):
    with pytest.raises(RegistrationError) as error:
        save(cast.registrant, world.s2_agency, {"name": "甲", "credit_code": ""}, [])
    assert "credit_code" in error.value.fields


def test_co_led_sub_delegation_needs_a_lead_agency(world, cast):
    with pytest.raises(RegistrationError) as error:
        registration_save_draft(
            by=cast.registrant, sub_delegation=world.s1, purchaser=firm(), attendees=[]
        )
    assert "lead_agency" in error.value.fields


def test_sub_delegation_of_another_delegation_is_refused(world, cast):
    with pytest.raises(RegistrationError) as error:
        save(cast.registrant, world.sb_agency, firm(), [])
    assert "sub_delegation" in error.value.fields


def test_history_records_field_changes_and_attendees_added_removed_changed(world, cast):
    registration = save(cast.registrant, world.s2_agency, firm(), [person(1), person(2)])
    first, second = registration.attendees.order_by("pk")
    rows = [
        {"id": first.pk, **person(1, phone="13711112222")},
        person(3),
    ]
    save(cast.registrant, world.s2_agency, firm(industry="医疗器械"), rows, registration)
    event = registration.events.order_by("pk").last()
    assert event.kind == "updated"
    assert event.changes["industry"] == ["食品", "医疗器械"]
    attendees = event.changes["attendees"]
    assert attendees["added"] == [
        f"参会人3 {f.Attendee(id_number=person(3)['id_number']).masked_id_number}"
    ]
    assert len(attendees["removed"]) == 1 and attendees["removed"][0].startswith("参会人2")
    [(who, diff)] = attendees["changed"].items()
    # Phone numbers, like ID numbers, appear in the history masked.
    assert who.startswith("参会人1") and diff == {"phone": ["138****0000", "137****2222"]}
    assert sorted(a.name for a in registration.attendees.all()) == ["参会人1", "参会人3"]


def test_submit_needs_a_complete_registration(world, cast):
    registration = save(cast.registrant, world.s2_agency, firm(kind="", contact_name=""), [])
    with pytest.raises(RegistrationError) as error:
        registration_submit(registration=registration, by=cast.registrant)
    text = str(error.value)
    assert "Add at least one attendee" in text or "至少" in text
    registration.refresh_from_db()
    assert registration.status == Status.DRAFT


def test_submitted_registration_cannot_be_changed_by_its_registrant(world, cast):
    registration = save(cast.registrant, world.s2_agency, firm(), [person(1)])
    registration_submit(registration=registration, by=cast.registrant)
    with pytest.raises(RegistrationError):
        save(cast.registrant, world.s2_agency, firm(name="改名"), [person(1)], registration)
    with pytest.raises(RegistrationError):
        registration_submit(registration=registration, by=cast.registrant)
    registration.refresh_from_db()
    assert registration.purchaser.name != "改名"
    assert registration.status == Status.SUBMITTED


def test_returned_registration_is_corrected_and_resubmitted(world, cast):
    registration = save(cast.registrant, world.s2_agency, firm(), [person(1)])
    registration_submit(registration=registration, by=cast.registrant)
    Registration.objects.filter(pk=registration.pk).update(status=Status.RETURNED)
    save(cast.registrant, world.s2_agency, firm(address="海东市"), [person(1)], registration)
    registration_submit(registration=registration, by=cast.registrant)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    last = registration.events.order_by("pk").last()
    assert (last.kind, last.from_status, last.to_status) == (
        "resubmitted",
        "returned",
        "submitted",
    )


def test_another_units_registration_cannot_be_changed_or_submitted(world, cast, registrations):
    with pytest.raises(Registration.DoesNotExist):
        save(cast.registrant, world.s2_agency, firm(), [], registrations.s2)
    with pytest.raises(Registration.DoesNotExist):
        registration_submit(registration=registrations.s2, by=cast.registrant)


def test_firm_registered_elsewhere_is_refused_with_where_and_whom_to_ask(world, cast):
    world.b.registration_contact_name = "李联络"
    world.b.registration_contact_phone = "02112345678"
    world.b.save()
    code = firm()["credit_code"]
    elsewhere = f.RegistrationFactory(
        purchaser=f.PurchaserFactory(credit_code=code, name="秘密公司"),
        lead_agency=world.sb_agency,
    )
    with pytest.raises(RegistrationError) as error:
        save(cast.registrant, world.s2_agency, firm(), [])
    [message] = error.value.fields["credit_code"]
    assert "交易团B" in message and "李联络" in message and "02112345678" in message
    assert elsewhere.get_status_display() not in message


def test_firm_registered_in_own_scope_names_sub_delegation_and_status(world, cast):
    save(cast.registrant, world.s2_agency, firm(), [])
    with pytest.raises(RegistrationError) as error:
        save(cast.registrant, world.s1_hospitals, firm(), [])
    [message] = error.value.fields["credit_code"]
    assert "商贸分团" in message


def test_same_attendee_twice_on_one_registration_or_in_the_edition_is_refused(world, cast):
    with pytest.raises(RegistrationError) as error:
        save(cast.registrant, world.s2_agency, firm(1), [person(1), person(1)])
    assert list(error.value.attendees) == [1]
    save(cast.registrant, world.s2_agency, firm(2), [person(1)])
    with pytest.raises(RegistrationError) as error:
        save(cast.other_registrant, world.s2_agency, firm(3), [person(2), person(1)])
    assert list(error.value.attendees) == [1]
    assert "交易团A" in error.value.attendees[1]["id_number"][0]
