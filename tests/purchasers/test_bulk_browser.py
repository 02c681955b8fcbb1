"""Bulk actions in headless Chromium: a registrant submits ticked drafts, a checker records
one result for many people, each after a confirmation that says how many."""

import pytest

from purchasers.models import Attendee, CheckStatus, Registration
from tests import factories as f

pytestmark = pytest.mark.usefixtures("english")


Status = Registration.Status


@pytest.mark.django_db(transaction=True)
def test_registrant_submits_ticked_drafts_and_the_checker_passes_many_at_once(
    login, live_server, cast, world
):
    drafts = [
        f.RegistrationFactory(
            lead_agency=world.s2_agency,
            unit=world.units.tourism,
            registered_by=cast.registrant,
            purchaser=f.PurchaserFactory(name=name),
        )
        for name in ("甲商贸", "乙商贸", "丙商贸")
    ]
    for registration in drafts:
        f.AttendeeFactory(registration=registration, name=f"{registration.purchaser.name}代表")

    registrant = login(cast.registrant, language="en")
    registrant.goto(f"{live_server.url}/registrations/")
    registrant.check(f"#select-{drafts[0].pk}")
    registrant.check(f"#select-{drafts[1].pk}")
    registrant.click("#bulk-submit")
    assert "Submit 2 registrations for review?" in registrant.inner_text("#bulk-count")
    registrant.click("#confirm-bulk-submit")
    registrant.wait_for_selector(".messages")
    assert "Submitted 2 registrations for review." in registrant.inner_text(".messages")
    assert Registration.objects.filter(status=Status.SUBMITTED).count() == 2

    police = login(cast.background_checker, language="en")
    police.goto(f"{live_server.url}/review/checks/")
    people = list(Attendee.objects.filter(registration__status=Status.SUBMITTED))
    assert len(people) == 2
    for person in people:
        police.check(f"#select-{person.pk}")
    police.select_option("#id_status", "passed")
    police.click("#bulk-check")
    assert "Set the background check of 2 people to “passed”?" in police.inner_text("#bulk-count")
    police.click("#confirm-bulk-check")
    police.wait_for_selector(".messages")
    assert "Recorded 2 checks." in police.inner_text(".messages")
    assert set(
        Attendee.objects.filter(pk__in=[p.pk for p in people]).values_list(
            "background_check", flat=True
        )
    ) == {CheckStatus.PASSED}
