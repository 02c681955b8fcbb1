"""Year on year: which groups of other editions are "the same" group (its *line*), and the
change on the previous edition and the accumulated total along each line.

Delegations and sub-delegations are made anew each edition. A delegation is the same one as
last edition's when it is for the same region (or has the same name, for national ones). A
sub-delegation is the same as the first sub-delegation of its lineage
(``SubDelegation.continues``), so a renamed one keeps its history; without a lineage, it is
its delegation and its name. Should a sub-delegation without a lineage take the name a
lineage started with, in the same edition, the lineage wins.

The full run reads every identity (``identities``); the refresh per change reads only those
of the few lines it touches (``identities_around``), the same rule on a bounded set of rows.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP

from django.db import connection

from delegations.models import Delegation, Edition, SubDelegation

from ..money import CENT, ZERO
from .figures import Key


def _delegation_identity(region_id, name) -> tuple:
    return ("region", region_id) if region_id else ("name", name)


def _root(pk: int, rows: dict, identity: dict, delegation_identity: dict) -> tuple:
    """The identity of the first sub-delegation of ``pk``'s lineage (rows: pk -> (delegation,
    name, continues, edition)), noted for every step on the way."""
    seen = []
    while pk not in identity and rows[pk][2] in rows and rows[pk][2] not in seen:
        seen.append(pk)
        pk = rows[pk][2]
    found = identity.get(pk) or (delegation_identity.get(rows[pk][0]), rows[pk][1])
    for step in [*seen, pk]:
        identity[step] = found
    return found


def _settle_claims(rows: dict, identity: dict) -> None:
    """Where several sub-delegations of one edition share an identity, the linked ones and
    then the oldest keep it; the other unlinked ones start a line of their own."""
    claimed = defaultdict(list)
    for pk, (_delegation, _name, continues, edition) in rows.items():
        claimed[(identity[pk], edition)].append((continues is None, pk))
    for holders in claimed.values():
        if len(holders) > 1:
            for unlinked, pk in sorted(holders)[1:]:
                if unlinked:
                    identity[pk] = ("sub_delegation", pk)


def _sub_delegation_identities(delegation_identity: dict, rows: dict) -> dict[int, tuple]:
    identity: dict[int, tuple] = {}
    for pk in rows:
        _root(pk, rows, identity, delegation_identity)
    _settle_claims(rows, identity)
    return identity


def identities() -> tuple[dict, dict]:
    """Every delegation's and sub-delegation's identity across editions (the full run)."""
    delegation_identity = {
        pk: _delegation_identity(region, name)
        for pk, region, name in Delegation.objects.values_list("pk", "region_id", "name")
    }
    rows = {
        pk: (delegation, name, continues, edition)
        for pk, delegation, name, continues, edition in SubDelegation.objects.values_list(
            "pk", "delegation_id", "name", "continues_id", "delegation__edition_id"
        )
    }
    return delegation_identity, _sub_delegation_identities(delegation_identity, rows)


# A sub-delegation's row with its delegation's identity columns.
_SUB_COLUMNS = "s.id, s.delegation_id, s.name, s.continues_id, d.edition_id, d.region_id, d.name"

# The given sub-delegations and every one they continue, back to the start of each lineage.
_LINEAGES_BACK = """
    WITH RECURSIVE back(id, continues_id) AS (
        SELECT id, continues_id FROM {sub} WHERE id IN ({given})
        UNION
        SELECT s.id, s.continues_id FROM {sub} s JOIN back b ON s.id = b.continues_id
    )
    SELECT {columns} FROM back JOIN {sub} s ON s.id = back.id
    JOIN {delegation} d ON d.id = s.delegation_id
"""

# Every sub-delegation of the lineages started by the given ones, or by an unlinked one of
# the given names in the given delegations.
_LINEAGES_FORWARD = """
    WITH RECURSIVE forward(id) AS (
        SELECT id FROM {sub} WHERE id IN ({given})
            OR (continues_id IS NULL AND name IN ({names}) AND delegation_id IN ({delegations}))
        UNION
        SELECT s.id FROM {sub} s JOIN forward f ON s.continues_id = f.id
    )
    SELECT {columns} FROM forward JOIN {sub} s ON s.id = forward.id
    JOIN {delegation} d ON d.id = s.delegation_id
