"""Who owns the exhibitor directory: the edition's list belongs to the
national administrator; an office adds exhibitors for its own deals and corrects only those
it added and no other delegation's deal uses; other corrections are proposals the national
administrator accepts or rejects. Every change is in the exhibitor's history."""

import pytest
from rest_framework.test import APIClient

from deals.directory.services import ProposalRecorded, exhibitor_save
from deals.models import Exhibitor, ExhibitorEvent, ExhibitorProposal
from purchasers.models import Registration
from tests import factories as f


def entry(world, **changes) -> dict:
    data = {
        "edition": world.edition.pk,
        "name": "Siemens Healthineers",
        "name_en": "",
        "country": "德国",
        "zone": f.zone("medical").pk,
        "products": "CT",
        "booth": "",
    }
    return {**data, **changes}


@pytest.fixture
def own_exhibitor(client, world, cast):
    client.force_login(cast.organiser)
    assert client.post("/deals/exhibitors/new/", entry(world)).status_code == 302
    return Exhibitor.objects.get(name="Siemens Healthineers")


def used_by_b(world, exhibitor):
    registration = f.RegistrationFactory(
        lead_agency=world.sb_agency, status=Registration.Status.LEAD_APPROVED
    )
    return f.DealFactory(registration=registration, exhibitor=exhibitor)


def test_an_office_adds_exhibitors_for_its_own_delegation_with_history(own_exhibitor, world):
    assert own_exhibitor.delegation == world.a
    [event] = ExhibitorEvent.objects.filter(exhibitor=own_exhibitor)
    assert event.kind == "added" and event.changes["name"] == [None, "Siemens Healthineers"]


def test_an_office_corrects_what_it_added_and_no_one_else_uses(client, world, own_exhibitor):
    response = client.post(
        f"/deals/exhibitors/{own_exhibitor.pk}/edit/", entry(world, booth="7.1A")
    )
    assert response.status_code == 302
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.booth == "7.1A"
    assert not ExhibitorProposal.objects.exists()
    assert ExhibitorEvent.objects.filter(exhibitor=own_exhibitor, kind="corrected").exists()


def test_a_correction_other_delegations_deals_see_is_a_proposal(client, world, own_exhibitor):
    used_by_b(world, own_exhibitor)
    response = client.post(
        f"/deals/exhibitors/{own_exhibitor.pk}/edit/",
        entry(world, name="HIJACKED"),
        follow=True,
    )
    assert "sent to the national administrator" in response.content.decode()
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.name == "Siemens Healthineers"
    [proposal] = ExhibitorProposal.objects.all()
    assert proposal.changes == {"name": ["Siemens Healthineers", "HIJACKED"]}
    assert proposal.status == ExhibitorProposal.Status.PENDING


def test_the_bureaus_entries_are_corrected_by_proposal_only(world, cast):
    bureau = exhibitor_save(by=cast.national_admin, data=entry(world) | _objects(world))
    assert bureau.delegation is None
    with pytest.raises(ProposalRecorded):
        exhibitor_save(by=cast.organiser, data={"booth": "1.1"}, exhibitor=bureau)
    bureau.refresh_from_db()
    assert bureau.booth == ""


def test_an_office_cannot_move_an_exhibitor_to_another_edition(world, cast, own_exhibitor):
    other = f.EditionFactory(number=7)
    with pytest.raises(ProposalRecorded):
        exhibitor_save(by=cast.organiser, data={"edition": other}, exhibitor=own_exhibitor)
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.edition == world.edition


def test_the_api_answers_202_with_the_proposal_and_changes_nothing(world, cast, own_exhibitor):
    used_by_b(world, own_exhibitor)
    api = APIClient()
    api.force_authenticate(cast.b_organiser)  # B's office, which did not add it
    response = api.patch(
        f"/api/exhibitors/{own_exhibitor.pk}/", {"name": "HIJACKED"}, format="json"
    )
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.name == "Siemens Healthineers"


def test_national_admin_accepts_a_proposal_on_the_page_and_it_is_applied(
    client, world, cast, own_exhibitor
):
    used_by_b(world, own_exhibitor)
    with pytest.raises(ProposalRecorded) as recorded:
        exhibitor_save(by=cast.organiser, data={"booth": "5.2B"}, exhibitor=own_exhibitor)
    proposal = recorded.value.proposal
    client.force_login(cast.national_admin)
    page = client.get("/deals/exhibitors/proposals/").content.decode()
    assert "5.2B" in page
    response = client.post(f"/deals/exhibitors/proposals/{proposal.pk}/accept/")
    assert response.status_code == 302
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.booth == "5.2B"
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == cast.national_admin
    actions = list(own_exhibitor.events.values_list("kind", flat=True))
    assert actions == ["added", "proposed", "accepted"]


def test_national_admin_rejects_a_proposal_through_the_api(world, cast, own_exhibitor):
    used_by_b(world, own_exhibitor)
    with pytest.raises(ProposalRecorded) as recorded:
        exhibitor_save(by=cast.organiser, data={"booth": "5.2B"}, exhibitor=own_exhibitor)
    proposal = recorded.value.proposal
    api = APIClient()
    api.force_authenticate(cast.organiser)
    assert api.post(f"/api/exhibitor-proposals/{proposal.pk}/accept/").status_code == 403
    api.force_authenticate(cast.national_admin)
    response = api.post(f"/api/exhibitor-proposals/{proposal.pk}/reject/")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.booth == ""
    # Decided once: a second decision is refused.
    assert api.post(f"/api/exhibitor-proposals/{proposal.pk}/accept/").status_code == 400


def test_an_office_cannot_decide_proposals_on_the_page(client, world, cast, own_exhibitor):
    used_by_b(world, own_exhibitor)
    with pytest.raises(ProposalRecorded) as recorded:
        exhibitor_save(by=cast.organiser, data={"booth": "5.2B"}, exhibitor=own_exhibitor)
    response = client.post(f"/deals/exhibitors/proposals/{recorded.value.proposal.pk}/accept/")
    assert response.status_code in (403, 404)
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.booth == ""


def test_national_admin_corrects_any_entry_directly(world, cast, own_exhibitor):
    used_by_b(world, own_exhibitor)
    exhibitor_save(by=cast.national_admin, data={"booth": "9.9"}, exhibitor=own_exhibitor)
    own_exhibitor.refresh_from_db()
    assert own_exhibitor.booth == "9.9"


def _objects(world) -> dict:
    return {"edition": world.edition, "zone": f.zone("medical")}
