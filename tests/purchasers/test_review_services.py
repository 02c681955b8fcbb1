"""The review services and the review page: tiers, reasons, checks, history, co-leads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from delegations.models import User
from purchasers.checks import services as checks
from purchasers.models import CheckStatus, Notice, Registration, RegistrationEvent
from purchasers.review import services as review
from tests import factories as f
from tests.languages import speaking

from .review_support import (
    pass_checks,
    set_status,
)

Status = Registration.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_lead_approves_a_submitted_registration_and_history_says_by_whom(cast, submitted):
    review.registration_lead_approve(registration=submitted.s1, by=cast.lead)
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.LEAD_APPROVED
    event = RegistrationEvent.objects.get(registration=submitted.s1)
    assert (event.actor, event.from_status, event.to_status) == (
        cast.lead,
        Status.SUBMITTED,
        Status.LEAD_APPROVED,
    )
    assert event.changes["tier"] == "lead"


@pytest.mark.parametrize("service", [review.registration_lead_reject, review.registration_return])
@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_and_return_require_a_reason(cast, submitted, service, reason):
    with pytest.raises(review.ReviewError, match="reason"):
        service(registration=submitted.s1, by=cast.lead, reason=reason)
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.SUBMITTED
    assert not RegistrationEvent.objects.exists()


def test_office_send_back_requires_a_reason(cast, submitted):
    set_status(submitted.s1, Status.LEAD_APPROVED)
    with pytest.raises(review.ReviewError):
        review.registration_office_send_back(
            registration=submitted.s1, by=cast.organiser, reason=""
        )
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.LEAD_APPROVED


def test_reason_required_through_the_page_too(client, cast, submitted):
    client.force_login(cast.lead)
    response = client.post(
        reverse("review:return", args=[submitted.s1.pk]), {"reason": ""}, follow=True
    )
    assert "Give a reason" in response.content.decode()
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.SUBMITTED


def test_review_page_speaks_chinese_first(client, cast, submitted):
    client.force_login(cast.lead)
    with speaking("zh-hans"):
        response = client.post(
            reverse("review:return", args=[submitted.s1.pk]), {"reason": ""}, follow=True
        )
    html = response.content.decode()
    assert "请填写原因" in html and "退回修改" in html


def test_returned_registration_is_resubmitted_and_the_path_shows_each_tier(client, cast, submitted):
    review.registration_return(registration=submitted.s1, by=cast.lead, reason="营业执照过期")
    review.registration_resubmit(registration=submitted.s1, by=cast.registrant)
    review.registration_lead_approve(registration=submitted.s1, by=cast.lead)
    review.registration_office_send_back(
        registration=submitted.s1, by=cast.organiser, reason="请核实采购意向"
    )
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.SUBMITTED
    steps = list(
        RegistrationEvent.objects.filter(registration=submitted.s1).values_list(
            "kind", "from_status", "to_status", "reason"
        )
    )
    assert steps == [
        ("returned_by_lead", "submitted", "returned", "营业执照过期"),
        ("resubmitted", "returned", "submitted", ""),
        ("lead_approved", "submitted", "lead_approved", ""),
        ("sent_back_by_office", "lead_approved", "submitted", "请核实采购意向"),
    ]
    client.force_login(cast.registrant)
    page = client.get(reverse("review:detail", args=[submitted.s1.pk]))
    html = page.content.decode()
    assert "Returned for correction by lead agency" in html
    assert "Sent back to the lead agency by the office" in html
    assert "营业执照过期" in html and "请核实采购意向" in html


def test_office_cannot_report_before_checks_pass_and_the_page_says_which(client, cast, submitted):
    set_status(submitted.s1, Status.LEAD_APPROVED)
    attendee = submitted.s1.attendees.get()
    with pytest.raises(review.ReviewError) as error:
        review.registration_office_report(registration=submitted.s1, by=cast.organiser)
    assert "Credit check" in str(error.value) and attendee.name in str(error.value)

    client.force_login(cast.organiser)
    url = reverse("review:detail", args=[submitted.s1.pk])
    response = client.post(reverse("review:report", args=[submitted.s1.pk]), follow=True)
    html = response.content.decode()
    assert "Cannot report before every check has passed" in html
    assert f"Background check of {attendee.name}" in html
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.LEAD_APPROVED

    submitted.s1.credit_check = CheckStatus.PASSED
    submitted.s1.save()
    html = client.get(url).content.decode()
    assert f"Credit check of {submitted.s1.name}" not in html
    assert f"Background check of {attendee.name}" in html

    pass_checks(submitted.s1)
    client.post(reverse("review:report", args=[submitted.s1.pk]))
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == Status.REPORTED


def test_a_failed_check_also_blocks_reporting(cast, submitted):
    pass_checks(set_status(submitted.s1, Status.LEAD_APPROVED))
    submitted.s1.attendees.update(background_check=CheckStatus.FAILED)
    with pytest.raises(review.ReviewError, match="failed"):
        review.registration_office_report(registration=submitted.s1, by=cast.organiser)


def test_checkers_record_their_checks_and_a_failure_needs_a_note(client, cast, submitted):
    attendee = submitted.s1.attendees.get()
    with pytest.raises(review.ReviewError):
        checks.registration_set_credit_check(
            registration=submitted.s1, by=cast.credit_checker, status="failed", note=""
        )
    checks.registration_set_credit_check(
        registration=submitted.s1, by=cast.credit_checker, status="failed", note="经营异常名录"
    )
    checks.attendee_set_background_check(
        attendee=attendee, by=cast.background_checker, status="passed"
    )
    submitted.s1.refresh_from_db()
    attendee.refresh_from_db()
    assert (submitted.s1.credit_check, submitted.s1.credit_check_note) == ("failed", "经营异常名录")
    assert submitted.s1.credit_check_by == cast.credit_checker
    assert attendee.background_check == "passed"
    assert list(
        RegistrationEvent.objects.filter(registration=submitted.s1).values_list("kind", flat=True)
    ) == ["credit_check", "background_check"]


def test_a_checker_cannot_set_the_other_departments_check(cast, submitted):
    with pytest.raises(PermissionDenied):
        checks.registration_set_credit_check(
            registration=submitted.s1, by=cast.background_checker, status="passed"
        )
    with pytest.raises(PermissionDenied):
        checks.attendee_set_background_check(
            attendee=submitted.s1.attendees.get(), by=cast.credit_checker, status="passed"
        )


def test_checkers_through_the_page(client, cast, submitted):
    attendee = submitted.s1.attendees.get()
    client.force_login(cast.background_checker)
    page = client.get(reverse("review:detail", args=[submitted.s1.pk])).content.decode()
    assert attendee.id_number in page  # public security needs the full number
    client.post(
        reverse("checks:background-check", args=[submitted.s1.pk, attendee.pk]),
        {"status": "passed", "note": ""},
    )
    attendee.refresh_from_db()
    assert attendee.background_check == "passed"
    client.force_login(cast.credit_checker)
    client.post(reverse("checks:credit-check", args=[submitted.s1.pk]), {"status": "passed"})
    submitted.s1.refresh_from_db()
    assert submitted.s1.credit_check == "passed"


def test_co_lead_reviews_only_their_own_focus_unless_review_is_shared(cast, world, submitted):
    # cast.lead leads S1's hospitals; submitted.s1_firms counts towards the co-lead (firms).
    with pytest.raises(review.NotInScope):
        review.registration_lead_approve(registration=submitted.s1_firms, by=cast.lead)
    world.s1.shared_review = True
    world.s1.save()
    review.registration_lead_approve(registration=submitted.s1_firms, by=cast.lead)
    submitted.s1_firms.refresh_from_db()
    assert submitted.s1_firms.status == Status.LEAD_APPROVED


def test_co_lead_queue_follows_the_focus(client, cast, world, submitted):
    firms_lead = f.UserFactory(username="firms_lead", role=User.Role.LEAD, unit=world.units.drugs)
    client.force_login(firms_lead)
    html = client.get(reverse("review:queue")).content.decode()
    assert submitted.s1_firms.name in html
    assert submitted.s1.name not in html


def test_queue_is_oldest_first_and_searchable(client, cast, submitted, world):
    later = f.RegistrationFactory(
        lead_agency=world.s1_hospitals, unit=world.units.tourism, registered_by=cast.registrant
    )
    set_status(later, Status.SUBMITTED)
    client.force_login(cast.lead)
    html = client.get(reverse("review:queue")).content.decode()
    assert html.index(submitted.s1.name) < html.index(later.name)
    html = client.get(reverse("review:queue"), {"q": later.purchaser.credit_code}).content.decode()
    assert later.name in html and submitted.s1.name not in html


def test_office_queue_holds_what_leads_approved(client, cast, submitted):
    review.registration_lead_approve(registration=submitted.s1, by=cast.lead)
    client.force_login(cast.organiser)
    html = client.get(reverse("review:queue")).content.decode()
    assert submitted.s1.name in html
    assert submitted.s2.name not in html  # still with its lead
    assert submitted.b.name not in html  # another delegation


def test_lead_cannot_act_at_the_office_tier_nor_office_at_the_lead_tier(cast, submitted):
    with pytest.raises(PermissionDenied):
        review.registration_lead_approve(registration=submitted.s1, by=cast.organiser)
    set_status(submitted.s2, Status.LEAD_APPROVED)
    with pytest.raises(PermissionDenied):
        review.registration_office_report(registration=submitted.s2, by=cast.other_lead)


def test_a_decided_registration_says_who_decided(cast, submitted):
    review.registration_return(registration=submitted.s1, by=cast.lead, reason="缺少联系人")
    with pytest.raises(review.AlreadyDecided, match=cast.lead.display_full_name):
        review.registration_lead_approve(registration=submitted.s1, by=cast.lead)


def test_history_cannot_be_changed_through_the_product(admin_client, cast, submitted):
    review.registration_return(registration=submitted.s1, by=cast.lead, reason="缺少联系人")
    event = RegistrationEvent.objects.get()
    assert (
        admin_client.get(f"/admin/purchasers/registrationevent/{event.pk}/delete/").status_code
        == 403
    )
    admin_client.post(f"/admin/purchasers/registrationevent/{event.pk}/change/", {"reason": "x"})
    event.refresh_from_db()
    assert event.reason == "缺少联系人"


def test_registrant_gets_a_notice_with_the_reason(client, cast, submitted):
    review.registration_lead_reject(registration=submitted.s1, by=cast.lead, reason="非采购主体")
    notice = Notice.objects.get()
    assert (notice.recipient, notice.kind, notice.reason) == (
        cast.registrant,
        "rejected",
        "非采购主体",
    )
    client.force_login(cast.registrant)
    html = client.get(reverse("review:notices")).content.decode()
    assert "非采购主体" in html and reverse("review:detail", args=[submitted.s1.pk]) in html
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.force_login(cast.other_registrant)
    assert "非采购主体" not in client.get(reverse("review:notices")).content.decode()
