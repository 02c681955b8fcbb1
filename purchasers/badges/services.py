"""Every change to a badge, and the official-layout download. Pages, the API and the status
import call these; single changes are bulk changes of one."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.capabilities import check
from delegations.models import Delegation, Edition, SubDelegation

from ..models import Attendee, Registration
from . import layouts
from .models import DISTRIBUTABLE, Badge, BadgeEvent, BadgeStatus, OfficialExport, OfficialLayout
from .selectors import any_of

# Since the 5th edition a badge of an earlier edition may be opened again (复用开通).
REUSE_FROM_EDITION = 5
REUSABLE = (BadgeStatus.READY, BadgeStatus.POSTED, BadgeStatus.HANDED_OVER)


class BadgeError(Exception):
    """The badge's state forbids the change (answered 409 with this message)."""


@dataclass(frozen=True)
class BadgeChange:
    """What one attendee's badge becomes; ``None`` keeps a field as it is."""

    attendee_id: int
    status: str
    tracking_number: str | None = None
    pickup_place: str | None = None


def _check_delegations(by, attendee_ids) -> None:
    delegation_ids = set(
        Attendee.objects.filter(pk__in=any_of(attendee_ids))
        .values_list("registration__sub_delegation__delegation", flat=True)
        .distinct()
    )
    for delegation in Delegation.objects.filter(pk__in=delegation_ids).select_related(
        "office_unit"
    ):
        check(by, "badges.set_status", delegation)


FIELDS = ("status", "tracking_number", "pickup_place")


def _diff(badge: dict, change: BadgeChange) -> dict:
    wanted = {
        "status": change.status,
        "tracking_number": change.tracking_number,
        "pickup_place": change.pickup_place,
    }
    return {
        name: [badge[name], value]
        for name, value in wanted.items()
        if value is not None and badge[name] != value
    }


def _copy(table: str, columns: tuple, rows) -> None:
    """Rows into a table with PostgreSQL's COPY: a season's import is 14,000 rows, and
    COPY takes them in one stream where INSERT formats each row on the client first."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


def _insert_badges(rows: list[dict]) -> dict[int, int]:
    """Create badges; attendee id -> badge id."""
    if not rows:
        return {}
    if connection.vendor != "postgresql":
        made = Badge.objects.bulk_create([Badge(**row) for row in rows], batch_size=500)
        return {b.attendee_id: b.pk for b in made}
    columns = ("attendee_id", "status", "status_since", "tracking_number", "pickup_place", "note")
    _copy(
        Badge._meta.db_table,
        columns,
        ((*(r[c] for c in columns[:-1]), "") for r in rows),
    )
    ids = [r["attendee_id"] for r in rows]
    found = Badge.objects.filter(attendee_id__in=any_of(ids)).values_list("attendee_id", "id")
    return dict(found)


def _update_badges(rows: list[dict]) -> None:
    """Save changed badges in one statement: Django's bulk_update builds a CASE per row and
    field, which costs seconds for a season's import."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            Badge.objects.filter(pk=row["id"]).update(**{k: row[k] for k in UPDATED_FIELDS})
        return
    from psycopg2.extras import execute_values

    values = [(r["id"], *(r[k] for k in UPDATED_FIELDS)) for r in rows]
    with connection.cursor() as cursor:
        execute_values(
            cursor,
            f"UPDATE {Badge._meta.db_table} AS b SET status = v.status, "
            "status_since = v.since, tracking_number = v.tracking, pickup_place = v.pickup "
            "FROM (VALUES %s) AS v(id, status, since, tracking, pickup) WHERE b.id = v.id",
            values,
            template="(%s, %s, %s::timestamptz, %s, %s)",
            page_size=1000,
        )


