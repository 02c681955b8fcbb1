"""Rosters (printable and .xlsx, with the change list since the last one sent), the figures
for finance (page and budget sheet) and the attendees' itineraries."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delegations.capabilities import can, check
from delegations.permissions import get_in_scope_or_404, path_id
from delegations.sheets import XLSX_CONTENT_TYPE

from ..models import Registration
from . import budget, rosters, selectors
from .models import Hotel, TravelGroup
from .views import delegation_for


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise Http404 from None


def _roster_page(request, delegation, roster, *, stored=None, full=False, name="roster"):
    """The roster printable (GET), or downloaded and recorded as sent (``format=xlsx``);
    ``changes=1`` gives the change list since the last one sent instead."""
    changes_only = request.GET.get("changes") == "1"
    if request.GET.get("format") == "xlsx" or request.method == "POST":
        changes = rosters.roster_send(
            by=request.user,
            delegation=delegation,
            roster=roster,
            stored=stored,
            changes_only=changes_only,
            full_numbers=full,
        )
        return _download(
            rosters.xlsx(roster, changes if changes_only else None),
            f"{name}-changes" if changes_only else name,
        )
    changes = rosters.changes_since(delegation=delegation, roster=roster, stored=stored)
    return render(
        request,
        "purchasers/logistics/roster.html",
        {
            "delegation": delegation,
            "roster": roster,
            "changes": changes,
            "changes_only": changes_only,
            "may_export_tickets": roster.kind == "tickets"
            and can(request.user, "logistics.export_tickets", delegation),
        },
    )


@login_required
def rooming_view(request, pk, hotel):
    delegation = delegation_for(request, pk, "logistics.plan")
    hotel = get_in_scope_or_404(Hotel.objects.filter(delegation=delegation), pk=hotel)
    night = _day(request.GET.get("night"))
    roster = rosters.rooming(hotel=hotel, night=night)
    return _roster_page(request, delegation, roster, name=f"rooming-{hotel.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def tickets_view(request, pk, group):
    """The ticket list, masked; POST downloads it with full ID numbers for the railway or
    the airline (the office alone), and the download is recorded."""
    delegation = delegation_for(request, pk, "logistics.plan")
    group = get_in_scope_or_404(TravelGroup.objects.filter(delegation=delegation), pk=group)
    full = request.method == "POST"
    if full:
        check(request.user, "logistics.export_tickets", delegation)
    masked = rosters.tickets(group=group, user=request.user)
    roster = rosters.tickets(group=group, user=request.user, full=True) if full else masked
    return _roster_page(
        request, delegation, roster, stored=masked, full=full, name=f"tickets-{group.number}"
    )


@login_required
def bus(request, pk, day):
    delegation = delegation_for(request, pk, "logistics.plan")
    roster = rosters.bus_manifest(delegation=delegation, day=_day(day))
    return _roster_page(request, delegation, roster, name=f"buses-{day}")


@login_required
def figures_view(request, pk):
    delegation = delegation_for(request, pk)
    subs = selectors.sub_delegations_in_view(request.user, delegation)
    narrowed = None if can(request.user, "logistics.plan", delegation) else subs
    numbers = selectors.figures(delegation=delegation, sub_delegations=narrowed)
    if request.GET.get("format") == "xlsx":
        return _download(budget.budget_xlsx(numbers), f"budget-{delegation.pk}")
    return render(
        request, "purchasers/logistics/figures.html", {"delegation": delegation, "figures": numbers}
    )


@login_required
def itinerary(request, attendee):
    plan = get_in_scope_or_404(
        selectors.with_parts(selectors.plans_visible_to(request.user)), attendee_id=attendee
    )
    check(request.user, "logistics.itinerary", plan)
    return render(
        request,
        "purchasers/logistics/itinerary.html",
        {"itineraries": [selectors.itinerary_of(plan)], "title": plan.attendee.name},
    )


@login_required
def registration_itineraries(request, registration):
    """Every person of one registering unit's registration, one page each when printed."""
    plans = selectors.with_parts(selectors.plans_visible_to(request.user)).filter(
        attendee__registration_id=path_id(registration)
    )
    plans = [p for p in plans if can(request.user, "logistics.itinerary", p)]
    if not plans:
        raise Http404
    registration = Registration.objects.get(pk=plans[0].attendee.registration_id)
    return render(
        request,
        "purchasers/logistics/itinerary.html",
        {
            "itineraries": [selectors.itinerary_of(p) for p in plans],
            "title": _("Itineraries of %(firm)s") % {"firm": registration.name},
        },
    )
