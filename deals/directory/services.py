"""Writes to the exhibitor directory: entries added or corrected, proposals decided."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from delegations.audit.models import EventKind
from delegations.audit.services import record
from delegations.capabilities import can, check
from delegations.models import User

from .. import countries
from ..permissions import directory_delegations_of
from .fields import EXHIBITOR_FIELDS
from .models import Exhibitor, ExhibitorEvent, ExhibitorProposal

NOT_LISTED = _lazy("Choose a country or region from the list.")


def listed_country(text: str, *, kept: str | None = None) -> str | None:
    """The list's name for a country however it was written; a value recorded before the
    list existed is kept when it is left unchanged. None: not a listed country or region."""
    text = (text or "").strip()
    if kept is not None and text == kept:
        return countries.canonical(text) or text
    return countries.canonical(text)


class ProposalRecorded(Exception):
    """The correction would change what other delegations' deals see: it was recorded as a
    proposal for the national administrator instead of being applied."""

    def __init__(self, proposal: ExhibitorProposal):
        super().__init__(str(proposal))
        self.proposal = proposal


def _exhibitor_json(value):
    return getattr(value, "pk", value) if value is not None else None


def _exhibitor_changes(exhibitor: Exhibitor, data: dict) -> dict:
    changes = {}
    for name in EXHIBITOR_FIELDS.names:
        if name not in data:
            continue
        value = data[name]
        value = value.strip() if isinstance(value, str) else value
        before = _exhibitor_json(getattr(exhibitor, name, None) if exhibitor.pk else None)
        after = _exhibitor_json(value)
        if before != after:
            changes[name] = [before, after]
    return changes


def _apply_correction(exhibitor: Exhibitor, changes: dict) -> Exhibitor:
    for name, (_before, after) in changes.items():
        field = Exhibitor._meta.get_field(name)
        setattr(exhibitor, field.attname, after)
    exhibitor.full_clean()
    exhibitor.save()
    return exhibitor


def exhibitor_save(*, by: User, data: dict, exhibitor: Exhibitor | None = None) -> Exhibitor:
    """Enter or correct an exhibitor in the directory (validated by its form or serializer).

    The national administrator adds to the bureau's list and corrects any entry. An office or
    a lead adds for its delegation of the exhibitor's edition, and corrects directly only what
    its delegation added and no other delegation's deal uses; any other correction (and any
    move to another edition) is recorded as a proposal: ``ProposalRecorded`` is raised (after
    the proposal is committed).
    """
    exhibitor, proposal = _exhibitor_save(by=by, data=data, exhibitor=exhibitor)
    if proposal is not None:
        raise ProposalRecorded(proposal)
    return exhibitor


@transaction.atomic
def _exhibitor_save(
    *, by: User, data: dict, exhibitor: Exhibitor | None
) -> tuple[Exhibitor, ExhibitorProposal | None]:
    check(by, "directory.add")
    if "country" in data:
        country = listed_country(data["country"], kept=exhibitor.country if exhibitor else None)
        if country is None:
            raise ValidationError({"country": NOT_LISTED})
        data = {**data, "country": country}
    if exhibitor is None:
        exhibitor = Exhibitor()
        changes = _exhibitor_changes(exhibitor, data)
        if not can(by, "directory.decide_proposal"):
            edition = data.get("edition")
            own = directory_delegations_of(by).filter(edition=edition).first()
            if own is None:
                raise ValidationError(
                    {"edition": _("Your delegation takes no part in this edition.")}
                )
            exhibitor.delegation = own
        _apply_correction(exhibitor, changes)
        record(ExhibitorEvent, exhibitor=exhibitor, by=by, kind=EventKind.ADDED, changes=changes)
        return exhibitor, None
    exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
    changes = _exhibitor_changes(exhibitor, data)
    if not changes:
        return exhibitor, None
    direct = can(by, "directory.correct", exhibitor) and (
        can(by, "directory.decide_proposal") or "edition" not in changes
    )
    if not direct:
        proposal = ExhibitorProposal.objects.create(
            exhibitor=exhibitor, changes=changes, proposed_by=by
        )
        record(ExhibitorEvent, exhibitor=exhibitor, by=by, kind=EventKind.PROPOSED, changes=changes)
        return exhibitor, proposal
    _apply_correction(exhibitor, changes)
    record(ExhibitorEvent, exhibitor=exhibitor, by=by, kind=EventKind.CORRECTED, changes=changes)
    return exhibitor, None


@transaction.atomic
def exhibitor_proposal_decide(
    *, by: User, proposal: ExhibitorProposal, accept: bool
) -> ExhibitorProposal:
    """The national administrator accepts (applies) or rejects a proposed correction."""
    check(by, "directory.decide_proposal")
    proposal = ExhibitorProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ExhibitorProposal.Status.PENDING:
        raise ValidationError(_("This proposal was already decided."))
    exhibitor = Exhibitor.objects.select_for_update().get(pk=proposal.exhibitor_id)
    if accept:
        _apply_correction(exhibitor, proposal.changes)
    proposal.status = (
        ExhibitorProposal.Status.ACCEPTED if accept else ExhibitorProposal.Status.REJECTED
    )
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        ExhibitorEvent,
        exhibitor=exhibitor,
        by=by,
        kind=EventKind.ACCEPTED if accept else EventKind.REJECTED,
        changes=proposal.changes,
    )
    return proposal
