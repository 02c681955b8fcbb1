"""Progress counts what counts towards a target; the list names each lead agency."""

import pytest

from purchasers.models import Registration
from tests import factories as f

Status = Registration.Status
pytestmark = pytest.mark.django_db


def _cells(html: str, marker: str) -> list[str]:
    start = html.index(marker)
    row = html[start : html.index("</tr>", start)]
    return [c.split(">", 1)[1].split("<")[0] for c in row.split('<td class="num')[1:]]


def test_home_progress_shows_drafts_returned_and_rejected_apart(client, cast, world):
    for status in (Status.DRAFT, Status.DRAFT, Status.SUBMITTED, Status.RETURNED):
        f.RegistrationFactory(lead_agency=world.s2_agency, status=status)
    f.RegistrationFactory(lead_agency=world.s2_agency, status=Status.REJECTED)
    client.force_login(cast.organiser)
    html = client.get("/").content.decode()
    assert "退回修改</th>" in html and "未通过</th>" in html
    # target, draft, submitted, returned, approved by lead, reported, rejected, shortfall
    assert _cells(html, "商贸分团") == ["70", "2", "1", "1", "0", "0", "1", "69"]
    assert "1/70" in html


def test_registration_list_names_the_lead_agency_not_its_focus(client, cast, registrations):
    client.force_login(cast.organiser)
    html = client.get("/registrations/").content.decode()
    assert "<td>卫生健康委</td>" in html and "<td>药品监管局</td>" in html
    assert "<td>医院</td>" not in html
