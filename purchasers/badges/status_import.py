"""The official system's status export, read back through the one import core.

Each row names a person by the firm's credit code and the person's ID number and gives the
review result, the badge status, the tracking number of a posted badge and the pick-up
place. Matched against the attendees of the user's scope in the working edition; previewed
(what changes, what is already so, rows matching nobody or two people, malformed rows) and
set by the same bulk badge service as the pages. Malformed and unmatched rows are listed
apart and left out: the file is the bureau's, the office cannot correct it.
"""

from __future__ import annotations

import gc
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations import sheets
from delegations.audit.models import EventKind
from delegations.capabilities import check
from delegations.languages import language_codes
from delegations.validators import normalize_code

from ..models import Attendee
from ..permissions import registrations_visible_to
from ..registration.services import current_edition
from .models import BadgeStatus
from .selectors import equals_any
from .services import BadgeChange, badges_change

STATUS_SHEET = sheets.SheetKind(
    name="badge-status",
    columns=(
        sheets.Column("credit_code", gettext_lazy("Unified social credit code")),
        sheets.Column("id_number", gettext_lazy("ID number")),
        sheets.Column("name", gettext_lazy("Full name"), optional=True),
        sheets.Column("review", gettext_lazy("Review result"), optional=True),
        sheets.Column("status", gettext_lazy("Badge status")),
        sheets.Column("tracking_number", gettext_lazy("Tracking number"), optional=True),
        sheets.Column("pickup_place", gettext_lazy("Pick-up place"), optional=True),
    ),
)

# The official system's words (7th-edition guide) besides our own labels.
OFFICIAL_WORDS = {
    "注册信息已提交": BadgeStatus.SUBMITTED,
    "已提交": BadgeStatus.SUBMITTED,
    "审核中": BadgeStatus.IN_REVIEW,
    "待审核": BadgeStatus.IN_REVIEW,
    "审核不通过": BadgeStatus.REJECTED,
    "审核未通过": BadgeStatus.REJECTED,
    "制证中": BadgeStatus.IN_PRODUCTION,
    "证件可领取": BadgeStatus.READY,
    "可领取": BadgeStatus.READY,
    "寄递发放中": BadgeStatus.POSTED,
    "已寄出": BadgeStatus.POSTED,
}
REVIEW_FAILED = {"不通过", "未通过", "审核不通过", "审核未通过", "驳回", "rejected", "failed"}


def _statuses() -> dict[str, str]:
    lookup = dict(OFFICIAL_WORDS)
    for language in language_codes():
        with translation.override(language):
            for value, label in BadgeStatus.choices:
                lookup[str(label).strip().lower()] = value
    lookup |= {value: value for value in BadgeStatus.values}
    # Plain strings: an enum member compares in Python, thousands of times an import.
    return {word: str(status) for word, status in lookup.items()}


@dataclass(slots=True)
class StatusChange:
    """One person's badge as the file would set it. What the preview shows (the person, the
    masked ID number, the statuses' labels) is made when it is shown: an import confirmed
    at once shows none of its 7,000 rows."""

    row: int
    attendee_id: int
    name: str
    firm: str
    _id_number: str  # in full: never shown (templates refuse a leading underscore)
    status_before: str
    tracking_number: str
    pickup_place: str
    status: str

    @property
    def who(self) -> str:
        return f"{self.name} · {self.firm}"

    @property
    def id_number(self) -> str:
        return Attendee.mask(self._id_number)

    @property
    def before(self) -> str:
        return BadgeStatus(self.status_before).label

    @property
    def after(self) -> str:
        return BadgeStatus(self.status).label


@dataclass
class StatusPreview:
    rows: int = 0
    changes: list[StatusChange] = field(default_factory=list)
    unchanged: list[StatusChange] = field(default_factory=list)
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # row, masked id, why
    ambiguous: list[tuple[int, str, int]] = field(default_factory=list)  # row, masked id, how many
    errors: list[sheets.RowError] = field(default_factory=list)
    done: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.changes)

    @property
    def unreadable_rows(self) -> int:
        """Rows left out because they cannot be read (a row may have several errors)."""
        return len({error.row for error in self.errors})

    @property
    def skipped_rows(self) -> int:
        """Every row of the file that will not be recorded, whatever the reason."""
        return self.unreadable_rows + len(self.unmatched) + len(self.ambiguous)

    def skipped_reasons(self) -> list[sheets.RowError]:
        """Why each skipped row is left out, row by row, for the download of them."""
        reasons = list(self.errors)
        reasons += [
            sheets.RowError(row=row, column="", message=_("Matches nobody: %(why)s") % {"why": why})
            for row, _masked, why in self.unmatched
        ]
        reasons += [
            sheets.RowError(
                row=row, column="", message=_("Matches more than one person (%(n)d).") % {"n": n}
            )
            for row, _masked, n in self.ambiguous
        ]
        return sorted(reasons, key=lambda reason: reason.row)


class _Wanted(NamedTuple):
    row: int
    credit_code: str
    id_number: str
    status: str
    tracking_number: str
    pickup_place: str


def _code(value: str) -> str:
    # Nearly every code arrives clean; normalising (NFKC, a pattern) costs more than the rest
    # of the row together.
    return value.upper() if value.isascii() and value.isalnum() else normalize_code(value)


