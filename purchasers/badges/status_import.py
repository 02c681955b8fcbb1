"""The official system's status export, read back through the one import core.

Each row names a person by the firm's credit code and the person's ID number and gives the
review result, the badge status, the tracking number of a posted badge and the pick-up
place. Matched against the attendees of the user's scope in the working edition; previewed
(what changes, what is already so, rows matching nobody or two people, malformed rows) and
set by the same bulk badge service as the pages. Malformed and unmatched rows are listed
apart and left out: the file is the bureau's, the office cannot correct it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations import sheets
from delegations.capabilities import check
from delegations.validators import normalize_code

from ..models import Attendee
from ..permissions import registrations_visible_to
from ..registration.services import current_edition
from .models import BadgeStatus
from .selectors import any_of
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
    for language in sheets.LANGUAGES:
        with translation.override(language):
            for value, label in BadgeStatus.choices:
                lookup[str(label).strip().lower()] = value
    lookup |= {value: value for value in BadgeStatus.values}
    # Plain strings: an enum member compares in Python, thousands of times an import.
    return {word: str(status) for word, status in lookup.items()}


@dataclass
class StatusChange:
    row: int
    attendee_id: int
    who: str
    id_number: str  # masked
    before: str
    after: str
    tracking_number: str
    pickup_place: str
    status: str


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


@dataclass
class _Wanted:
    row: int
    credit_code: str
    id_number: str
    status: str
    tracking_number: str
    pickup_place: str


def _read(file, preview: StatusPreview) -> list[_Wanted]:
    rows = sheets.read_sheet(file, STATUS_SHEET)
    preview.rows = len(rows)
    headers = STATUS_SHEET.headers()
    statuses = _statuses()
    wanted, seen = [], {}
    for row in rows:
        values = row.values
        code = normalize_code(values.get("credit_code", ""))
        number = values.get("id_number", "").strip().upper()
        raw = values.get("status", "").strip()
        status = statuses.get(raw.lower())
        if values.get("review", "").strip().lower() in REVIEW_FAILED:
            status = BadgeStatus.REJECTED.value
        tracking = values.get("tracking_number", "").strip()
        problems = []
        for key, value in (("credit_code", code), ("id_number", number)):
            if not value:
                problems.append((headers[key], _("This field is required.")))
        if status is None:
            problems.append(
                (headers["status"], _("Unknown badge status “%(value)s”.") % {"value": raw})
            )
        elif status == BadgeStatus.POSTED and not tracking:
            problems.append(
                (headers["tracking_number"], _("A posted badge needs its tracking number."))
            )
        if (code, number) in seen and code and number:
            problems.append(
                (
                    headers["id_number"],
                    _("The same person is already on row %(row)d.") % {"row": seen[(code, number)]},
                )
            )
        seen.setdefault((code, number), row.number)
        for column, message in problems:
            preview.errors.append(sheets.RowError(row=row.number, column=column, message=message))
        if not problems:
            wanted.append(
                _Wanted(
                    row.number,
                    code,
                    number,
                    status,
                    tracking,
                    values.get("pickup_place", "").strip(),
                )
            )
    return wanted


def _candidates(user, numbers: list[str]) -> dict[str, list[dict]]:
    scope = registrations_visible_to(user)
    edition = current_edition(user=user)
    if edition is not None:
        scope = scope.filter(edition=edition)
    found = (
        Attendee.objects.filter(
            registration__in=scope.values("pk"), id_number__in=any_of(numbers, "text")
        )
        .values(
            "pk",
            "name",
            "id_number",
            code=F("registration__purchaser__credit_code"),
            firm=F("registration__name"),
            status=F("badge__status"),
            tracking=F("badge__tracking_number"),
            pickup=F("badge__pickup_place"),
        )
        .order_by("pk")
    )
    by_number: dict[str, list[dict]] = {}
    for person in found:
        by_number.setdefault(person["id_number"], []).append(person)
    return by_number


def _match(wanted: list[_Wanted], by_number, preview: StatusPreview) -> None:
    labels = dict(BadgeStatus.choices)
    for want in wanted:
        masked = Attendee.mask(want.id_number)
        people = by_number.get(want.id_number, [])
        same_firm = [p for p in people if p["code"] == want.credit_code]
        if not same_firm:
            why = _("credit code differs") if people else _("nobody with this ID number")
            preview.unmatched.append((want.row, masked, why))
            continue
        if len(same_firm) > 1:
            preview.ambiguous.append((want.row, masked, len(same_firm)))
            continue
        person = same_firm[0]
        before = person["status"] or BadgeStatus.NOT_APPLIED
        tracking = want.tracking_number or (person["tracking"] or "")
        pickup = want.pickup_place or (person["pickup"] or "")
        change = StatusChange(
            row=want.row,
            attendee_id=person["pk"],
            who=f"{person['name']} · {person['firm']}",
            id_number=masked,
            before=labels[before],
            after=labels[want.status],
            tracking_number=tracking,
            pickup_place=pickup,
            status=want.status,
        )
        same = (before, person["tracking"] or "", person["pickup"] or "") == (
            want.status,
            tracking,
            pickup,
        )
        (preview.unchanged if same else preview.changes).append(change)


def status_import(*, user, file, dry_run: bool) -> StatusPreview:
    """Read and match the official status export; unless ``dry_run``, set every badge that
    changes, all at once. Raises ``sheets.SheetError`` for a file that cannot be used (then
    nothing is read, nothing written)."""
    check(user, "badges.import_status")
    preview = StatusPreview()
    wanted = _read(file, preview)
    _match(wanted, _candidates(user, [w.id_number for w in wanted]), preview)
    preview.errors.sort(key=lambda e: e.row)
    if dry_run or not preview.changes:
        return preview
    changes = [
        BadgeChange(c.attendee_id, c.status, c.tracking_number, c.pickup_place)
        for c in preview.changes
    ]
    preview.done = badges_change(changes=changes, by=user, action="official_import")
    return preview
