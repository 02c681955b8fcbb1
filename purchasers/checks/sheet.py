"""Check results by spreadsheet: the public-security and market-regulation bureaus return
lists of (ID number or credit code, result, note); read through the import core, matched to
the attendees or firms in the checker's scope, previewed (what changes, what stays, which
rows match nobody) and set all at once by the same bulk check services as the list page.

A background checker's sheet holds ID numbers, a credit checker's credit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations import sheets
from delegations.languages import language_codes
from delegations.models import Role
from delegations.permissions import has_role
from delegations.validators import normalize_code

from ..models import Attendee, CheckStatus
from ..permissions import registrations_visible_to
from ..registration.services import current_edition
from ..review import services as review
from . import services as checks

CHECK_RESULT_SHEET = sheets.SheetKind(
    name="check-results",
    columns=(
        sheets.Column("identifier", gettext_lazy("ID number or credit code")),
        sheets.Column("result", gettext_lazy("Result")),
        sheets.Column("note", gettext_lazy("Note"), optional=True),
        sheets.Column("name", gettext_lazy("Name"), optional=True),
    ),
)
CREDIT = "credit"
BACKGROUND = "background"
# What the bureaus write besides our own labels.
RESULT_WORDS = {
    "通过": CheckStatus.PASSED,
    "合格": CheckStatus.PASSED,
    "正常": CheckStatus.PASSED,
    "pass": CheckStatus.PASSED,
    "ok": CheckStatus.PASSED,
    "不通过": CheckStatus.FAILED,
    "未通过": CheckStatus.FAILED,
    "不合格": CheckStatus.FAILED,
    "fail": CheckStatus.FAILED,
}


def check_kind_of(user) -> str | None:
    """Which check a user's sheet sets: the credit check or the background check."""
    if has_role(user, Role.CREDIT_CHECKER):
        return CREDIT
    if has_role(user, Role.BACKGROUND_CHECKER):
        return BACKGROUND
    return None


def _results() -> dict[str, str]:
    lookup = dict(RESULT_WORDS)
    for language in language_codes():
        with translation.override(language):
            for value, label in CheckStatus.choices:
                lookup[str(label).strip().lower()] = value
    for value in CheckStatus.values:
        lookup[value] = value
    return lookup


@dataclass
class CheckChange:
    row: int
    what: str
    identifier: str
    before: str
    after: str
    note: str
    changed: bool


@dataclass
class CheckPreview:
    kind: str
    rows: int = 0
    changes: list[CheckChange] = field(default_factory=list)
    unchanged: list[CheckChange] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    errors: list[sheets.RowError] = field(default_factory=list)
    verdicts: list[tuple[int, str, str]] = field(default_factory=list)
    done: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.verdicts)


def check_results_import(*, user, file, dry_run: bool) -> CheckPreview:
    """Read and match a returned sheet; unless ``dry_run`` or a row has an error, set every
    matched check that changes, all or nothing. Raises ``sheets.SheetError`` for a file
    that cannot be used, ``review.NotInScope`` for a user who checks nothing."""
    kind = check_kind_of(user)
    if kind is None:
        raise review.NotInScope
    rows = sheets.read_sheet(file, CHECK_RESULT_SHEET)
    preview = CheckPreview(kind=kind, rows=len(rows))
    wanted = _verdicts(rows, kind=kind, preview=preview)
    identifiers = [identifier for _row, identifier, _status, _note in wanted]
    matches, fields = _matches(user, kind=kind, identifiers=identifiers)
    _compare(preview, wanted=wanted, matches=matches, fields=fields)
    preview.errors.sort(key=lambda e: e.row)
    if dry_run or not preview.ok:
        return preview
    service = (
        checks.registrations_set_credit_checks
        if kind == CREDIT
        else checks.attendees_set_background_checks
    )
    preview.done = len(service(verdicts=preview.verdicts, by=user))
    return preview


def _verdicts(rows, *, kind: str, preview: CheckPreview) -> list[tuple[int, str, str, str]]:
    """Each usable row as (row, identifier, status, note); the others' errors on ``preview``."""
    headers = CHECK_RESULT_SHEET.headers()
    results = _results()
    wanted: list[tuple[int, str, str, str]] = []
    seen: dict[str, int] = {}
    for row in rows:
        values = row.values
        raw = values.get("identifier", "")
        identifier = normalize_code(raw) if kind == CREDIT else raw.strip().upper()
        status = results.get(values.get("result", "").strip().lower())
        note = values.get("note", "").strip()
        problems = []
        if not identifier:
            problems.append((headers["identifier"], _("This field is required.")))
        elif identifier in seen:
            problems.append(
                (
                    headers["identifier"],
                    _("The same ID number or credit code is already on row %(row)d.")
                    % {"row": seen[identifier]},
                )
            )
        if status is None:
            problems.append(
                (
                    headers["result"],
                    _("Unknown result “%(value)s”: write passed or failed.")
                    % {"value": values.get("result", "")},
                )
            )
        elif status == CheckStatus.FAILED and not note:
            problems.append((headers["note"], _("Say why the check failed.")))
        for column, message in problems:
            preview.errors.append(sheets.RowError(row=row.number, column=column, message=message))
        if identifier:
            seen.setdefault(identifier, row.number)
        if not problems:
            wanted.append((row.number, identifier, status, note))
    return wanted


def _matches(user, *, kind: str, identifiers: list[str]) -> tuple[dict[str, list[dict]], tuple]:
    """What the identifiers name in the checker's scope this edition, by identifier, and the
    two fields of the check (result, note)."""
    scope = registrations_visible_to(user)
    edition = current_edition(user=user)
    if edition is not None:
        scope = scope.filter(edition=edition)
    # Plain values, not model instances: a bureau's list runs to thousands of rows.
    if kind == CREDIT:
        found_rows = scope.filter(purchaser__credit_code__in=identifiers).values(
            "pk",
            "credit_check",
            "credit_check_note",
            key=F("purchaser__credit_code"),
            what=F("name"),
        )
        fields = ("credit_check", "credit_check_note")
    else:
        found_rows = Attendee.objects.filter(
            registration__in=scope.values("pk"), id_number__in=identifiers
        ).values(
            "pk",
            "name",
            "background_check",
            "background_check_note",
            key=F("id_number"),
            firm=F("registration__name"),
        )
        fields = ("background_check", "background_check_note")
    matches: dict[str, list[dict]] = {}
    for found in found_rows.order_by("pk"):
        matches.setdefault(found["key"], []).append(found)
    return matches, fields


def _compare(preview: CheckPreview, *, wanted: list, matches: dict, fields: tuple) -> None:
    """Each verdict against what it matched: a change, no change, or nothing matched."""
    kind = preview.kind
    labels = dict(CheckStatus.choices)
    for number, identifier, status, note in wanted:
        shown = identifier if kind == CREDIT else Attendee.mask(identifier)
        targets = matches.get(identifier)
        if not targets:
            preview.unmatched.append((number, shown))
            continue
        for target in targets:
            before, before_note = target[fields[0]], target[fields[1]]
            change = CheckChange(
                row=number,
                what=target["what"] if kind == CREDIT else f"{target['name']} · {target['firm']}",
                identifier=shown,
                before=labels[before],
                after=labels[status],
                note=note,
                changed=(before, before_note) != (status, note),
            )
            if change.changed:
                preview.changes.append(change)
                preview.verdicts.append((target["pk"], status, note))
            else:
                preview.unchanged.append(change)
