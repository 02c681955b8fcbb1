"""Assignment by spreadsheet, through the one import core (``delegations.sheets``): one row
per person (found by ID number in the delegation), the hotel by name, the trains or flights
by number, the bus by name (every day it runs). The rows become assignments for the same
service as the pages; the preview runs it and rolls back, so it shows every conflict."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations import sheets
from delegations.languages import language_codes

from ..models import Attendee
from . import services
from .models import Bus, Direction, Hotel, Meals, RoomType, TravelGroup

ASSIGNMENT_SHEET = sheets.SheetKind(
    name="logistics-assignments",
    columns=(
        sheets.Column("id_number", gettext_lazy("ID number")),
        sheets.Column("name", gettext_lazy("Name"), optional=True),
        sheets.Column("hotel", gettext_lazy("Hotel"), optional=True),
        sheets.Column("room_type", gettext_lazy("Room type"), optional=True),
        sheets.Column("check_in", gettext_lazy("Check-in"), optional=True),
        sheets.Column("check_out", gettext_lazy("Check-out"), optional=True),
        sheets.Column("shares_with", gettext_lazy("Sharing with (ID number)"), optional=True),
        sheets.Column("there", gettext_lazy("Train or flight there"), optional=True),
        sheets.Column("back", gettext_lazy("Train or flight back"), optional=True),
        sheets.Column("bus", gettext_lazy("Bus"), optional=True),
        sheets.Column("meals", gettext_lazy("Meals"), optional=True),
    ),
)


class _Rollback(Exception):
    pass


@dataclass
class SheetPreview:
    rows: int = 0
    errors: list[sheets.RowError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    assignments: list[services.Assignment] = field(default_factory=list)
    done: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.problems and bool(self.assignments)


def _labels(choices) -> dict[str, str]:
    out = {}
    for language in language_codes():
        with translation.override(language):
            out |= {str(label).strip().lower(): value for value, label in choices}
    return out | {value: value for value, _label in choices}


class _Lookups:
    def __init__(self, delegation):
        self.people = {
            a.id_number.upper(): a
            for a in Attendee.objects.filter(registration__sub_delegation__delegation=delegation)
        }
        self.hotels = {h.name: h for h in Hotel.objects.filter(delegation=delegation)}
        groups = TravelGroup.objects.filter(delegation=delegation)
        self.groups = {(g.direction, g.number.upper()): g for g in groups}
        self.buses: dict[str, list[Bus]] = {}
        for bus in Bus.objects.filter(delegation=delegation):
            self.buses.setdefault(bus.name, []).append(bus)
        self.room_types = _labels(RoomType.choices)
        self.meals = _labels(Meals.choices)


def _row(values: dict, look: _Lookups, headers) -> tuple[services.Assignment | None, list]:
    errors = []
    attendee = look.people.get(values.get("id_number", "").strip().upper())
    if attendee is None:
        return None, [(headers["id_number"], _("Nobody of the delegation has this ID number."))]
    a = services.Assignment(attendee=attendee)
    if values.get("hotel"):
        hotel = look.hotels.get(values["hotel"].strip())
        room_type = look.room_types.get(values.get("room_type", "single").strip().lower())
        try:
            check_in = sheets_date(values.get("check_in"))
            check_out = sheets_date(values.get("check_out"))
        except ValueError:
            check_in = check_out = None
        partner = look.people.get(values.get("shares_with", "").strip().upper())
        if hotel is None:
            errors.append((headers["hotel"], _("No such hotel: declare it first.")))
        if room_type is None:
            errors.append((headers["room_type"], _("Write single or twin.")))
        if check_in is None or check_out is None:
            errors.append((headers["check_in"], _("Give both dates as YYYY-MM-DD.")))
        if values.get("shares_with") and partner is None:
            errors.append(
                (headers["shares_with"], _("Nobody of the delegation has this ID number."))
            )
        if not errors:
            a.stays = [services.StayWish(hotel, room_type, check_in, check_out, partner)]
    for key in Direction.values:
        if values.get(key):
            group = look.groups.get((key, values[key].strip().upper()))
            if group is None:
                errors.append((headers[key], _("No such train or flight: declare it first.")))
            else:
                setattr(a, key, services.JourneyWish(group=group))
    if values.get("bus"):
        a.buses = look.buses.get(values["bus"].strip())
        if a.buses is None:
            errors.append((headers["bus"], _("No such bus: declare it first.")))
    if values.get("meals"):
        a.meals = look.meals.get(values["meals"].strip().lower())
        if a.meals is None:
            errors.append((headers["meals"], _("Unknown meals.")))
    return a, errors


def sheets_date(value):

    return datetime.date.fromisoformat(str(value or "")[:10])


def assignments_import(*, by, delegation, file, dry_run: bool, override_reason: str = ""):
    """Read the sheet; preview (run and roll back) or assign all of it, all or nothing.
    Raises ``sheets.SheetError`` for a file that cannot be used."""
    rows = sheets.read_sheet(file, ASSIGNMENT_SHEET)
    headers = ASSIGNMENT_SHEET.headers()
    look = _Lookups(delegation)
    preview = SheetPreview(rows=len(rows))
    for row in rows:
        assignment, errors = _row(row.values, look, headers)
        for column, message in errors:
            preview.errors.append(sheets.RowError(row=row.number, column=column, message=message))
        if assignment is not None and not errors:
            preview.assignments.append(assignment)
    if preview.errors or not preview.assignments:
        return preview
    try:
        with transaction.atomic():
            plans = services.plans_assign(
                by=by,
                delegation=delegation,
                assignments=preview.assignments,
                override_reason=override_reason,
            )
            if dry_run:
                raise _Rollback
            preview.done = len(plans)
    except _Rollback:
        pass
    except services.LogisticsError as error:
        preview.problems = error.problems
    return preview
