"""The demo's purchasers with their registrations and attendees, and an invitation."""

import contextlib
import datetime

from django.utils import timezone

from delegations.models import (
    Delegation,
    MemberUnit,
    User,
)
from delegations.validators import credit_code_check_char, resident_id_check_char
from purchasers.invitations.models import Invitation
from purchasers.invitations.selectors import lead_agencies_invitable_by
from purchasers.invitations.services import InvitationError, invitation_issue
from purchasers.models import Attendee, Ownership, Purchaser, Registration

from .data import (
    PURCHASERS,
)


def demo_credit_code(seq: int) -> str:
    """A valid code of a fictitious firm registered in Xining (630100)."""
    first17 = f"91630100MA{seq:07d}"
    return first17 + credit_code_check_char(first17)


def demo_resident_id(seq: int) -> str:
    first17 = f"630102{1970 + seq:04d}0315{seq:03d}"
    return first17 + resident_id_check_char(first17)


# Bodies by their type; firms take the enterprise ownerships in turn.
DEMO_OWNERSHIP = {
    "hospital": "public_institution",
    "school": "public_institution",
    "research": "public_institution",
    "association": "social_organisation",
}
FIRM_OWNERSHIPS = ("state_owned", "private", "foreign_invested", "private")


def add_purchasers(delegation: Delegation, users: dict[str, User]) -> None:
    registrant = users["qh_tourism"]
    ownerships = {o.code: o for o in Ownership.objects.all()}
    for seq, (name, kind, industry, sub_name, agency_index, unit_name, status) in enumerate(
        PURCHASERS, start=1
    ):
        details = {
            "name": name,
            "kind": kind,
            "ownership": ownerships.get(
                DEMO_OWNERSHIP.get(kind, FIRM_OWNERSHIPS[seq % len(FIRM_OWNERSHIPS)])
            ),
            "industry": industry,
            "region": delegation.region,
            "address": "青海省西宁市",
            "contact_name": "联系人",
            "contact_phone": f"139970{seq:05d}",
        }
        purchaser, _ = Purchaser.objects.update_or_create(
            credit_code=demo_credit_code(seq), defaults=details
        )
        sub = delegation.sub_delegations.get(name=sub_name)
        registration, _ = Registration.objects.update_or_create(
            purchaser=purchaser,
            edition=delegation.edition,
            defaults={
                **details,
                "sub_delegation": sub,
                "lead_agency": sub.lead_agencies.all()[agency_index],
                "unit": MemberUnit.objects.get(region=delegation.region, name=unit_name),
                "registered_by": registrant,
                "status": status,
            },
        )
        Attendee.objects.update_or_create(
            edition=delegation.edition,
            id_type=Attendee.IdType.RESIDENT_ID,
            id_number=demo_resident_id(seq),
            defaults={
                "registration": registration,
                "name": f"参会人{seq}",
                "phone": f"138970{seq:05d}",
                "title": "采购经理",
            },
        )


def add_invitations(users: dict[str, User]) -> None:
    """商贸分团's lead invites supermarkets to register themselves."""

    lead = users["qh_commerce"]
    if Invitation.objects.filter(issued_by=lead).exists():
        return
    agency = lead_agencies_invitable_by(lead).first()
    if agency is None:
        return
    # Registration may not be open in this demo: then there is nothing to invite to.
    with contextlib.suppress(InvitationError):
        invitation_issue(
            by=lead,
            lead_agency=agency,
            name="2022 商贸分团 — 商超企业",
            expires_on=timezone.localdate() + datetime.timedelta(days=60),
            max_firms=30,
        )
