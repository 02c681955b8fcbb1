"""The refresh per change: a purchaser whose deals changed has its parts recomputed from its
own deals, and the difference is added to each group it belongs to (deals, total,
purchasers, those above 100 million USD, first dates); then the year-on-year line of each
group touched is linked again. Nothing here reads another purchaser's deals, nor every
delegation or sub-delegation: its cost follows the purchasers changed, not the data."""

from collections import defaultdict

from django.db import connection
from django.db.models import Min, Q

from delegations.models import Edition

from ..countries import continents
from ..models import Deal
from ..money import ZERO
from . import lines, store
from .figures import (
    FIELDS,
    KEY_COLUMNS,
    KEY_WIDTH,
    LARGE_PURCHASER_USD,
    LEVEL_GROUPS,
    Key,
    RollupReport,
    money,
    parts_from_deals,
    purchaser_shares,
    stored_parts,
)
from .models import RollupDirty, RollupDirtyRegistration, RollupPart, RollupRow

NO_FIGURES = {
    "deals": 0,
    "purchasers": 0,
    "total_usd": ZERO,
    "purchasers_over_100m": 0,
    "first_signed_on": None,
    "first_recorded_at": None,
}


def take_marks() -> tuple[list[int], list[int]]:
    """Delete and return the marks (editions, registrations). A change still committing
    holds its mark's row: the delete waits for it, so its deals are read below."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM deals_rollupdirty RETURNING edition_id")
            editions = [row[0] for row in cursor.fetchall()]
            cursor.execute("DELETE FROM deals_rollupdirtyregistration RETURNING registration_id")
            registrations = [row[0] for row in cursor.fetchall()]
    else:
        editions = list(RollupDirty.objects.values_list("edition_id", flat=True))
        RollupDirty.objects.filter(edition_id__in=editions).delete()
        registrations = list(
            RollupDirtyRegistration.objects.values_list("registration_id", flat=True)
        )
        RollupDirtyRegistration.objects.filter(registration_id__in=registrations).delete()
    return editions, registrations


def _line_condition(lines_wanted: set[tuple], delegation_identity: dict, sub_identity: dict) -> Q:
    """The stored rows of the given lines at every edition, as a filter on their indexes."""
    wanted_delegations = {line[1] for line in lines_wanted if line[1]}
    wanted_subs = {line[2] for line in lines_wanted if line[2]}
    delegations = [pk for pk, i in delegation_identity.items() if i in wanted_delegations]
    subs = [pk for pk, i in sub_identity.items() if i in wanted_subs]
    by_level = defaultdict(set)
    for level in {line[0] for line in lines_wanted}:
        by_delegation, by_sub, _by_zone, _by_country, _dimension = LEVEL_GROUPS[level]
        by_level[(by_delegation, by_sub)].add(level)
    condition = Q()
    for (by_delegation, by_sub), group in by_level.items():
        if by_sub:
            condition |= Q(level__in=group, sub_delegation_id__in=subs)
        elif by_delegation:
            condition |= Q(level__in=group, delegation_id__in=delegations)
        else:
            condition |= Q(
                level__in=group,
                delegation__isnull=True,
                edition_id__in=Edition.objects.values("pk"),
            )
    zones = {line[3] for line in lines_wanted if line[3] is not None}
    countries = {line[4] for line in lines_wanted}
    ownerships = {line[5] for line in lines_wanted if line[5] is not None}
    kinds = {line[6] for line in lines_wanted}
    continents = {line[7] for line in lines_wanted}
    return (
        condition
        & (Q(zone_id__in=zones) | Q(zone__isnull=True))
        & Q(country__in=countries)
        & (Q(ownership_id__in=ownerships) | Q(ownership__isnull=True))
        & Q(kind__in=kinds, continent__in=continents)
    )


def _line_rows(
    lines_wanted: set[tuple], delegation_identity: dict, sub_identity: dict
) -> tuple[dict[Key, tuple], dict[Key, tuple]]:
    """The stored rows of the given lines at every edition (a few dozen), and each row's
    line."""
    rows: dict[Key, tuple] = {}
    line_of: dict[Key, tuple] = {}
    condition = _line_condition(lines_wanted, delegation_identity, sub_identity)
    for row in RollupRow.objects.filter(condition).values_list(*KEY_COLUMNS, "pk", *FIELDS):
        key = row[:KEY_WIDTH]
        found = lines.line(key, delegation_identity, sub_identity)
        if found in lines_wanted:
            rows[key] = (row[KEY_WIDTH], dict(zip(FIELDS, row[KEY_WIDTH + 1 :], strict=True)))
            line_of[key] = found
    return rows, line_of


def _min_from_parts(key: Key) -> tuple:
    level, edition, delegation, sub, zone, country, ownership, kind, continent = key
    filters = {"edition_id": edition}
    by_delegation, by_sub, by_zone, by_country, dimension = LEVEL_GROUPS[level]
    if by_delegation:
        filters["delegation_id"] = delegation
    if by_sub:
        filters["sub_delegation_id"] = sub
    if by_zone:
        filters["zone_id"] = zone
    if by_country:
        filters["country"] = country
    if dimension == "ownership":
        filters["ownership_id"] = ownership
    elif dimension == "kind":
        filters["kind"] = kind
    parts = RollupPart.objects.filter(**filters)
    if dimension == "continent":
        parts = continents.parts_on(parts, continent)
    found = parts.aggregate(signed=Min("first_signed_on"), recorded=Min("first_recorded_at"))
    return found["signed"], found["recorded"]


def _shift(figures: dict[Key, dict], old: dict, new: dict) -> None:
    """Take each purchaser's old share out of its groups and put its new one in."""
    recount_first: set[Key] = set()
    for index in old.keys() | new.keys():
        key = index[0]
        row = figures[key]
        before, after = old.get(index), new.get(index)
        for share, sign in ((before, -1), (after, 1)):
            if share is None:
                continue
            row["deals"] += sign * share[0]
            row["total_usd"] += sign * share[1]
            row["purchasers"] += sign
            row["purchasers_over_100m"] += sign * int(share[1] > LARGE_PURCHASER_USD)
        for position, name in ((2, "first_signed_on"), (3, "first_recorded_at")):
            if (
                before is not None
                and row[name] == before[position]
                and (after is None or after[position] > before[position])
            ):
                # The group's first deal may have left it: ask the parts again.
                recount_first.add(key)
            if after is not None and (row[name] is None or after[position] < row[name]):
                row[name] = after[position]
    for key in recount_first:
        if figures[key]["deals"] > 0:
            figures[key]["first_signed_on"], figures[key]["first_recorded_at"] = _min_from_parts(
                key
            )


