"""The dashboard: the figures organisers quote, read from the roll-up rows only.

An organiser sees their delegation (totals, zones, sub-delegations ranked, year on year
with the national totals, progress against targets); a lead their sub-delegations; the
national viewer the delegations ranked. Everyone else has no dashboard (404).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from delegations.capabilities import can
from delegations.models import Edition
from delegations.permissions import (
    delegations_visible_to,
    get_in_scope_or_404,
    has_role,
    lead_agencies_of,
    lead_agencies_visible_to,
)
from delegations.setup.selectors import working_edition
from purchasers.badges.selectors import completeness_by_sub_delegation
from purchasers.registration.selectors import lead_agency_progress

from ..rollups.dimensions import breakdowns
from ..rollups.models import ExportJob, RollupRow
from ..rollups.selectors import delegation_history, last_refreshed_at, pending_since, totals_scope
from .charts import bar_chart


def _dashboard_edition(request) -> Edition:
    number = request.GET.get("edition")
    editions = Edition.objects.order_by("-number")
    if number:
        if not number.isdigit():
            raise Http404
        return get_object_or_404(editions, number=int(number))
    edition = working_edition(user=request.user)
    if edition is None:
        raise Http404
    return edition


def _common(request, edition: Edition) -> dict:
    return {
        "edition": edition,
        "editions": list(Edition.objects.order_by("-number")),
        "refreshed_at": last_refreshed_at(),
        "pending_since": pending_since(edition),
        "recent_exports": list(
            ExportJob.objects.filter(requested_by=request.user).order_by("-created_at")[:5]
        ),
        "badge_rows": completeness_by_sub_delegation(user=request.user, edition=edition),
    }


def _zone_chart(rows) -> object:
    totals: dict = {}
    for row in rows:
        totals[row.zone] = totals.get(row.zone, 0) + row.total_usd
    ordered = sorted(totals.items(), key=lambda item: item[0].sort_order)
    return bar_chart(
        _("By zone (100 million USD)"), [(zone.display_name, total) for zone, total in ordered]
    )


@login_required
def dashboard(request):
    user = request.user
    if not can(user, "totals.view"):
        raise Http404
    edition = _dashboard_edition(request)
    scope = totals_scope(user=user, edition=edition)
    context = {**_common(request, edition), "breakdowns": breakdowns(scope)}
    if scope.national:
        rows = list(
            scope.rows(
                RollupRow.Level.EDITION, RollupRow.Level.EDITION_ZONE, RollupRow.Level.DELEGATION
            ).select_related("delegation", "zone")
        )
        ranked = sorted(
            (r for r in rows if r.level == RollupRow.Level.DELEGATION), key=lambda r: -r.total_usd
        )
        context.update(
            view="national",
            total=next((r for r in rows if r.level == RollupRow.Level.EDITION), None),
            ranked=ranked,
            ranked_chart=bar_chart(
                _("Delegations ranked (100 million USD)"),
                [(r.delegation.display_name, r.total_usd) for r in ranked],
            ),
            zone_chart=_zone_chart(r for r in rows if r.level == RollupRow.Level.EDITION_ZONE),
            history=_national_history(),
        )
    elif scope.delegation_ids:
        if len(scope.delegation_ids) == 1:
            delegation = get_in_scope_or_404(
                delegations_visible_to(user), pk=scope.delegation_ids[0]
            )
            return _delegation_page(request, delegation, context)
        ranked = list(
            scope.rows(RollupRow.Level.DELEGATION)
            .select_related("delegation")
            .order_by("-total_usd")
        )
        context.update(view="organiser_many", ranked=ranked)
    else:
        rows = list(
            scope.rows(
                RollupRow.Level.SUB_DELEGATION, RollupRow.Level.SUB_DELEGATION_ZONE
            ).select_related("sub_delegation", "zone")
        )
        subs = sorted(
            (r for r in rows if r.level == RollupRow.Level.SUB_DELEGATION),
            key=lambda r: -r.total_usd,
        )
        context.update(
            view="lead",
            sub_rows=subs,
            zone_chart=_zone_chart(
                r for r in rows if r.level == RollupRow.Level.SUB_DELEGATION_ZONE
            ),
            agencies=lead_agency_progress(
                lead_agencies_of(user).filter(sub_delegation__delegation__edition=edition)
            ),
        )
    return render(request, "deals/dashboard.html", context)


def _national_history() -> list[dict]:
    rows = {
        r.edition_id: r
        for r in RollupRow.objects.filter(level=RollupRow.Level.EDITION).select_related("edition")
    }
    return [
        {"edition": edition, "row": rows.get(edition.pk), "national": edition.national_intended_usd}
        for edition in Edition.objects.order_by("number")
    ]


@login_required
def dashboard_delegation(request, pk: int):
    user = request.user
    if not can(user, "totals.view"):
        raise Http404
    delegation = get_in_scope_or_404(delegations_visible_to(user), pk=pk)
    context = _common(request, delegation.edition)
    return _delegation_page(request, delegation, context)


def _delegation_page(request, delegation, context: dict):
    user = request.user
    scope = totals_scope(user=user, edition=delegation.edition, delegation=delegation)
    context["breakdowns"] = breakdowns(scope)
    if not scope.whole_delegations:
        # A lead sees their own sub-delegations of this delegation, not its totals.
        rows = list(
            scope.rows(
                RollupRow.Level.SUB_DELEGATION, RollupRow.Level.SUB_DELEGATION_ZONE
            ).select_related("sub_delegation", "zone")
        )
        total = None
        history = []
        zone_rows = [r for r in rows if r.level == RollupRow.Level.SUB_DELEGATION_ZONE]
        agencies = lead_agencies_of(user)
    else:
        rows = list(
            scope.rows(
                RollupRow.Level.DELEGATION,
                RollupRow.Level.DELEGATION_ZONE,
                RollupRow.Level.SUB_DELEGATION,
            )
            .filter(delegation=delegation)
            .select_related("sub_delegation", "zone")
        )
        total = next((r for r in rows if r.level == RollupRow.Level.DELEGATION), None)
        zone_rows = [r for r in rows if r.level == RollupRow.Level.DELEGATION_ZONE]
        history = _delegation_history(delegation)
        agencies = lead_agencies_visible_to(user)
        # The records box reads the roll-up row; its page reads the deals themselves.
        context["records_link"] = True
    subs = sorted(
        (r for r in rows if r.level == RollupRow.Level.SUB_DELEGATION), key=lambda r: -r.total_usd
    )
    context.update(
        view="delegation",
        delegation=delegation,
        edition=delegation.edition,
        total=total,
        sub_rows=subs,
        sub_chart=bar_chart(
            _("Sub-delegations ranked (100 million USD)"),
            [(r.sub_delegation.display_name, r.total_usd) for r in subs],
        ),
        zone_chart=_zone_chart(zone_rows),
        history=history,
        history_chart=bar_chart(
            _("By edition (100 million USD)"),
            [(str(h["edition"]), h["row"].total_usd) for h in history if h["row"]],
        ),
        agencies=lead_agency_progress(agencies.filter(sub_delegation__delegation=delegation)),
        show_progress=True,
        may_export=has_role(user, "organiser", "lead") or scope.national,
    )
    return render(request, "deals/dashboard.html", context)


def _delegation_history(delegation) -> list[dict]:
    rows = {r.edition_id: r for r in delegation_history(delegation=delegation)}
    history = []
    for edition in Edition.objects.order_by("number"):
        row = rows.get(edition.pk)
        share = None
        if row and edition.national_intended_usd:
            share = (100 * row.total_usd / edition.national_intended_usd).quantize(
                row.total_usd.__class__("0.01")
            )
        history.append(
            {
                "edition": edition,
                "row": row,
                "national": edition.national_intended_usd,
                "share": share,
            }
        )
    return history
