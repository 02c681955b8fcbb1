"""One audit trail (issue 15, item 2), purchasers' side: every review, check and badge
service leaves an entry of its kind, and the registration, review and badge pages name each
kind by its label in the reader's language, never by its code."""

import pytest
from django.urls import reverse

from delegations.audit.models import EventKind
from purchasers.badges.models import BadgeEvent, BadgeStatus
from purchasers.badges.services import badge_set_status, badges_hand_over_unit
from purchasers.checks import services as checks
from purchasers.models import CheckStatus, RegistrationEvent
from purchasers.review import services as review

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def season(cast, submitted):
    """One registration taken through every tier and check, then its badge made and handed."""
    registration = submitted.s1
    review.registration_return(registration=registration, by=cast.lead, reason="营业执照过期")
    review.registration_resubmit(registration=registration, by=cast.registrant)
    review.registration_lead_approve(registration=registration, by=cast.lead)
    checks.registration_set_credit_check(
        registration=registration, by=cast.credit_checker, status=CheckStatus.PASSED
    )
    person = registration.attendees.get()
    checks.attendee_set_background_check(
        attendee=person, by=cast.background_checker, status=CheckStatus.PASSED
    )
    review.registration_office_report(registration=registration, by=cast.organiser)
    badge_set_status(attendee=person, status=BadgeStatus.READY, by=cast.organiser)
    badges_hand_over_unit(
        delegation=registration.sub_delegation.delegation, unit=registration.unit, by=cast.organiser
    )
    return registration, person


def test_every_review_check_and_badge_service_leaves_an_entry_of_its_kind(season, cast):
    registration, person = season
    assert list(
        RegistrationEvent.objects.filter(registration=registration)
        .order_by("pk")
        .values_list("kind", "actor")
    ) == [
        (EventKind.RETURNED_BY_LEAD, cast.lead.pk),
        (EventKind.RESUBMITTED, cast.registrant.pk),
        (EventKind.LEAD_APPROVED, cast.lead.pk),
        (EventKind.CREDIT_CHECK, cast.credit_checker.pk),
        (EventKind.BACKGROUND_CHECK, cast.background_checker.pk),
        (EventKind.REPORTED_BY_OFFICE, cast.organiser.pk),
    ]
    assert list(
        BadgeEvent.objects.filter(badge__attendee=person)
        .order_by("pk")
        .values_list("kind", "from_status", "to_status")
    ) == [
        (EventKind.BADGE_SET, BadgeStatus.NOT_APPLIED, BadgeStatus.READY),
        (EventKind.HANDED_OVER, BadgeStatus.READY, BadgeStatus.HANDED_OVER),
    ]


@pytest.mark.parametrize(
    "headers, returned, resubmitted, reported",
    [
        (ZH, "牵头单位退回修改", "修改后重新提交", "交易团办公室已上报"),
        (
            EN,
            "Returned for correction by lead agency",
            "Submitted again after correction",
            "Reported by the delegation office",
        ),
    ],
)
def test_registration_and_review_pages_name_each_kind_in_the_readers_language(
    client, season, cast, headers, returned, resubmitted, reported
):
    registration, _person = season
    pages = [
        (cast.registrant, reverse("registrations:detail", args=[registration.pk])),
        (cast.lead, reverse("review:detail", args=[registration.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        page = client.get(url, **headers).content.decode()
        history = page[page.index('id="history"') :]
        for label in (returned, resubmitted, reported):
            assert f'class="kind">{label}' in history, (url, label)
        assert 'class="kind">returned_by_lead' not in history
        assert "营业执照过期" in history  # the lead's reason


@pytest.mark.parametrize(
    "headers, made, handed, ready",
    [
        (ZH, "已登记证件状态", "证件已交到本人", None),
        (EN, "Badge status recorded", "Badges handed over", "ready for collection"),
    ],
)
def test_badge_page_names_each_kind_and_status_in_the_readers_language(
    client, season, cast, headers, made, handed, ready
):
    _registration, person = season
    client.force_login(cast.organiser)
    page = client.get(reverse("badge-detail", args=[person.pk]), **headers).content.decode()
    history = page[page.index('id="badge-history"') :]
    assert f'class="kind">{made}' in history and f'class="kind">{handed}' in history
    assert 'class="kind">set' not in history and 'class="kind">handed_over' not in history
    if ready:
        assert f"→ {ready})" in history
