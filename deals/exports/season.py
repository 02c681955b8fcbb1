"""A delegation's whole season in one workbook: its structure, registrations, attendees,
deals and history (``manage.py export_delegation``), for the archive or a hand-over.

Attendees' ID and phone numbers are masked unless the caller gives a reason and a user to
answer for it; that export is then written in each registration's history.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from delegations.audit.models import EventKind
from delegations.audit.services import record
from delegations.models import Delegation, LeadAgency, SubDelegation
from purchasers.models import Attendee, Registration, RegistrationEvent

from ..records.models import Deal
from .sheets import deal_sheet
from .writers import INT, ExportColumn, Sheet, write_xlsx


class SeasonExportError(Exception):
    pass


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _structure(delegation: Delegation) -> Sheet:
    agencies = (
        LeadAgency.objects.filter(sub_delegation__delegation=delegation)
        .select_related("sub_delegation")
        .prefetch_related("units")
        .order_by("sub_delegation__pk", "sort_order", "pk")
    )
    rows = [
        (
            str(agency.sub_delegation),
            "、".join(str(unit) for unit in agency.units.all()),
            agency.focus,
            agency.target,
        )
        for agency in agencies
    ]
    for sub in SubDelegation.objects.filter(delegation=delegation, lead_agencies__isnull=True):
        rows.append((str(sub), "", "", None))
    return Sheet(
        _("Structure"),
        [
            ExportColumn(_("Sub-delegation"), width=20),
            ExportColumn(_("Lead agency"), width=30),
            ExportColumn(_("Focus"), width=20),
            ExportColumn(_("Target"), INT, 10),
        ],
        rows,
    )


def _registrations_sheet(registrations) -> Sheet:
    return Sheet(
        _("Registrations"),
        [
            ExportColumn(_("No."), INT, 8),
            ExportColumn(_("Sub-delegation"), width=18),
            ExportColumn(_("Lead agency"), width=24),
            ExportColumn(_("Registering unit"), width=20),
            ExportColumn(_("Purchaser"), width=30),
            ExportColumn(_("Unified social credit code"), width=22),
            ExportColumn(_("Purchaser type"), width=14),
            ExportColumn(_("Status"), width=12),
            ExportColumn(_("Created at"), width=18),
        ],
        (
            (
                r.pk,
                str(r.sub_delegation),
                str(r.lead_agency) if r.lead_agency_id else "",
                str(r.unit) if r.unit_id else "",
                r.name,
                r.purchaser.credit_code,
                r.get_kind_display(),
                r.get_status_display(),
                _when(r.created_at),
            )
            for r in registrations
        ),
    )


def _attendees(registrations, *, unmasked: bool) -> Sheet:
    attendees = Attendee.objects.filter(registration__in=registrations).order_by(
        "registration_id", "pk"
    )
    return Sheet(
        _("Attendees"),
        [
            ExportColumn(_("Registration No."), INT, 10),
            ExportColumn(_("Full name"), width=14),
            ExportColumn(_("ID document"), width=16),
            ExportColumn(_("ID number"), width=22),
            ExportColumn(_("Mobile"), width=16),
            ExportColumn(_("Title"), width=16),
            ExportColumn(_("Background check"), width=12),
        ],
        (
            (
                a.registration_id,
                a.name,
                a.get_id_type_display(),
                a.id_number if unmasked else a.masked_id_number,
                a.phone if unmasked else a.masked_phone,
                a.title,
                a.get_background_check_display(),
            )
            for a in attendees.iterator(chunk_size=2000)
        ),
    )


def _history(registrations) -> Sheet:
    events = (
        RegistrationEvent.objects.filter(registration__in=registrations)
        .select_related("actor")
        .order_by("registration_id", "at", "pk")
    )
    return Sheet(
        _("History"),
        [
            ExportColumn(_("Registration No."), INT, 10),
            ExportColumn(_("At"), width=18),
            ExportColumn(_("By"), width=14),
            ExportColumn(_("Action"), width=18),
            ExportColumn(_("From"), width=12),
            ExportColumn(_("To"), width=12),
            ExportColumn(_("Reason"), width=30),
            ExportColumn(_("Changes"), width=60),
        ],
        (
            (
                e.registration_id,
                _when(e.at),
                e.actor.username,
                e.get_kind_display(),
                e.from_status,
                e.to_status,
                e.reason,
                json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
            )
            for e in events.iterator(chunk_size=2000)
        ),
    )


def delegation_season_export(
    *,
    delegation: Delegation,
    target: Path,
    unmasked_reason: str = "",
    by=None,
    language: str = "zh-hans",
) -> int:
    """Write the workbook; returns the rows written."""
    unmasked = bool(unmasked_reason.strip())
    if unmasked and by is None:
        raise SeasonExportError("An unmasked export needs the user who answers for it.")
    registrations = (
        Registration.objects.filter(sub_delegation__delegation=delegation)
        .select_related("sub_delegation", "lead_agency", "unit", "purchaser")
        .order_by("pk")
    )
    deals = Deal.objects.filter(registration__sub_delegation__delegation=delegation).order_by("pk")
    with transaction.atomic():
        if unmasked:
            for registration in registrations:
                record(
                    RegistrationEvent,
                    registration=registration,
                    by=by,
                    kind=EventKind.PERSONAL_DATA_EXPORTED,
                    reason=unmasked_reason.strip(),
                )
        with translation.override(language):
            sheets = [
                _structure(delegation),
                _registrations_sheet(registrations),
                _attendees(registrations, unmasked=unmasked),
                deal_sheet(deals),
                _history(registrations),
            ]
            return write_xlsx(str(target), sheets)
