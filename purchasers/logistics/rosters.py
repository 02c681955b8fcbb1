"""Rosters in the layouts partners use: a rooming list per hotel (and night), a ticket list
per train or flight, a bus manifest per day; as .xlsx and as a printable page.

Each roster is a set of rows by person. Downloading one records what was sent
(``RosterSend``); the next change list says what was added, removed and changed since.
ID numbers are masked on every roster except the ticket list the office downloads with
full numbers, and that download is recorded with who and when (its stored rows stay
masked).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import xlsxwriter
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.capabilities import check
from delegations.sheets import neutralise

from .. import personal_data
from .models import Bus, BusSeat, Hotel, Journey, RosterSend, Stay, TravelGroup


@dataclass
class Roster:
    kind: str
    key: str
    title: str
    columns: list[str]
    rows: dict[str, list[str]]  # person (and stay) -> cells


@dataclass
class Changes:
    since: RosterSend | None
    added: list[list[str]] = field(default_factory=list)
    removed: list[list[str]] = field(default_factory=list)
    changed: list[tuple[list[str], list[str]]] = field(default_factory=list)  # before, after

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _d(value) -> str:
    return value.isoformat() if value else ""


def _id_shown(user, attendee, *, full: bool) -> str:
    """The ID number as the reader may see it on a roster: masked, unless ``full``."""
    how = personal_data.access_for(user, attendee.registration)[personal_data.ATTENDEE_ID_NUMBER]
    if how == personal_data.FULL and not full:
        how = personal_data.MASKED
    return personal_data.shown(attendee.id_number, how)


def rooming(*, hotel: Hotel, night: datetime.date | None = None) -> Roster:
    stays = Stay.objects.filter(hotel=hotel).select_related(
        "plan__attendee__registration", "plan__sub_delegation", "shares_with"
    )
    if night:
        stays = stays.filter(check_in__lte=night, check_out__gt=night)
    rows = {}
    for s in stays.order_by("check_in", "plan__sub_delegation__sort_order", "plan__attendee"):
        a = s.plan.attendee
        rows[f"{a.pk}:{s.check_in}"] = [
            a.name,
            a.registration.name,
            s.plan.sub_delegation.name,
            s.get_room_type_display(),
            _d(s.check_in),
            _d(s.check_out),
            str((s.check_out - s.check_in).days),
            s.shares_with.name if s.shares_with else "",
        ]
    title = hotel.name + (f" {night:%m-%d}" if night else "")
    return Roster(
        kind=RosterSend.Kind.ROOMING,
        key=f"{hotel.pk}" + (f":{night}" if night else ""),
        title=title,
        columns=[
            _("Name of the person"),
            _("Organisation"),
            _("Sub-delegation"),
            _("Room type"),
            _("Check-in"),
            _("Check-out"),
            _("Nights"),
            _("Sharing with"),
        ],
        rows=rows,
    )


def tickets(*, group: TravelGroup, user, full: bool = False) -> Roster:
    journeys = Journey.objects.filter(group=group).select_related(
        "plan__attendee__registration", "plan__sub_delegation"
    )
    rows = {}
    for j in journeys.order_by("plan__sub_delegation__sort_order", "plan__attendee"):
        a = j.plan.attendee
        phone_how = personal_data.access_for(user, a.registration)[personal_data.ATTENDEE_PHONE]
        rows[str(a.pk)] = [
            a.name,
            a.get_id_type_display(),
            _id_shown(user, a, full=full),
            personal_data.shown(a.phone, min(phone_how, personal_data.MASKED, key=_strength)),
            j.plan.sub_delegation.name,
            j.get_ticket_display(),
        ]
    return Roster(
        kind=RosterSend.Kind.TICKETS,
        key=str(group.pk),
        title=f"{group.number} {group.departs_at:%m-%d %H:%M} {group.from_place}–{group.to_place}",
        columns=[
            _("Name of the person"),
            _("ID document"),
            _("ID number"),
            _("Mobile"),
            _("Sub-delegation"),
            _("Ticket"),
        ],
        rows=rows,
    )


def _strength(how) -> int:
    return {personal_data.HIDDEN: 0, personal_data.MASKED: 1, personal_data.FULL: 2}[how]


def bus_manifest(*, delegation, day: datetime.date) -> Roster:
    seats = BusSeat.objects.filter(bus__delegation=delegation, day=day).select_related(
        "bus", "plan__attendee__registration", "plan__sub_delegation"
    )
    hotels = dict(
        Stay.objects.filter(
            plan__delegation=delegation, check_in__lte=day, check_out__gte=day
        ).values_list("plan_id", "hotel__name")
    )
    rows = {}
    for seat in seats.order_by("bus__name", "plan__sub_delegation__sort_order", "plan__attendee"):
        a = seat.plan.attendee
        rows[str(a.pk)] = [
            seat.bus.name,
            a.name,
            a.registration.name,
            seat.plan.sub_delegation.name,
            hotels.get(seat.plan_id, ""),
        ]
    return Roster(
        kind=RosterSend.Kind.BUS,
        key=day.isoformat(),
        title=_("Buses on %(day)s") % {"day": day.isoformat()},
        columns=[
            _("Bus"),
            _("Name of the person"),
            _("Organisation"),
            _("Sub-delegation"),
            _("Hotel"),
        ],
        rows=rows,
    )


def last_sent(*, delegation, roster: Roster) -> RosterSend | None:
    return (
        RosterSend.objects.filter(delegation=delegation, kind=roster.kind, key=roster.key)
        .order_by("-sent_at", "-pk")
        .first()
    )


def changes_since(*, delegation, roster: Roster, stored: Roster | None = None) -> Changes:
    """What was added, removed and changed since the roster was last sent."""
    since = last_sent(delegation=delegation, roster=roster)
    before = since.rows if since else {}
    now = (stored or roster).rows
    shown = roster.rows
    out = Changes(since=since)
    for key, cells in now.items():
        if key not in before:
            out.added.append(shown[key])
        elif before[key] != cells:
            out.changed.append((before[key], shown[key]))
    out.removed = [cells for key, cells in before.items() if key not in now]
    return out


@transaction.atomic
def roster_send(
    *,
    by,
    delegation,
    roster: Roster,
    stored: Roster | None = None,
    changes_only=False,
    full_numbers=False,
) -> Changes:
    """Record that the roster was downloaded (sent), with the rows it carried; return the
    changes since the previous one. ``stored`` is the masked roster kept for a full one."""
    check(by, "logistics.export_tickets" if full_numbers else "logistics.plan", delegation)
    changes = changes_since(delegation=delegation, roster=roster, stored=stored)
    RosterSend.objects.create(
        delegation=delegation,
        kind=roster.kind,
        key=roster.key,
        rows=(stored or roster).rows,
        changes_only=changes_only,
        full_numbers=full_numbers,
        sent_by=by,
    )
    return changes


def xlsx(roster: Roster, changes: Changes | None = None) -> bytes:
    """The roster as a workbook; with ``changes``, the change list instead of the roster."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    if changes is None:
        sheets = [(roster.title, [("", row) for row in roster.rows.values()])]
    else:
        sheets = [
            (
                _("Changes"),
                [(_("added"), r) for r in changes.added]
                + [(_("removed"), r) for r in changes.removed]
                + [x for b, a in changes.changed for x in ((_("before"), b), (_("after"), a))],
            )
        ]
    for title, rows in sheets:
        ws = book.add_worksheet(title[:31].replace(":", " "))
        headers = ([_("Change")] if changes is not None else []) + roster.columns
        for col, header in enumerate(headers):
            ws.write_string(0, col, header, bold)
            ws.set_column(col, col, 16)
        for r, (what, cells) in enumerate(rows, start=1):
            values = ([what] if changes is not None else []) + cells
            for c, value in enumerate(values):
                ws.write_string(r, c, neutralise(str(value)))
        ws.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def days_of(delegation) -> list[datetime.date]:
    """The days buses run."""
    return sorted(set(Bus.objects.filter(delegation=delegation).values_list("day", flat=True)))


def nights_of(hotel: Hotel) -> list[datetime.date]:
    return sorted(set(hotel.blocks.values_list("night", flat=True)))
