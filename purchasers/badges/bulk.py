"""How ``badges_change`` writes: the badges that differ from what is asked, changed or
created, one history entry each, all inside the caller's transaction.

A season's status import is 7,000 people. On PostgreSQL the whole of it is one statement:
the current badges locked, compared with what is asked, the differing ones created or
changed and their history entries written, from four arrays sent as four parameters.
Elsewhere (SQLite, the development default) the same rule runs in Python over locked rows
and writes in bulk. The tests run on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection

from delegations.audit.services import entry, record_many

from .models import Badge, BadgeEvent, BadgeStatus
from .selectors import any_of, array_literal

NOT_APPLIED = BadgeStatus.NOT_APPLIED.value


class BadgeChange(NamedTuple):
    """What one attendee's badge becomes; ``None`` keeps a field as it is."""

    attendee_id: int
    status: str
    tracking_number: str | None = None
    pickup_place: str | None = None


def collapsed(changes: list[BadgeChange]) -> list[BadgeChange]:
    """One change per attendee: a later change of the same person wins field by field, as
    if they had been made one after the other (one history entry then covers both)."""
    if len({c.attendee_id for c in changes}) == len(changes):
        return changes
    merged: dict[int, BadgeChange] = {}
    for change in changes:
        earlier = merged.get(change.attendee_id)
        if earlier is not None:
            change = BadgeChange(
                change.attendee_id,
                change.status,
                earlier.tracking_number
                if change.tracking_number is None
                else change.tracking_number,
                earlier.pickup_place if change.pickup_place is None else change.pickup_place,
            )
        merged[change.attendee_id] = change
    return list(merged.values())


# ``w``: what is asked; ``cur``: the badges there are, locked; ``d``: both side by side,
# only where something differs; then the badges created and those changed, each returning
# what its history entry needs (so that no join, whose size the planner cannot guess, is
# left), and one entry for each, its ``changes`` holding the fields besides the status as
# [before, after] (a constant empty object when only the status changes, most rows of a
# status file: building and stripping one was a sixth of the statement). Badges are found
# by index (``= ANY``): the table holds every edition.
_SQL = """
WITH w AS (
    SELECT * FROM unnest(%(attendee)s::bigint[], %(status)s::text[], %(tracking)s::text[],
                         %(pickup)s::text[]) AS w(attendee_id, status, tracking, pickup)
), cur AS (
    SELECT id, attendee_id, status, tracking_number, pickup_place FROM {badge}
    WHERE attendee_id = ANY(%(attendee)s::bigint[]) FOR UPDATE
), d AS (
    SELECT * FROM (
        SELECT w.attendee_id, cur.id AS badge_id,
               coalesce(cur.status, %(not_applied)s) AS status_before, w.status,
               coalesce(cur.tracking_number, '') AS tracking_before,
               coalesce(w.tracking, cur.tracking_number, '') AS tracking,
               coalesce(cur.pickup_place, '') AS pickup_before,
               coalesce(w.pickup, cur.pickup_place, '') AS pickup
        FROM w LEFT JOIN cur USING (attendee_id)
    ) AS side_by_side
    WHERE status <> status_before OR tracking <> tracking_before OR pickup <> pickup_before
), made AS (
    INSERT INTO {badge} (attendee_id, status, status_since, tracking_number, pickup_place, note)
    SELECT attendee_id, status, %(now)s, tracking, pickup, '' FROM d WHERE badge_id IS NULL
    RETURNING id, %(not_applied)s AS status_before, status, '' AS tracking_before,
              tracking_number AS tracking, '' AS pickup_before, pickup_place AS pickup
), saved AS (
    UPDATE {badge} AS b
    SET status = d.status,
        status_since = CASE WHEN d.status <> d.status_before THEN %(now)s
                            ELSE b.status_since END,
        tracking_number = d.tracking, pickup_place = d.pickup
    FROM d
    WHERE b.id = d.badge_id AND b.id = ANY(ARRAY(SELECT badge_id FROM d WHERE badge_id IS NOT NULL))
    RETURNING b.id, d.status_before, d.status, d.tracking_before, d.tracking,
              d.pickup_before, d.pickup
)
INSERT INTO {event} (badge_id, actor_id, at, kind, reason, from_status, to_status, changes)
SELECT id, %(actor)s, %(now)s, %(kind)s, '', status_before, status,
       CASE WHEN tracking = tracking_before AND pickup = pickup_before THEN '{{}}'::jsonb
            ELSE jsonb_strip_nulls(jsonb_build_object(
                'tracking_number', CASE WHEN tracking <> tracking_before
                                        THEN jsonb_build_array(tracking_before, tracking) END,
                'pickup_place', CASE WHEN pickup <> pickup_before
                                     THEN jsonb_build_array(pickup_before, pickup) END))
       END
FROM (SELECT * FROM made UNION ALL SELECT * FROM saved) AS written
"""


