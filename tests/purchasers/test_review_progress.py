"""Progress against targets, per delegation and per sub-delegation."""

import pytest
from django.urls import reverse

from purchasers.models import Registration
from purchasers.review import services as review
from tests import factories as f

Status = Registration.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _row(html: str, text: str) -> str:
    start = html.index(text)
    return html[start : html.index("</tr>", start)]


def test_office_sees_each_lead_agency_with_counts_and_shortfall(client, cast, world, submitted):
    review.registration_lead_approve(registration=submitted.s1, by=cast.lead)
    f.RegistrationFactory(lead_agency=world.s1_hospitals, registered_by=cast.registrant)  # a draft
    f.RegistrationFactory(lead_agency=world.s1_hospitals, status=Status.RETURNED)
    f.RegistrationFactory(lead_agency=world.s1_hospitals, status=Status.REJECTED)
    client.force_login(cast.organiser)
    html = client.get(reverse("review:delegation-progress", args=[world.a.pk])).content.decode()
    hospitals = _row(html, "医院")
    # target 10: draft, submitted, returned, approved by lead, reported, rejected; only the
    # one approved by the lead counts (not the draft, the returned or the rejected one).
    cells = [c.split("<")[0] for c in hospitals.split('<td class="num')[1:]]
    assert [c.split(">")[1] for c in cells] == ["10", "1", "0", "1", "1", "0", "1", "9"]
    assert "1/10" in hospitals
    assert "企业" in html and "商贸分团" in html
    assert "3 of 100 purchaser organisations; short by 97." in html
    assert world.sb.name not in html  # another delegation


def test_lead_sees_only_their_own_agency(client, cast, world, submitted):
    client.force_login(cast.lead)
    html = client.get(
        reverse("review:sub-delegation-progress", args=[world.s1.pk])
    ).content.decode()
    assert "医院" in html and "企业" not in html
    assert "1 of 10 purchaser organisations; short by 9." in html


def test_queue_links_to_progress_for_reviewers_not_registrants(client, cast, world):
    link = reverse("review:delegation-progress", args=[world.a.pk])
    client.force_login(cast.organiser)
    assert link in client.get(reverse("review:queue")).content.decode()
    client.force_login(cast.registrant)
    assert link not in client.get(reverse("review:queue")).content.decode()
