"""The full roll-up on PostgreSQL, in SQL end to end (``deals.rollups.services.rollup_recompute``).

Four statements do the work, and Python sees only the differences:

1. the deals are read once and totalled per purchaser, zone and exhibitor country (the
   *parts*); a full join with the stored parts keeps only those that differ
   (``rollup_part_changes``, empty on a night when nothing changed);
2. the stored parts are brought in line from it (a delete and an insert of the changed ones);
3. every row, year on year included, is computed from the stored parts (``GROUPING SETS``:
   each purchaser's share of each group, then every level from the shares, then each line
   over the editions with window functions), and a full join with the stored rows keeps
   only those that differ (``rollup_row_changes``);
4. the stored rows are brought in line from it.

Nothing is rewritten that did not change, so the nightly run that finds nothing writes
nothing. Money is added up in cents as bigint: exact (amounts have two decimals), and
cheaper than numeric sums.
"""

from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.db import connection

from ..countries.continents import continent_table
from ..models import Deal
from .figures import PART_FIELDS, Level
from .models import RollupPart

PART_KEY = ("registration_id", "zone_id", "country")

# GROUPING(zone_id, country, ownership_id, kind, continent) of each grouping set: the bit
# of each column left out is set (zone 16, country 8, ownership 4, kind 2, continent 1).
WHOLE, BY_ZONE, BY_COUNTRY, BY_OWNERSHIP, BY_KIND, BY_CONTINENT = 31, 15, 23, 27, 29, 30
# (that grouping, GROUPING of delegation and sub-delegation) -> level
SQL_LEVELS = {
    (WHOLE, 3): Level.EDITION,
    (BY_ZONE, 3): Level.EDITION_ZONE,
    (BY_COUNTRY, 3): Level.EDITION_COUNTRY,
    (BY_OWNERSHIP, 3): Level.EDITION_OWNERSHIP,
    (BY_KIND, 3): Level.EDITION_KIND,
    (BY_CONTINENT, 3): Level.EDITION_CONTINENT,
    (WHOLE, 1): Level.DELEGATION,
    (BY_ZONE, 1): Level.DELEGATION_ZONE,
    (BY_COUNTRY, 1): Level.DELEGATION_COUNTRY,
    (BY_OWNERSHIP, 1): Level.DELEGATION_OWNERSHIP,
    (BY_KIND, 1): Level.DELEGATION_KIND,
    (BY_CONTINENT, 1): Level.DELEGATION_CONTINENT,
    (WHOLE, 0): Level.SUB_DELEGATION,
    (BY_ZONE, 0): Level.SUB_DELEGATION_ZONE,
    (BY_OWNERSHIP, 0): Level.SUB_DELEGATION_OWNERSHIP,
    (BY_KIND, 0): Level.SUB_DELEGATION_KIND,
    (BY_CONTINENT, 0): Level.SUB_DELEGATION_CONTINENT,
}
# GROUPING(zone_id, country) of a purchaser's shares: its whole, per zone, per country.
SHARE_WHOLE, SHARE_BY_ZONE, SHARE_BY_COUNTRY = 3, 1, 2
_SUB_FIGURES = (
    "SUM(deals) AS deals, COUNT(*) AS purchasers, SUM(total)::bigint AS total_usd,"
    " COUNT(*) FILTER (WHERE total > %(large_cents)s) AS purchasers_over_100m,"
    " MIN(signed) AS first_signed_on, MIN(recorded) AS first_recorded_at"
)
_LEVEL_NAMES = " ".join(
    f"WHEN g = {g} AND lg = {lg} THEN '{level}'" for (g, lg), level in SQL_LEVELS.items()
)

# The parts as the deals make them, one row per purchaser, zone and exhibitor country.
_FRESH_PARTS_SQL = """
    SELECT a.registration_id, r.edition_id, s.delegation_id, r.sub_delegation_id,
           a.zone_id, a.country, r.ownership_id, r.kind, a.deals, a.total_usd,
           a.first_signed_on, a.first_recorded_at
    FROM (
        SELECT d.registration_id, d.zone_id, d.exhibitor_country AS country,
               COUNT(*) AS deals,
               (SUM((d.amount_usd * 100)::bigint) / 100)::numeric(20, 2) AS total_usd,
               MIN(d.signed_on) AS first_signed_on, MIN(d.created_at) AS first_recorded_at
        FROM deals_deal d
        WHERE d.status <> %(cancelled)s {deals_scope}
        GROUP BY d.registration_id, d.zone_id, d.exhibitor_country
    ) a
    JOIN purchasers_registration r ON r.id = a.registration_id
    JOIN delegations_subdelegation s ON s.id = r.sub_delegation_id
"""