def _insert_events(rows: list[tuple]) -> None:
    """(badge id, actor id, at, action, from, to, changes) rows of history."""
    if connection.vendor != "postgresql":
        BadgeEvent.objects.bulk_create(
            [
                BadgeEvent(
                    badge_id=r[0],
                    actor_id=r[1],
                    action=r[3],
                    from_status=r[4],
                    to_status=r[5],
                    changes=r[6],
                )
                for r in rows
            ]
        )
        return
    columns = ("badge_id", "actor_id", "at", "action", "from_status", "to_status", "changes")
    _copy(
        BadgeEvent._meta.db_table,
        columns,
        ((*r[:6], json.dumps(r[6], ensure_ascii=False)) for r in rows),
    )


UPDATED_FIELDS = ["status", "status_since", "tracking_number", "pickup_place"]


def badges_change(*, changes: list[BadgeChange], by, action: str) -> int:
    """Set many badges at once, all or nothing; one history entry per badge that changes.
    Returns how many changed. Refused (403) when any attendee lies outside the delegations
    ``by`` may change. Plain rows, not model instances: an import runs to 7,000 people."""
    known = set(BadgeStatus.values)
    for change in changes:
        if change.status not in known:
            raise BadgeError(_("Unknown badge status “%(status)s”.") % {"status": change.status})
    ids = [change.attendee_id for change in changes]
    if not ids:
        return 0
    _check_delegations(by, ids)
    now = timezone.now()
    with transaction.atomic():
        current = Badge.objects.select_for_update().filter(attendee_id__in=any_of(ids))
        badges = {b["attendee_id"]: b for b in current.values("id", "attendee_id", *FIELDS)}
        new, changed, entries = {}, {}, []
        for change in changes:
            badge = badges.get(change.attendee_id) or {
                "id": None,
                "attendee_id": change.attendee_id,
                "status": BadgeStatus.NOT_APPLIED.value,
                "tracking_number": "",
                "pickup_place": "",
            }
            diff = _diff(badge, change)
            if not diff:
                continue
            badge = {**badge, **{name: after for name, (_b, after) in diff.items()}}
            badge["status_since"] = now if "status" in diff else badge.get("status_since", now)
            badges[change.attendee_id] = badge
            (changed if badge["id"] else new)[change.attendee_id] = badge
            entries.append((change.attendee_id, diff))
        made = _insert_badges([{k: v for k, v in b.items() if k != "id"} for b in new.values()])
        _update_badges([b for b in changed.values()])
        _insert_events(
            [
                (
                    made.get(attendee) or badges[attendee]["id"],
                    by.pk,
                    now,
                    action,
                    diff["status"][0] if "status" in diff else badges[attendee]["status"],
                    badges[attendee]["status"],
                    {k: v for k, v in diff.items() if k != "status"},
                )
                for attendee, diff in entries
            ]
        )
    return len(entries)


def badge_set_status(
    *, attendee: Attendee, status: str, by, tracking_number: str | None = None
) -> Badge:
    """The office records one badge's status by hand (posted needs a tracking number)."""
    check(by, "badges.set_status", attendee)
    current = Badge.objects.filter(attendee_id=attendee.pk).first()
    known = current.tracking_number if current else ""
    if status == BadgeStatus.POSTED and not (tracking_number or known):
        raise BadgeError(_("A posted badge needs the courier's tracking number."))
    badges_change(
        changes=[BadgeChange(attendee.pk, status, tracking_number=tracking_number or None)],
        by=by,
        action="set",
    )
    return Badge.objects.get(attendee_id=attendee.pk)


def badges_hand_over_unit(*, delegation: Delegation, unit, by) -> int:
    """Every ready or posted badge of the unit's registrations handed over; how many."""
    check(by, "badges.hand_over", delegation)
    ids = list(
        Attendee.objects.filter(
            registration__sub_delegation__delegation=delegation,
            registration__unit=unit,
            badge__status__in=DISTRIBUTABLE,
        ).values_list("pk", flat=True)
    )
    if not ids:
        raise BadgeError(_("This unit has no badges ready or posted to hand over."))
    changes = [BadgeChange(i, BadgeStatus.HANDED_OVER) for i in ids]
    return badges_change(changes=changes, by=by, action="handed_over")