"""


def _sub_rows(template: str, given: list[int], names=(), delegations=()) -> list[tuple]:
    if not given:
        return []
    sql = template.format(
        sub=SubDelegation._meta.db_table,
        delegation=Delegation._meta.db_table,
        columns=_SUB_COLUMNS,
        given=", ".join(["%s"] * len(given)),
        names=", ".join(["%s"] * len(names)),
        delegations=", ".join(["%s"] * len(delegations)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*given, *names, *delegations])
        return cursor.fetchall()


def _wanted_delegations(delegation_ids, known: dict) -> set[tuple]:
    """The identities of the given delegations, read only for those not already known."""
    missing = [pk for pk in delegation_ids if pk not in known]
    found = Delegation.objects.filter(pk__in=missing).values_list("region_id", "name")
    return {known[pk] for pk in delegation_ids if pk in known} | {
        _delegation_identity(*values) for values in (found if missing else ())
    }


def _same_delegations(identities_wanted: set[tuple]) -> dict[int, tuple]:
    """Every delegation, at any edition, with one of the given identities."""
    regions = [value for kind, value in identities_wanted if kind == "region"]
    names = [value for kind, value in identities_wanted if kind == "name"]
    found = Delegation.objects.filter(region_id__in=regions) | Delegation.objects.filter(
        region__isnull=True, name__in=names
    )
    return {
        pk: _delegation_identity(region, name)
        for pk, region, name in found.values_list("pk", "region_id", "name")
    }


def identities_around(delegation_ids, sub_delegation_ids) -> tuple[dict, dict] | None:
    """The identities of the given delegations and sub-delegations and of every one sharing
    them at another edition, by the rule of ``identities`` read on those rows only (a few
    per edition). None for a lineage that loops (the full reading settles it then)."""
    rows, delegation_identity = {}, {}

    def keep(found) -> None:
        for pk, delegation, name, continues, edition, region, delegation_name in found:
            rows[pk] = (delegation, name, continues, edition)
            delegation_identity[delegation] = _delegation_identity(region, delegation_name)

    keep(_sub_rows(_LINEAGES_BACK, sorted(sub_delegation_ids)))
    starts: dict[int, tuple] = {}
    for pk in sub_delegation_ids:
        if pk not in rows:  # deleted since: no line, as in the full reading
            continue
        seen = {pk}
        while rows[pk][2] is not None:
            pk = rows[pk][2]
            if pk in seen:
                return None
            seen.add(pk)
        starts[pk] = (delegation_identity[rows[pk][0]], rows[pk][1])
    wanted = _wanted_delegations(delegation_ids, delegation_identity)
    same = _same_delegations(wanted | {start[0] for start in starts.values()})
    # Every lineage start with one of the starts' identities (an unlinked sub-delegation of
    # the same name in a delegation with the same identity), and what continues them.
    names = sorted({start[1] for start in starts.values()})
    if starts:
        keep(_sub_rows(_LINEAGES_FORWARD, sorted(starts), names, sorted(same)))
    delegation_identity.update(same)
    identity = {pk: _root(pk, rows, {}, delegation_identity) for pk in rows}
    _settle_claims(rows, identity)
    return delegation_identity, identity


def line(key: Key, delegation_identity: dict, sub_identity: dict) -> tuple:
    level, _edition, delegation, sub, zone, country, ownership, kind, continent = key
    return (
        level,
        delegation_identity.get(delegation) if delegation else None,
        sub_identity.get(sub) if sub else None,
        zone,
        country,
        ownership,
        kind,
        continent,
    )


def link_editions(figures: dict[Key, dict], lines: dict[Key, tuple]) -> None:
    """Fill in the change on the previous edition and the accumulated total of each line
    (the same group over the editions)."""
    numbers = dict(Edition.objects.values_list("pk", "number"))
    ordered = sorted(numbers.values())
    previous_number = {n: (ordered[i - 1] if i else None) for i, n in enumerate(ordered)}
    groups: dict[tuple, dict[int, Key]] = defaultdict(dict)
    for key in figures:
        groups[lines[key]][numbers[key[1]]] = key
    for by_number in groups.values():
        accumulated = ZERO
        for number in sorted(by_number):
            row = figures[by_number[number]]
            accumulated += row["total_usd"]
            row["accumulated_usd"] = accumulated
            before = by_number.get(previous_number[number])
            previous = figures[before]["total_usd"] if before else None
            row["previous_total_usd"] = previous
            row["change_usd"] = None if previous is None else row["total_usd"] - previous
            row["change_percent"] = (
                (100 * (row["total_usd"] - previous) / previous).quantize(CENT, ROUND_HALF_UP)
                if previous
                else None
            )
