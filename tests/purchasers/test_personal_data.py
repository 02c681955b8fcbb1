"""Personal data by need: one declaration decides, for each reader, whether
an attendee's ID number and phone and the firm contact's phone are shown whole, masked or not
at all, on the registration page, the review page, the API and in the history alike."""

import pytest
from rest_framework.test import APIClient

from purchasers.models import Registration, RegistrationEvent
from purchasers.personal_data import mask
from tests import factories as f

ID_NUMBER = f.valid_resident_id(417)
PHONE = "13912345678"
OLD_PHONE = "13800001111"
CONTACT_PHONE = "13700002222"
OLD_CONTACT_PHONE = "13600003333"

FULL, MASKED, HIDDEN = "full", "masked", "hidden"

# (reader, attendee ID number, attendee phone, contact phone): what the declaration promises.
EXPECTED = {
    "registrant": (FULL, FULL, FULL),  # the registering unit: it entered them
    "organiser": (FULL, FULL, FULL),  # the office reports the people up for their badges
    "lead": (MASKED, MASKED, MASKED),
    "background_checker": (FULL, MASKED, MASKED),  # checks the people by their ID
    "credit_checker": (HIDDEN, HIDDEN, HIDDEN),  # checks the firm, not people
    "viewer": (MASKED, MASKED, MASKED),
    "national_admin": (MASKED, MASKED, MASKED),
}
FIELDS = {"id_number": (0, ID_NUMBER), "phone": (1, PHONE), "contact_phone": (2, CONTACT_PHONE)}


@pytest.fixture
def readers(cast):
    return cast


@pytest.fixture
def registration(world, cast):
    registration = f.RegistrationFactory(
        lead_agency=world.s1_hospitals,
        unit=world.units.tourism,
        registered_by=cast.registrant,
        status=Registration.Status.SUBMITTED,
        purchaser=f.PurchaserFactory(contact_phone=CONTACT_PHONE),
    )
    f.AttendeeFactory(registration=registration, name="王参会", id_number=ID_NUMBER, phone=PHONE)
    # The history as the service writes it: phones in clear, ID numbers masked.
    RegistrationEvent.objects.create(
        registration=registration,
        actor=cast.registrant,
        kind="updated",
        changes={
            "contact_phone": [OLD_CONTACT_PHONE, CONTACT_PHONE],
            "attendees": {"changed": {"王参会 " + mask(ID_NUMBER): {"phone": [OLD_PHONE, PHONE]}}},
        },
    )
    return registration


def _assert_shown(text: str, value: str, how: str) -> None:
    if how == FULL:
        assert value in text
    elif how == MASKED:
        assert value not in text and mask(value) in text
    else:
        assert value not in text and mask(value) not in text


CASES = [(who, field) for who in EXPECTED for field in FIELDS]


@pytest.mark.parametrize(("who", "field"), CASES)
def test_registration_page_shows_each_personal_field_by_need(
    client, readers, registration, who, field
):
    index, value = FIELDS[field]
    client.force_login(getattr(readers, who))
    response = client.get(f"/registrations/{registration.pk}/")
    assert response.status_code == 200
    _assert_shown(response.content.decode(), value, EXPECTED[who][index])


@pytest.mark.parametrize(("who", "field"), CASES)
def test_registration_api_shows_each_personal_field_by_need(readers, registration, who, field):
    index, value = FIELDS[field]
    api = APIClient()
    api.force_authenticate(getattr(readers, who))
    body = api.get(f"/api/registrations/{registration.pk}/").json()
    how = EXPECTED[who][index]
    if field == "contact_phone":
        shown = body["purchaser"]["contact_phone"]
    elif how == HIDDEN:
        assert body["attendees"] == []  # none of the people at all
        return
    else:
        [attendee] = body["attendees"]
        shown = attendee[field]
    assert shown == {FULL: value, MASKED: mask(value), HIDDEN: ""}[how]


@pytest.mark.parametrize(("who", "field"), CASES)
def test_history_shows_each_personal_field_by_need(client, readers, registration, who, field):
    """The phones before the change, in the history on the page, follow the same rule."""
    index, _value = FIELDS[field]
    old = {"id_number": ID_NUMBER, "phone": OLD_PHONE, "contact_phone": OLD_CONTACT_PHONE}[field]
    client.force_login(getattr(readers, who))
    page = client.get(f"/registrations/{registration.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    how = EXPECTED[who][index]
    if field == "id_number":
        # Stored masked: never whole in the history, not even to the registering unit.
        assert ID_NUMBER not in history
        assert (mask(ID_NUMBER) in history) == (how != HIDDEN)
    else:
        _assert_shown(history, old, how)


@pytest.mark.parametrize("who", ["lead", "organiser", "background_checker", "credit_checker"])
def test_review_page_and_api_follow_the_same_declaration(client, readers, registration, who):
    reader = getattr(readers, who)
    client.force_login(reader)
    page = client.get(f"/review/{registration.pk}/")
    api = APIClient()
    api.force_authenticate(reader)
    detail = api.get(f"/api/review/{registration.pk}/")
    how = EXPECTED[who][0]
    if page.status_code == 200:
        _assert_shown(page.content.decode(), ID_NUMBER, how)
    if detail.status_code == 200:
        shown = [a["id_number"] for a in detail.json()["attendees"]]
        assert shown == ([] if how == HIDDEN else [ID_NUMBER if how == FULL else mask(ID_NUMBER)])
    assert 200 in (page.status_code, detail.status_code)


def test_the_stored_data_is_never_changed_by_showing_it_masked(client, readers, registration):
    client.force_login(readers.lead)
    client.get(f"/registrations/{registration.pk}/")
    attendee = registration.attendees.get()
    assert attendee.id_number == ID_NUMBER and attendee.phone == PHONE