def _identities_of(keys) -> tuple[dict, dict]:
    found = lines.identities_around(
        {key[2] for key in keys if key[2]}, {key[3] for key in keys if key[3]}
    )
    return found if found is not None else lines.identities()


def apply_changes(report: RollupReport, registration_ids: list[int], *, started) -> None:
    """Recompute the purchasers' parts and add the difference to every group they touch."""
    old_parts = stored_parts(registration_id__in=registration_ids)
    new_parts = parts_from_deals(Deal.objects.filter(registration_id__in=registration_ids))
    if set(old_parts) == set(new_parts):
        return
    RollupPart.objects.filter(registration_id__in=registration_ids).delete()
    RollupPart.objects.bulk_create([RollupPart(**part._asdict()) for part in new_parts])
    report.editions = sorted({p.edition_id for p in old_parts + new_parts})
    old, new = purchaser_shares(old_parts), purchaser_shares(new_parts)
    keys = {key for key, _registration in old} | {key for key, _registration in new}
    # Each touched group's line over the editions (the group itself among them): this
    # edition's change and accumulated total, and those of later editions, build on it.
    delegation_identity, sub_identity = _identities_of(keys)
    lines_of_keys = {key: lines.line(key, delegation_identity, sub_identity) for key in keys}
    existing, line_of = _line_rows(set(lines_of_keys.values()), delegation_identity, sub_identity)
    figures = {
        key: {name: existing[key][1][name] for name in FIELDS}
        if key in existing
        else dict(NO_FIGURES)
        for key in keys
    }
    _shift(figures, old, new)
    vanished = [key for key in keys if figures[key]["deals"] <= 0 and key in existing]
    live = {key: values for key, values in figures.items() if values["deals"] > 0}
    for values in live.values():
        values["total_usd"] = money(values["total_usd"])
    linked: dict[Key, dict] = {
        key: {name: stored[name] for name in FIELDS}
        for key, (_pk, stored) in existing.items()
        if key not in keys
    }
    linked.update(live)
    line_of.update({key: lines_of_keys[key] for key in live})
    lines.link_editions(linked, line_of)
    store.write(report, linked, existing, vanished, started=started)
