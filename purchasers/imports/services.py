"""Spreadsheet import of purchaser registrations: a filled sheet read (``sheet``), every
row checked with the same validators as the registration page (``rows``), and an
all-or-nothing import into draft registrations.

The HTML view, the API and the benchmark all call :func:`registration_import`; the rows
become registrations through ``registration.drafts.registrations_create_drafts``, the bulk
variant of the registration page's service.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils.translation import gettext as _

from delegations import sheets
from delegations.audit.models import EventKind
from delegations.models import LeadAgency, SubDelegation

from ..models import Purchaser, Registration
from ..registration.drafts import Draft, registrations_create_drafts
from ..registration.firms import RELATED_FIELDS, known_firm_differences
from ..registration.services import RegistrationError
from .rows import _Firm, check_rows
from .sheet import registration_rows

# The import core's: a file refused as a whole.
ImportFileError = sheets.SheetError


@dataclass
class KnownFirm:
    """A firm of the sheet known from elsewhere, with ``differences`` as field: [known, sheet]."""

    row: int
    credit_code: str
    differences: dict

    def as_dict(self) -> dict:
        return {"row": self.row, "credit_code": self.credit_code, "differences": self.differences}


@dataclass
class ImportResult:
    rows: int = 0
    firms: int = 0
    attendees: int = 0
    errors: list[sheets.RowError] = field(default_factory=list)
    known: list[KnownFirm] = field(default_factory=list)
    created: list[Registration] = field(default_factory=list)
    imported: bool = False
    seconds: float = 0.0
    # What was read, for the preview's list and the sheet of errors to download.
    sheet: list[tuple[int, dict]] = field(default_factory=list, repr=False)
    drafts: list[_Firm] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- importing ------------------------------------------------------------------------------


def choose_lead_agency(
    *, sub_delegation: SubDelegation, lead_agency_id: int | str | None, user=None
) -> LeadAgency:
    """The lead agency whose target the imported firms count towards: the one chosen, the
    only one, or the one the user's own unit leads."""
    agencies = list(sub_delegation.lead_agencies.prefetch_related("units"))
    if lead_agency_id not in (None, ""):
        for agency in agencies:
            if str(agency.pk) == str(lead_agency_id):
                return agency
        raise ImportFileError(_("Choose one of this sub-delegation's lead agencies."))
    if len(agencies) == 1:
        return agencies[0]
    own = [a for a in agencies if user and any(u.pk == user.unit_id for u in a.units.all())]
    if len(own) == 1:
        return own[0]
    if not agencies:
        raise ImportFileError(_("This sub-delegation has no lead agency yet."))
    raise ImportFileError(
        _("This sub-delegation is co-led: choose the lead agency the firms count towards.")
    )


def registration_import(
    *,
    user,
    sub_delegation: SubDelegation,
    lead_agency: LeadAgency,
    file,
    dry_run: bool,
) -> ImportResult:
    """Check a filled template and, unless ``dry_run`` or any row has an error, create a
    draft registration per firm with its attendees, all or nothing.

    ``sub_delegation`` must come from ``sub_delegations_visible_to(user)``. Raises
    :class:`ImportFileError` when the file itself cannot be used.
    """
    started = time.perf_counter()
    edition = sub_delegation.delegation.edition
    rows = registration_rows(file)
    firms, errors = check_rows(rows=rows, edition=edition, user=user)
    result = ImportResult(
        rows=len(rows),
        firms=len(firms),
        attendees=sum(len(f.attendees) for f in firms.values()),
        errors=errors,
        sheet=rows,
        drafts=[f for f in firms.values() if f.cleaned],
    )
    if errors:
        result.seconds = time.perf_counter() - started
        return result
    result.known = known_firms(firms=list(firms.values()))
    if dry_run:
        result.seconds = time.perf_counter() - started
        return result
    try:
        result.created = _write_drafts(
            user=user,
            sub_delegation=sub_delegation,
            lead_agency=lead_agency,
            firms=list(firms.values()),
        )
    except RegistrationError as error:
        # Checked above row by row; this is a firm or person registered meanwhile.
        raise ImportFileError(
            _(
                "Some of these firms or people were registered by someone else while you were "
                "importing. Nothing was saved: upload the file again to see which."
            )
            + " "
            + str(error)
        ) from None
    except IntegrityError:
        raise ImportFileError(
            _(
                "Some of these firms or people were registered by someone else while you were "
                "importing. Nothing was saved: upload the file again to see which."
            )
        ) from None
    result.imported = True
    result.seconds = time.perf_counter() - started
    return result


def _write_drafts(*, user, sub_delegation, lead_agency, firms: list[_Firm]) -> list:
    """The registrations of the checked sheet, through the registration service's bulk
    variant: the page's fields, duplicate rules and history entry, one per firm."""
    return registrations_create_drafts(
        by=user,
        sub_delegation=sub_delegation,
        lead_agency=lead_agency,
        drafts=[
            Draft(purchaser=dict(firm.cleaned), attendees=firm.attendees, row=firm.row)
            for firm in firms
        ],
        kind=EventKind.IMPORTED,
    )


def known_firms(*, firms: list[_Firm]) -> list[KnownFirm]:
    """The sheet's firms already known from another edition or delegation whose details in
    the sheet differ from the latest known ones: the preview shows them before anything is
    saved, and each new registration's history keeps the differences. The known firm's own
    registrations are not changed."""
    codes = [f.cleaned["credit_code"] for f in firms if f.cleaned]
    if not codes:
        return []
    purchasers = Purchaser.objects.select_related(*RELATED_FIELDS).in_bulk(
        codes, field_name="credit_code"
    )
    found = []
    for firm in firms:
        purchaser = purchasers.get(firm.cleaned["credit_code"]) if firm.cleaned else None
        if purchaser is None:
            continue
        differences = known_firm_differences(purchaser=purchaser, data=firm.cleaned)
        if differences:
            found.append(
                KnownFirm(
                    row=firm.row,
                    credit_code=purchaser.credit_code,
                    differences=differences,
                )
            )
    return found