_PART_CHANGES_SQL = """
    CREATE TEMPORARY TABLE rollup_part_changes AS
    SELECT p.id AS stored_id, {fresh_columns}
    FROM ({fresh_parts}) f
    FULL JOIN (SELECT * FROM deals_rolluppart WHERE TRUE {parts_scope}) p
        ON {same_key}
    WHERE p.id IS NULL OR f.registration_id IS NULL OR ({stored}) IS DISTINCT FROM ({fresh})
"""


def _part_changes_sql() -> str:
    values = [c for c in PART_FIELDS if c not in PART_KEY]
    return _PART_CHANGES_SQL.format(
        fresh_columns=", ".join(f"f.{c}" for c in PART_FIELDS),
        fresh_parts=_FRESH_PARTS_SQL,
        same_key=" AND ".join(f"p.{c} = f.{c}" for c in PART_KEY),
        stored=", ".join(f"p.{c}" for c in values),
        fresh=", ".join(f"f.{c}" for c in values),
        deals_scope="{deals_scope}",
        parts_scope="{parts_scope}",
    )


@contextmanager
def _secondary_indexes_rebuilt():
    """The parts' secondary indexes (``RollupPart.Meta.indexes``) dropped while the empty
    table is filled, and built again from the rows once they are all there.

    At national scale (356,000 parts from 1,000,000 deals) the first full run took 4.6 s
    of database CPU to write the parts with both indexes kept up row by row, 3.1 s with
    them built afterwards from the sorted rows. Inside the run's transaction: a failed run
    keeps the indexes, and the runs' lock (``services._lock``) keeps refreshes out
    meanwhile; no page reads the parts.
    """
    indexes = RollupPart._meta.indexes
    with connection.schema_editor(atomic=False) as editor:
        for index in indexes:
            editor.remove_index(RollupPart, index)
    yield
    with connection.schema_editor(atomic=False) as editor:
        for index in indexes:
            editor.add_index(RollupPart, index)


def sync_parts(cursor, edition_ids: list[int] | None) -> int:
    """Bring the stored parts of the editions (all when None) in line with the deals;
    return how many were removed or added."""
    deals_scope = parts_scope = ""
    if edition_ids is not None:
        deals_scope = (
            " AND d.registration_id IN (SELECT id FROM purchasers_registration"
            " WHERE edition_id = ANY(%(editions)s))"
        )
        parts_scope = " AND edition_id = ANY(%(editions)s)"
    params = {"cancelled": Deal.Status.CANCELLED, "editions": list(edition_ids or [])}
    columns = ", ".join(PART_FIELDS)
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM deals_rolluppart WHERE TRUE {parts_scope})", params
    )
    if not cursor.fetchone()[0]:
        # None stored yet (the first run, or the editions' first deals): written as they
        # come, with nothing to compare them with.
        insert = f"INSERT INTO deals_rolluppart ({columns}) " + _FRESH_PARTS_SQL.format(
            deals_scope=deals_scope
        )
        with _secondary_indexes_rebuilt() if edition_ids is None else nullcontext():
            cursor.execute(insert, params)
        return cursor.rowcount
    cursor.execute("DROP TABLE IF EXISTS rollup_part_changes")
    cursor.execute(
        _part_changes_sql().format(deals_scope=deals_scope, parts_scope=parts_scope), params
    )
    if not cursor.rowcount:
        return 0
    cursor.execute(
        "DELETE FROM deals_rolluppart WHERE id IN "
        "(SELECT stored_id FROM rollup_part_changes WHERE stored_id IS NOT NULL)"
    )
    corrected = cursor.rowcount
    cursor.execute(
        f"INSERT INTO deals_rolluppart ({columns}) SELECT {columns} FROM rollup_part_changes"
        " WHERE registration_id IS NOT NULL"
    )
    return corrected + cursor.rowcount