def earlier_badge(attendee: Attendee) -> Badge | None:
    """The person's issued badge of an earlier edition (same ID type and number), if the
    official rules let this edition reuse it."""
    edition = attendee.registration.edition
    if edition.number < REUSE_FROM_EDITION:
        return None
    return (
        Badge.objects.filter(
            attendee__id_type=attendee.id_type,
            attendee__id_number=attendee.id_number,
            attendee__edition__number__lt=edition.number,
            status__in=REUSABLE,
        )
        .select_related("attendee__edition")
        .order_by("-attendee__edition__number")
        .first()
    )


def badge_reuse(*, attendee: Attendee, by) -> Badge:
    """Apply for the badge by reopening the person's earlier one (旧证复用)."""
    check(by, "badges.reuse", attendee)
    earlier = earlier_badge(attendee)
    if earlier is None:
        raise BadgeError(_("This person has no badge of an earlier edition that can be reused."))
    with transaction.atomic():
        Badge.objects.get_or_create(
            attendee_id=attendee.pk, defaults={"status_since": timezone.now()}
        )
        badge = Badge.objects.select_for_update().get(attendee_id=attendee.pk)
        if badge.status != BadgeStatus.NOT_APPLIED:
            raise BadgeError(_("This badge has already been applied for."))
        badge.status, badge.status_since, badge.reuses = (
            BadgeStatus.SUBMITTED,
            timezone.now(),
            earlier,
        )
        badge.save()
        BadgeEvent.objects.create(
            badge=badge,
            actor=by,
            action="reused",
            from_status=BadgeStatus.NOT_APPLIED,
            to_status=badge.status,
            changes={"reuses": str(earlier.attendee.edition)},
        )
    return badge


def layout_save(
    *, edition: Edition, columns: list[dict], id_type_codes: dict, by
) -> OfficialLayout:
    """The national administrator declares the edition's official layout."""
    check(by, "badges.edit_layout", edition)
    problems = layouts.validate_columns(columns)
    if problems:
        raise BadgeError(" ".join(problems))
    layout, _created = OfficialLayout.objects.update_or_create(
        edition=edition,
        defaults={"columns": columns, "id_type_codes": id_type_codes, "updated_by": by},
    )
    return layout


def official_export(
    *, user, delegation: Delegation, sub_delegation: SubDelegation | None = None
) -> tuple[bytes, OfficialExport]:
    """The reported registrations and their attendees in the official batch layout, one
    row a person, with full ID numbers; the download is recorded."""
    import xlsxwriter

    check(user, "badges.export_official", sub_delegation or delegation)
    registrations = Registration.objects.filter(
        sub_delegation__delegation=delegation, status=Registration.Status.REPORTED
    )
    if sub_delegation is not None:
        registrations = registrations.filter(sub_delegation=sub_delegation)
    registrations = list(
        registrations.select_related("purchaser", "region", "sub_delegation", "unit")
        .prefetch_related("attendees")
        .order_by("sub_delegation__sort_order", "name", "pk")
    )
    layout = layouts.layout_for(delegation.edition)
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("批量导入")
    bold = workbook.add_format({"bold": True})
    for col, column in enumerate(layout.columns):
        sheet.write_string(0, col, column["header"], bold)
        sheet.set_column(col, col, max(10, 2 * len(column["header"])))
    row = 0
    for registration in registrations:
        for attendee in registration.attendees.all():
            row += 1
            for col, column in enumerate(layout.columns):
                value = layouts.FIELDS[column["field"]][1](registration, attendee)
                # Strings throughout: the official system keeps leading zeros and the final X.
                sheet.write_string(row, col, layouts.formatted(value, column["format"], layout))
    workbook.close()
    record = OfficialExport.objects.create(
        by=user,
        edition=delegation.edition,
        delegation=delegation,
        sub_delegation=sub_delegation,
        registrations=len(registrations),
        people=row,
    )
    return out.getvalue(), record
