"""Reads for the leading group: a bulletin's lines, the report up's figures, the records.

The counting rules are the progress page's (``purchasers.registration.selectors``) and the
deal figures the dashboard's roll-up rows (``deals.rollup_selectors``): a bulletin and a report read
exactly what those pages show.
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import Deadline, Delegation, LeadAgency, MemberUnit, Role
from delegations.permissions import delegations_managed_by, has_role, is_active
from purchasers.models import Attendee, Registration
from purchasers.permissions import APPROVED_STATUSES
from purchasers.registration.selectors import COUNTED, lead_agency_progress, status_counts

from ..rollups.dimensions import DIMENSIONS, dimension_rows
from ..rollups.models import RollupRow
from ..rollups.selectors import totals_scope
from .models import Bulletin, ProgressReport, UnitReport
from .records import records_figures

# --- scopes ------------------------------------------------------------------------------


def bulletins_visible_to(user) -> QuerySet[Bulletin]:
    """The office's own bulletins (superusers: all)."""
    return Bulletin.objects.filter(delegation__in=delegations_managed_by(user)).select_related(
        "delegation__edition", "composed_by", "sent_by"
    )


def reports_visible_to(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(
        delegation__in=delegations_managed_by(user)
    ).select_related("delegation__edition", "produced_by")


def unit_reports_visible_to(user) -> QuerySet[UnitReport]:
    """The office sees its delegations' reports; a liaison or lead their own unit's."""
    qs = UnitReport.objects.select_related("delegation__edition", "unit", "posted_by")
    if not is_active(user):
        return qs.none()
    if user.is_superuser or has_role(user, Role.ORGANISER):
        return qs.filter(delegation__in=delegations_managed_by(user))
    if has_role(user, Role.REGISTRANT, Role.LEAD):
        return qs.filter(unit=user.unit_id)
    return qs.none()


def reporting_delegations_of(user) -> QuerySet[Delegation]:
    """The delegations a liaison or lead may report in to for their unit."""
    if not has_role(user, Role.REGISTRANT, Role.LEAD):
        return Delegation.objects.none()

    return (
        Delegation.objects.filter(
            Q(member_units=user.unit_id) | Q(sub_delegations__lead_agencies__units=user.unit_id)
        )
        .select_related("edition")
        .distinct()
    )


def open_problems(user) -> QuerySet[UnitReport]:
    return unit_reports_visible_to(user).filter(
        kind=UnitReport.Kind.PROBLEM, status=UnitReport.Status.OPEN
    )


# --- a bulletin's lines --------------------------------------------------------------------


def _rank(lines: list[dict]) -> None:
    """Rank by percentage, then by firms registered; equal figures share a rank."""
    ordered = sorted(lines, key=lambda line: (-line["percent"], -line["registered"]))
    previous, rank = None, 0
    for position, line in enumerate(ordered, start=1):
        key = (line["percent"], line["registered"])
        if key != previous:
            rank, previous = position, key
        line["rank"] = rank


def agency_lines(delegation: Delegation, previous: dict | None = None) -> list[dict]:
    """Each lead agency's registered, approved and reported firms against its target."""
    before = {line["id"]: line for line in (previous or {}).get("agencies", [])}
    lines = []
    agencies = LeadAgency.objects.filter(sub_delegation__delegation=delegation)
    for agency in lead_agency_progress(agencies):
        units = list(agency.units.all())
        line = {
            "id": agency.pk,
            "sub_delegation": agency.sub_delegation.name,
            "sub_delegation_en": agency.sub_delegation.name_en,
            "units": "、".join(unit.name for unit in units),
            "unit_ids": [unit.pk for unit in units],
            "focus": agency.focus,
            "target": agency.target,
            "registered": agency.counted,
            "approved": agency.n_lead_approved + agency.n_reported,
            "reported": agency.n_reported,
            "shortfall": agency.shortfall,
            "percent": agency.percent,
        }
        old = before.get(agency.pk)
        line["change"] = line["registered"] - old["registered"] if old else None
        lines.append(line)
    _rank(lines)
    return lines


def unit_lines(delegation: Delegation) -> list[dict]:
    """Each member unit's own registrations (the firms its staff registered), counted as
    the progress page counts them: units without a target of their own see theirs here."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Registration.objects.filter(sub_delegation__delegation=delegation)
        .values("unit", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["unit"], {})[row["status"]] = row["n"]
    lines = []
    for unit in bulletin_units(delegation):
        by_status = counts.get(unit.pk, {})
        lines.append(
            {
                "id": unit.pk,
                "name": unit.name,
                "registered": sum(by_status.get(s, 0) for s in COUNTED),
                "approved": sum(by_status.get(s, 0) for s in APPROVED_STATUSES),
                "reported": by_status.get(Registration.Status.REPORTED, 0),
            }
        )
    return lines


def bulletin_units(delegation: Delegation) -> list[MemberUnit]:
    """Every member unit of the delegation, and every unit leading one of its agencies."""

    return list(
        MemberUnit.objects.filter(
            Q(delegations=delegation) | Q(lead_agencies__sub_delegation__delegation=delegation)
        )
        .exclude(pk=delegation.office_unit_id)
        .distinct()
        .order_by("name")
    )


def last_sent_bulletin(delegation: Delegation) -> Bulletin | None:
    return (
        Bulletin.objects.filter(delegation=delegation, status=Bulletin.Status.SENT)
        .order_by("-number")
        .first()
    )


def bulletin_figures(delegation: Delegation) -> dict:
    """The live figures a bulletin is composed from, with the change since the last one."""
    previous = last_sent_bulletin(delegation)
    agencies = agency_lines(delegation, previous.figures if previous else None)
    target = sum(line["target"] for line in agencies)
    registered = sum(line["registered"] for line in agencies)
    return {
        "as_of": timezone.now().isoformat(),
        "previous_number": previous.number if previous else None,
        "agencies": agencies,
        "units": unit_lines(delegation),
        "totals": {
            "target": target,
            "registered": registered,
            "approved": sum(line["approved"] for line in agencies),
            "reported": sum(line["reported"] for line in agencies),
            "percent": min(100, round(100 * registered / target)) if target else 0,
        },
    }


def lines_for_unit(figures: dict, unit_id: int) -> dict:
    """What one member unit reads first in its copy: its agencies' lines and its own."""
    return {
        "agencies": [line for line in figures["agencies"] if unit_id in line["unit_ids"]],
        "own": next((line for line in figures["units"] if line["id"] == unit_id), None),
    }


def registration_closes_on(delegation: Delegation):
    """The delegation's registration deadline, or the bureau's for the edition."""
    deadline = (
        Deadline.objects.filter(
            delegation=delegation, lead_agency__isnull=True, kind=Deadline.Kind.REGISTRATION
        ).first()
        or Deadline.objects.filter(
            edition=delegation.edition_id, delegation__isnull=True, kind=Deadline.Kind.REGISTRATION
        ).first()
    )
    return deadline.due_on if deadline else None


# --- the report up ---------------------------------------------------------------------------


def _money_text(value) -> str:
    return str(value if value is not None else Decimal("0.00"))


def _rollup(row: RollupRow, label: str) -> dict:
    return {
        "label": label,
        "deals": row.deals,
        "purchasers": row.purchasers,
        "over_100m": row.purchasers_over_100m,
        "total_usd": _money_text(row.total_usd),
    }


def deal_figures(*, user, delegation: Delegation) -> dict:
    """The delegation's deal figures as its dashboard shows them (the roll-up rows)."""
    scope = totals_scope(user=user, edition=delegation.edition, delegation=delegation)
    if scope is None or not scope.whole_delegations:
        return {"total": None, "zones": [], "countries": [], "sub_delegations": [], "by": {}}
    rows = scope.rows(
        RollupRow.Level.DELEGATION,
        RollupRow.Level.DELEGATION_ZONE,
        RollupRow.Level.DELEGATION_COUNTRY,
        RollupRow.Level.SUB_DELEGATION,
    ).filter(delegation=delegation)
    rows = list(rows.select_related("zone", "sub_delegation").order_by("-total_usd", "pk"))
    total = next((r for r in rows if r.level == RollupRow.Level.DELEGATION), None)
    zones = sorted(
        (r for r in rows if r.level == RollupRow.Level.DELEGATION_ZONE),
        key=lambda r: r.zone.sort_order,
    )
    return {
        "total": _rollup(total, delegation.name) if total else None,
        "zones": [_rollup(r, r.zone.name) for r in zones],
        "countries": [
            _rollup(r, r.country) for r in rows if r.level == RollupRow.Level.DELEGATION_COUNTRY
        ],
        "sub_delegations": [
            _rollup(r, r.sub_delegation.name)
            for r in rows
            if r.level == RollupRow.Level.SUB_DELEGATION
        ],
        # By the purchaser's ownership and type and the exhibitor's continent, as the
        # dashboard's tables.
        "by": {
            dimension: [_rollup(r, r.label) for r in dimension_rows(scope, dimension)]
            for dimension in DIMENSIONS
        },
    }


def registration_figures(delegation: Delegation) -> dict:
    registrations = Registration.objects.filter(sub_delegation__delegation=delegation)
    counted = registrations.filter(status__in=COUNTED)
    kinds = dict(Registration.Kind.choices)
    by_kind = [
        {"key": row["kind"], "label": str(kinds.get(row["kind"], row["kind"])), "n": row["n"]}
        for row in counted.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    ]
    by_ownership = [
        {
            "key": row["ownership__code"] or "",
            "label": row["ownership__name"] or str(_("Not given")),
            "label_en": row["ownership__name_en"] or "",
            "n": row["n"],
        }
        for row in counted.values("ownership__code", "ownership__name", "ownership__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n", "ownership__code")
    ]
    attendees = Attendee.objects.filter(registration__in=counted)
    checks = dict(attendees.values_list("background_check").annotate(n=Count("pk")).order_by())
    return {
        "by_status": status_counts(registrations),
        "counted": counted.count(),
        "by_kind": by_kind,
        "by_ownership": by_ownership,
        "attendees": sum(checks.values()),
        "attendees_by_check": checks,
    }


def report_figures(*, user, delegation: Delegation) -> dict:

    return {
        "as_of": timezone.now().isoformat(),
        "delegation": delegation.name,
        "edition": delegation.edition.name,
        "registrations": registration_figures(delegation),
        "agencies": agency_lines(delegation),
        "deals": deal_figures(user=user, delegation=delegation),
        "records": records_figures(delegation=delegation),
    }
