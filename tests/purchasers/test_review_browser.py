"""The review flow in headless Chromium, as each role would click through it."""

import pytest

from purchasers.models import CheckStatus, Registration
from tests import factories as f

pytestmark = pytest.mark.usefixtures("english")

Status = Registration.Status


@pytest.mark.django_db(transaction=True)
def test_lead_bulk_approves_returns_one_registrant_resubmits_office_reports(
    login, live_server, cast, world
):
    made = [
        f.RegistrationFactory(
            lead_agency=world.s1_hospitals,
            unit=world.units.tourism,
            registered_by=cast.registrant,
            status=Status.SUBMITTED,
            purchaser=f.PurchaserFactory(name=name),
        )
        for name in ("甲医院", "乙医院", "丙医院")
    ]
    first, second, third = made
    for registration in made:
        f.AttendeeFactory(registration=registration, name=f"{registration.purchaser.name}代表")

    # The lead approves two at once, after a confirmation that says how many.
    lead = login(cast.lead, language="en")
    lead.goto(f"{live_server.url}/review/")
    lead.check(f"#select-{first.pk}")
    lead.check(f"#select-{second.pk}")
    lead.click("#bulk-approve")
    assert "Approve 2 registrations?" in lead.inner_text("#bulk-count")
    lead.click("#confirm-bulk-approve")
    lead.wait_for_url(f"{live_server.url}/review/")
    assert "Approved 2 registrations." in lead.inner_text(".messages")

    # ...and returns the third with a reason.
    lead.click(f"text={third.purchaser.name}")
    lead.fill("#return_reason", "营业执照已过期，请上传新的执照")
    lead.click("#return")
    lead.wait_for_selector(".messages")
    # Nothing else waits for the lead: the queue opens again.
    assert "Returned to the registrant for correction: 丙医院." in lead.inner_text(".messages")
    assert Registration.objects.get(pk=third.pk).status == Status.RETURNED

    # The registrant reads the reason in their notices, opens the registration, resubmits.
    registrant = login(cast.registrant, language="en")
    registrant.goto(f"{live_server.url}/review/notices/")
    assert "营业执照已过期" in registrant.inner_text("#notices")
    registrant.click(
        f"#notices li:has-text('{third.purchaser.name}') >> text=Open the registration"
    )
    assert "营业执照已过期" in registrant.inner_text("#history")
    registrant.click("#resubmit")
    registrant.wait_for_selector(".messages")
    assert registrant.inner_text("#registration-status") == "submitted"

    # The lead approves it again; the checkers pass it; the office reports it.
    lead.goto(f"{live_server.url}/review/{third.pk}/")
    lead.click("#approve")
    lead.wait_for_selector(".messages")
    assert "Approved: 丙医院." in lead.inner_text(".messages")

    office = login(cast.organiser, language="en")
    office.goto(f"{live_server.url}/review/{third.pk}/")
    assert "Credit check of 丙医院" in office.inner_text("#missing-checks")

    Registration.objects.filter(pk=third.pk).update(credit_check=CheckStatus.PASSED)
    police = login(cast.background_checker, language="en")
    police.goto(f"{live_server.url}/review/{third.pk}/")
    police.select_option("#attendees form select[name=status]", "passed")
    police.click("#attendees form button")
    police.wait_for_selector(".messages")

    office.goto(f"{live_server.url}/review/")
    office.click(f"text={third.purchaser.name}")
    assert office.is_visible("#checks-passed")
    office.click("#report")
    office.wait_for_selector(".messages")
    assert "Reported: 丙医院." in office.inner_text(".messages")
    office.goto(f"{live_server.url}/review/{third.pk}/")
    assert office.inner_text("#registration-status") == "reported by office"
    history = office.inner_text("#history")
    for step in (
        "Returned for correction by lead agency",
        "Submitted again after correction",
        "Approved by lead agency",
        "Reported by the delegation office",
    ):
        assert step in history
    third.refresh_from_db()
    assert third.status == Status.REPORTED