def apply_postgresql(changes: list[BadgeChange], *, by, now, kind: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            _SQL.format(badge=Badge._meta.db_table, event=BadgeEvent._meta.db_table),
            {
                "attendee": array_literal([c.attendee_id for c in changes]),
                "status": array_literal([c.status for c in changes]),
                "tracking": array_literal([c.tracking_number for c in changes]),
                "pickup": array_literal([c.pickup_place for c in changes]),
                "not_applied": NOT_APPLIED,
                "now": now,
                "actor": by.pk,
                "kind": kind,
            },
        )
        return cursor.rowcount


@dataclass(slots=True)
class _Write:
    badge_id: int | None  # None: the badge is created
    change: BadgeChange  # with every field given
    status_before: str
    changes: dict  # the fields besides the status, as [before, after]


def apply_orm(changes: list[BadgeChange], *, by, now, kind: str) -> int:
    ids = [c.attendee_id for c in changes]
    current = Badge.objects.select_for_update().filter(attendee_id__in=any_of(ids))
    badges = {
        b[1]: b
        for b in current.values_list(
            "id", "attendee_id", "status", "tracking_number", "pickup_place"
        )
    }
    writes = [w for w in (_write_for(change, badges) for change in changes) if w is not None]
    made_ids = _store_writes(writes, now=now)
    record_many(
        [
            entry(
                BadgeEvent,
                badge_id=w.badge_id or made_ids[w.change.attendee_id],
                by=by,
                kind=kind,
                from_status=w.status_before,
                to_status=w.change.status,
                changes=w.changes,
            )
            for w in writes
        ],
        batch_size=500,
    )
    return len(writes)


def _write_for(change: BadgeChange, badges: dict) -> _Write | None:
    """What the change makes of the attendee's badge (none yet: not applied), or None when
    it changes nothing."""
    badge_id, _attendee, status, tracking, pickup = badges.get(
        change.attendee_id, (None, None, NOT_APPLIED, "", "")
    )
    after = BadgeChange(
        change.attendee_id,
        change.status,
        tracking if change.tracking_number is None else change.tracking_number,
        pickup if change.pickup_place is None else change.pickup_place,
    )
    others = {
        name: [before, value]
        for name, before, value in (
            ("tracking_number", tracking, after.tracking_number),
            ("pickup_place", pickup, after.pickup_place),
        )
        if before != value
    }
    if others or status != after.status:
        return _Write(badge_id, after, status, others)
    return None


def _store_writes(writes: list[_Write], *, now) -> dict[int, int]:
    """Create the missing badges in one statement, update the others; the new badges' ids
    by attendee."""
    made = Badge.objects.bulk_create(
        [
            Badge(
                attendee_id=w.change.attendee_id,
                status=w.change.status,
                status_since=now,
                tracking_number=w.change.tracking_number,
                pickup_place=w.change.pickup_place,
            )
            for w in writes
            if w.badge_id is None
        ],
        batch_size=500,
    )
    for w in writes:
        if w.badge_id is not None:
            fields = {
                "status": w.change.status,
                "tracking_number": w.change.tracking_number,
                "pickup_place": w.change.pickup_place,
            }
            if w.change.status != w.status_before:
                fields["status_since"] = now
            Badge.objects.filter(pk=w.badge_id).update(**fields)
    return {b.attendee_id: b.pk for b in made}