def _wanted_rows(file, preview: StatusPreview) -> list[_Wanted]:
    rows = sheets.read_sheet(file, STATUS_SHEET)
    preview.rows = len(rows)
    headers = STATUS_SHEET.headers()
    statuses = _statuses()
    required = _("This field is required.")
    posted, rejected = BadgeStatus.POSTED.value, BadgeStatus.REJECTED.value
    wanted, seen = [], {}
    for row in rows:
        get = row.values.get  # the core gives stripped text, empty cells left out
        code = _code(get("credit_code", ""))
        number = get("id_number", "").upper()
        raw = get("status", "")
        status = statuses.get(raw.lower())
        if get("review", "").lower() in REVIEW_FAILED:
            status = rejected
        tracking = get("tracking_number", "")
        problems = []
        if not code:
            problems.append((headers["credit_code"], required))
        if not number:
            problems.append((headers["id_number"], required))
        if status is None:
            problems.append(
                (headers["status"], _("Unknown badge status “%(value)s”.") % {"value": raw})
            )
        elif status == posted and not tracking:
            problems.append(
                (headers["tracking_number"], _("A posted badge needs its tracking number."))
            )
        key = (code, number)
        if code and number:
            if key in seen:
                problems.append(
                    (
                        headers["id_number"],
                        _("The same person is already on row %(row)d.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row.number
        if problems:
            preview.errors.extend(
                sheets.RowError(row=row.number, column=column, message=message)
                for column, message in problems
            )
        else:
            wanted.append(
                _Wanted(row.number, code, number, status, tracking, get("pickup_place", ""))
            )
    return wanted


def _candidates(user, numbers: list[str]) -> dict[str, list[tuple]]:
    """The people of the user's scope in the working edition with these ID numbers, as
    (pk, name, credit code, firm, status, tracking number, pick-up place) by ID number."""
    scope = registrations_visible_to(user)
    edition = current_edition(user=user)
    if edition is not None:
        scope = scope.filter(edition=edition)
    found = (
        Attendee.objects.filter(equals_any(Attendee, "id_number", numbers))
        .filter(registration__in=scope.values("pk"))
        .values_list(
            "id_number",
            "pk",
            "name",
            "registration__purchaser__credit_code",
            "registration__name",
            "badge__status",
            "badge__tracking_number",
            "badge__pickup_place",
        )
        .order_by("pk")
    )
    # The rows as the driver gives them: Django's own iteration (chunks of a hundred, a
    # tuple made again of each) was a third of this query's time, and no column here needs
    # its conversion.
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_number: dict[str, list[tuple]] = {}
    for row in rows:
        people = by_number.get(row[0])
        if people is None:
            by_number[row[0]] = [row[1:]]
        else:
            people.append(row[1:])
    return by_number


def _match(wanted: list[_Wanted], by_number, preview: StatusPreview) -> None:
    mask = Attendee.mask
    not_applied = BadgeStatus.NOT_APPLIED.value
    for want in wanted:
        people = by_number.get(want.id_number, ())
        if len(people) == 1 and people[0][2] == want.credit_code:  # nearly every row
            same_firm = people
        else:
            same_firm = [p for p in people if p[2] == want.credit_code]
        if len(same_firm) != 1:
            masked = mask(want.id_number)
            if same_firm:
                preview.ambiguous.append((want.row, masked, len(same_firm)))
            else:
                why = _("credit code differs") if people else _("nobody with this ID number")
                preview.unmatched.append((want.row, masked, why))
            continue
        pk, name, _credit_code, firm, status, tracking_now, pickup_now = same_firm[0]
        before = status or not_applied
        tracking_now, pickup_now = tracking_now or "", pickup_now or ""
        tracking = want.tracking_number or tracking_now
        pickup = want.pickup_place or pickup_now
        same = before == want.status and tracking == tracking_now and pickup == pickup_now
        (preview.unchanged if same else preview.changes).append(
            StatusChange(
                row=want.row,
                attendee_id=pk,
                name=name,
                firm=firm,
                _id_number=want.id_number,
                status_before=before,
                tracking_number=tracking,
                pickup_place=pickup,
                status=want.status,
            )
        )


@contextmanager
def _collector_paused():
    """CPython's cycle collector paused while one file is read, matched and written.

    A 7,000-row file makes some 100,000 short-lived containers (cells, rows, matches,
    changes); each 25,000 of them start a full collection that walks the whole heap, the
    application's own objects included, so the collector's share grew with the file and
    took 40% of the import. The import makes no reference cycles: reference counting frees
    all of it, and the collector runs again as soon as the file is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def status_import(*, user, file, dry_run: bool) -> StatusPreview:
    """Read and match the official status export; unless ``dry_run``, set every badge that
    changes, all at once. Raises ``sheets.SheetError`` for a file that cannot be used (then
    nothing is read, nothing written)."""
    check(user, "badges.import_status")
    with _collector_paused():
        preview = StatusPreview()
        wanted = _wanted_rows(file, preview)
        _match(wanted, _candidates(user, [w.id_number for w in wanted]), preview)
        preview.errors.sort(key=lambda e: e.row)
        if dry_run or not preview.changes:
            return preview
        changes = [
            BadgeChange(c.attendee_id, c.status, c.tracking_number, c.pickup_place)
            for c in preview.changes
        ]
        preview.done = badges_change(changes=changes, by=user, kind=EventKind.OFFICIAL_IMPORT)
    return preview


def skipped_rows_sheet(*, user, file, language: str) -> bytes:
    """The rows of the bureau's file that the import leaves out, as read, each with why
    (cannot be read, matches nobody, matches more than one person): to send back or to
    look up in the official system. The file itself is never corrected here."""
    content = file.read()
    preview = status_import(user=user, file=io.BytesIO(content), dry_run=True)
    rows = sheets.read_sheet(io.BytesIO(content), STATUS_SHEET)
    return sheets.error_sheet(
        kind=STATUS_SHEET,
        rows=rows,
        errors=preview.skipped_reasons(),
        language=language,
        only_errors=True,
    )