# Every row as it should be, year on year included: the levels of the editions recomputed
# (from their stored parts, just brought in line), the stored base figures of the others,
# each line (the same group over the editions: the same region's delegation, or name for
# national ones; the sub-delegation of the same lineage) linked with window functions, as
# ``deals.rollups.lines.link_editions`` does for a few lines. Then only what differs from the
# stored rows.
_ROW_CHANGES_SQL = """
    CREATE TEMPORARY TABLE rollup_row_changes AS
    WITH parts AS (
        SELECT * FROM deals_rolluppart WHERE {parts_scope}
    ), shares AS (
        -- Each purchaser's share of each group it is in: its whole (its ownership and type
        -- are its own, one each), and per zone and per country.
        SELECT registration_id, edition_id, delegation_id, sub_delegation_id, zone_id, country,
               ownership_id, kind, GROUPING(zone_id, country) AS g,
               SUM(deals) AS deals, SUM((total_usd * 100)::bigint)::bigint AS total,
               MIN(first_signed_on) AS signed, MIN(first_recorded_at) AS recorded
        FROM parts
        GROUP BY registration_id, edition_id, delegation_id, sub_delegation_id,
                 GROUPING SETS ((ownership_id, kind), (zone_id), (country))
    ), continent_shares AS (
        -- Per continent, from its shares per country (the list of countries says which
        -- continent; none: outside it).
        SELECT s.edition_id, s.delegation_id, s.sub_delegation_id,
               COALESCE(c.continent, '') AS continent, SUM(s.deals) AS deals,
               SUM(s.total)::bigint AS total, MIN(s.signed) AS signed,
               MIN(s.recorded) AS recorded
        FROM shares s LEFT JOIN rollup_continents c ON c.country = s.country
        WHERE s.g = {share_by_country}
        GROUP BY s.registration_id, s.edition_id, s.delegation_id, s.sub_delegation_id,
                 COALESCE(c.continent, '')
    ), by_sub AS (
        -- The groups of each sub-delegation, one purchaser per share: by zone and country,
        -- by continent, and as a whole, by ownership and by type (GROUPING codes as
        -- ``SQL_LEVELS`` reads them).
        SELECT CASE g WHEN {share_by_zone} THEN {by_zone} ELSE {by_country} END AS g,
               edition_id, delegation_id, sub_delegation_id, zone_id, country,
               NULL::bigint AS ownership_id, NULL::varchar AS kind, NULL::text AS continent,
               {sub_figures}
        FROM shares WHERE g <> {share_whole}
        GROUP BY g, edition_id, delegation_id, sub_delegation_id, zone_id, country
        UNION ALL
        SELECT {by_continent}, edition_id, delegation_id, sub_delegation_id, NULL, NULL, NULL,
               NULL, continent, {sub_figures}
        FROM continent_shares
        GROUP BY edition_id, delegation_id, sub_delegation_id, continent
        UNION ALL
        SELECT {by_ownership} + 2 * (GROUPING(ownership_id, kind) - 1), edition_id,
               delegation_id, sub_delegation_id, NULL, NULL, ownership_id, kind, NULL,
               {sub_figures}
        FROM shares WHERE g = {share_whole}
        GROUP BY edition_id, delegation_id, sub_delegation_id,
                 GROUPING SETS ((), (ownership_id), (kind))
    ), levels AS (
        -- A purchaser belongs to one sub-delegation: its counts add up to the levels above.
        SELECT g, GROUPING(delegation_id, sub_delegation_id) AS lg, edition_id, delegation_id,
               sub_delegation_id, zone_id, COALESCE(country, '') AS country, ownership_id,
               COALESCE(kind, '') AS kind, COALESCE(continent, '') AS continent,
               SUM(deals) AS deals, SUM(purchasers) AS purchasers,
               (SUM(total_usd) / 100)::numeric(22, 2) AS total_usd,
               SUM(purchasers_over_100m) AS purchasers_over_100m,
               MIN(first_signed_on) AS first_signed_on,
               MIN(first_recorded_at) AS first_recorded_at
        FROM by_sub
        GROUP BY g, edition_id, zone_id, country, ownership_id, kind, continent,
                 ROLLUP (delegation_id, sub_delegation_id)
        HAVING NOT (g = {by_country} AND GROUPING(sub_delegation_id) = 0)
    ), base AS (
        SELECT CASE {level_names} END AS level, edition_id, delegation_id, sub_delegation_id,
               zone_id, country, ownership_id, kind, continent, deals, purchasers, total_usd,
               purchasers_over_100m, first_signed_on, first_recorded_at
        FROM levels
        UNION ALL
        SELECT level, edition_id, delegation_id, sub_delegation_id, zone_id, country,
               ownership_id, kind, continent, deals, purchasers, total_usd,
               purchasers_over_100m, first_signed_on, first_recorded_at
        FROM deals_rolluprow WHERE {kept}
    ), editions AS (
        SELECT id, number, LAG(number) OVER (ORDER BY number) AS previous_number
        FROM delegations_edition
    ), linked AS (
        SELECT b.*,
               CASE WHEN LAG(e.number) OVER w = e.previous_number
                    THEN LAG(b.total_usd) OVER w END AS previous_total_usd,
               SUM(b.total_usd) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                   AS accumulated_usd
        FROM base b
        JOIN editions e ON e.id = b.edition_id
        LEFT JOIN delegations_delegation dl ON dl.id = b.delegation_id
        LEFT JOIN rollup_sub_lines sl ON sl.id = b.sub_delegation_id
        WINDOW w AS (
            PARTITION BY b.level, dl.region_id,
                         CASE WHEN dl.region_id IS NULL THEN dl.name END, sl.line,
                         b.zone_id, b.country, b.ownership_id, b.kind, b.continent
            ORDER BY e.number
        )
    ), fresh AS (
        SELECT level, edition_id, delegation_id, sub_delegation_id, zone_id, country,
               ownership_id, kind, continent, deals, purchasers, total_usd,
               purchasers_over_100m, first_signed_on, first_recorded_at,
               previous_total_usd, total_usd - previous_total_usd AS change_usd,
               CASE WHEN previous_total_usd <> 0
                    THEN ROUND(100 * (total_usd - previous_total_usd) / previous_total_usd, 2)
               END AS change_percent,
               accumulated_usd
        FROM linked
    )
    SELECT r.id AS stored_id, {fresh_columns}, {stored_columns}
    FROM fresh f FULL JOIN deals_rolluprow r ON {same_row}
    WHERE f.level IS NULL OR r.id IS NULL OR ({stored_values}) IS DISTINCT FROM ({fresh_values})
"""


