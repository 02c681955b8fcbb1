"""Invitations for the fixed cast, the firm's form as a browser sends it, and the real SMTP
server the codes arrive at."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from purchasers.invitations.services import invitation_issue

from ..helpers import firm, person


def issue(by, lead_agency, **overrides):
    values = {
        "name": "2022 卫生分团 — 医院",
        "expires_on": timezone.localdate() + timedelta(days=30),
    }
    values.update(overrides)
    return invitation_issue(by=by, lead_agency=lead_agency, **values)


@pytest.fixture(autouse=True)
def _fresh_counts():
    """Rate limits count in the cache: each test starts with none spent."""

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def invitation(world, cast):
    """Issued by the hospitals' lead for its own agency."""
    return issue(cast.lead, world.s1_hospitals)


def firm_post(purchaser: dict | None = None, attendees: list[dict] | None = None) -> dict:
    """The POST the firm's form sends: the staff form's prefixes and formset rows."""
    purchaser = purchaser if purchaser is not None else firm(950, contact_email="wang@firm.example")
    attendees = attendees if attendees is not None else [person(950)]
    data = {f"p-{k}": v for k, v in purchaser.items()}
    data.update(
        {
            "attendees-TOTAL_FORMS": str(len(attendees)),
            "attendees-INITIAL_FORMS": "0",
            "attendees-MIN_NUM_FORMS": "0",
            "attendees-MAX_NUM_FORMS": "1000",
        }
    )
    for i, row in enumerate(attendees):
        data.update({f"attendees-{i}-{k}": str(v) for k, v in row.items() if v is not None})
    return data


def code_in(inbox, address: str) -> str:
    """The six-digit code of the latest code email to ``address``."""
    mails = [m for m in inbox.to(address) if re.search(r"\b\d{6}\b", m.subject)]
    assert mails, f"no code email to {address}: {[m.subject for m in inbox.messages]}"
    return re.search(r"\b(\d{6})\b", mails[-1].subject).group(1)


def register_through(client, invitation, inbox, data: dict | None = None):
    """A firm's whole way through the link: the form, the code, the status page."""
    data = data or firm_post()
    response = client.post(f"/i/{invitation.token}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    email = data["p-contact_email"]
    response = client.post(f"/i/{invitation.token}/confirm/", {"code": code_in(inbox, email)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]