def _row_changes_sql(*, columns, fields, parts_scope: str, kept: str) -> str:
    return _ROW_CHANGES_SQL.format(
        parts_scope=parts_scope,
        kept=kept,
        sub_figures=_SUB_FIGURES,
        share_whole=SHARE_WHOLE,
        share_by_zone=SHARE_BY_ZONE,
        share_by_country=SHARE_BY_COUNTRY,
        by_zone=BY_ZONE,
        by_continent=BY_CONTINENT,
        by_ownership=BY_OWNERSHIP,
        level_names=_LEVEL_NAMES,
        by_country=BY_COUNTRY,
        fresh_columns=", ".join(f"f.{c} AS f_{c}" for c in columns),
        stored_columns=", ".join(f"r.{c} AS r_{c}" for c in columns),
        same_row=(
            "r.level = f.level AND r.edition_id = f.edition_id"
            " AND COALESCE(r.delegation_id, 0) = COALESCE(f.delegation_id, 0)"
            " AND COALESCE(r.sub_delegation_id, 0) = COALESCE(f.sub_delegation_id, 0)"
            " AND COALESCE(r.zone_id, 0) = COALESCE(f.zone_id, 0) AND r.country = f.country"
            " AND COALESCE(r.ownership_id, 0) = COALESCE(f.ownership_id, 0)"
            " AND r.kind = f.kind AND r.continent = f.continent"
        ),
        stored_values=", ".join(f"r.{name}" for name in fields),
        fresh_values=", ".join(f"f.{name}" for name in fields),
    )


def _sub_lines(cursor, sub_identity: dict) -> None:
    """Sub-delegations' identities across editions (one rule for both paths, from
    ``deals.rollups.lines``), as one text per sub-delegation."""
    cursor.execute("DROP TABLE IF EXISTS rollup_sub_lines")
    cursor.execute("CREATE TEMPORARY TABLE rollup_sub_lines (id bigint PRIMARY KEY, line text)")
    cursor.execute(
        "INSERT INTO rollup_sub_lines SELECT unnest(%s::bigint[]), unnest(%s::text[])",
        [list(sub_identity), [repr(identity) for identity in sub_identity.values()]],
    )
    # Its size known, the planner joins it by hash rather than one lookup per row.
    cursor.execute("ANALYZE rollup_sub_lines")


def _continents(cursor) -> None:
    """The list's countries with their continents (``deals.countries.continents``), the
    one rule of both paths, as a table the run joins."""
    table = continent_table()
    cursor.execute("DROP TABLE IF EXISTS rollup_continents")
    cursor.execute(
        "CREATE TEMPORARY TABLE rollup_continents (country text PRIMARY KEY, continent text)"
    )
    cursor.execute(
        "INSERT INTO rollup_continents SELECT unnest(%s::text[]), unnest(%s::text[])",
        [list(table), list(table.values())],
    )
    cursor.execute("ANALYZE rollup_continents")


def recompute(
    edition_ids: list[int] | None,
    *,
    key_columns: tuple,
    fields: tuple,
    sub_identity: dict,
    large,
    started,
    max_differences: int,
) -> dict:
    """The full run of the editions (all when None). Returns the counts written and the
    first ``max_differences`` differences as (fresh row, stored row) tuples, either side
    None for a row created or removed."""
    columns = key_columns + fields
    with connection.cursor() as cursor:
        # Room for the grouping's hash tables in memory (the default 4 MB spills to disk
        # at national scale); for this transaction only.
        cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.ROLLUP_WORK_MEM])
        # Compiling these large plans (JIT, on above a cost) takes longer than running them.
        cursor.execute("SELECT set_config('jit', 'off', true)")
        # Fresh and stored parts and rows are compared in hash joins: sorting both sides on
        # their keys for a merge join costs more than the comparison.
        cursor.execute("SELECT set_config('enable_mergejoin', 'off', true)")
        parts_corrected = sync_parts(cursor, edition_ids)
        _sub_lines(cursor, sub_identity)
        _continents(cursor)
        parts_scope = "TRUE" if edition_ids is None else "edition_id = ANY(%(editions)s)"
        kept = "FALSE" if edition_ids is None else "NOT (edition_id = ANY(%(editions)s))"
        cursor.execute("DROP TABLE IF EXISTS rollup_row_changes")
        cursor.execute(
            _row_changes_sql(columns=columns, fields=fields, parts_scope=parts_scope, kept=kept),
            {"large_cents": int(large * 100), "editions": list(edition_ids or [])},
        )
        cursor.execute("SELECT set_config('enable_mergejoin', 'on', true)")
        written = {"created": 0, "updated": 0, "deleted": 0, "parts_corrected": parts_corrected}
        differences = []
        if cursor.rowcount:
            cursor.execute(
                f"SELECT {', '.join('f_' + c for c in columns)},"
                f" {', '.join('r_' + c for c in columns)}"
                " FROM rollup_row_changes LIMIT %s",
                [max_differences],
            )
            width = len(columns)
            for row in cursor.fetchall():
                fresh, stored = row[:width], row[width:]
                differences.append(
                    (None if fresh[0] is None else fresh, None if stored[0] is None else stored)
                )
            written.update(_apply_row_changes(cursor, columns, fields, started))
        cursor.execute(
            "DROP TABLE IF EXISTS rollup_row_changes, rollup_part_changes, rollup_sub_lines,"
            " rollup_continents"
        )
    return {**written, "differences": differences}


def _apply_row_changes(cursor, columns, fields, started) -> dict:
    cursor.execute(
        "DELETE FROM deals_rolluprow WHERE id IN "
        "(SELECT stored_id FROM rollup_row_changes WHERE f_level IS NULL)"
    )
    deleted = cursor.rowcount
    cursor.execute(
        f"""UPDATE deals_rolluprow r
            SET {", ".join(f"{name} = c.f_{name}" for name in fields)}, refreshed_at = %s
            FROM rollup_row_changes c
            WHERE r.id = c.stored_id AND c.f_level IS NOT NULL""",
        [started],
    )
    updated = cursor.rowcount
    cursor.execute(
        f"""INSERT INTO deals_rolluprow ({", ".join(columns)}, refreshed_at)
            SELECT {", ".join("f_" + c for c in columns)}, %s
            FROM rollup_row_changes WHERE stored_id IS NULL""",
        [started],
    )
    return {"created": cursor.rowcount, "updated": updated, "deleted": deleted}


_CASTS = {
    "deals": "integer",
    "purchasers": "integer",
    "total_usd": "numeric",
    "purchasers_over_100m": "integer",
    "first_signed_on": "date",
    "first_recorded_at": "timestamptz",
    "previous_total_usd": "numeric",
    "change_usd": "numeric",
    "change_percent": "numeric",
    "accumulated_usd": "numeric",
}


def update_rows(updates: list[tuple[int, dict]], fields: tuple, started) -> None:
    """Rows (pk, figures) written in one ``UPDATE ... FROM (VALUES ...)`` a thousand at a
    time: the refresh per change writes a few dozen, which ``bulk_update``'s CASE
    expressions take longer to build than the database takes to write."""
    row = "(%s::bigint, " + ", ".join(f"%s::{_CASTS[name]}" for name in fields) + ")"
    assignments = ", ".join(f"{name} = v.{name}" for name in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(updates), 1000):
            batch = updates[start : start + 1000]
            cursor.execute(
                f"""UPDATE deals_rolluprow r SET {assignments}, refreshed_at = %s
                    FROM (VALUES {", ".join([row] * len(batch))})
                         AS v(id, {", ".join(fields)})
                    WHERE r.id = v.id""",
                [started]
                + [value for pk, values in batch for value in (pk, *(values[f] for f in fields))],
            )
