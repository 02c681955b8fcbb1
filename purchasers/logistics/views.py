"""Pages of the stay: the office's overview and declarations, people and assignment (one
person, a selection, all the filter shows), publication. Every change goes through
``logistics.services``; rosters, figures and itineraries are in ``page_views``."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.capabilities import can, check
from delegations.permissions import get_in_scope_or_404, path_id
from delegations.setup.selectors import working_edition

from ..models import Attendee, Registration
from . import conflicts, forms, selectors, services
from .models import Bus, Hotel, RoomBlock, TravelGroup


def delegation_for(request, pk, name: str = "logistics.view"):
    delegation = get_in_scope_or_404(selectors.delegations_for_logistics(request.user), pk=pk)
    check(request.user, name, delegation)
    return delegation


@login_required
def index(request):
    delegations = selectors.delegations_for_logistics(request.user)
    edition = working_edition(user=request.user)
    if edition is not None:
        delegations = delegations.filter(edition=edition)
    delegations = list(delegations)
    if len(delegations) == 1:
        return redirect("logistics:overview", pk=delegations[0].pk)
    return render(request, "purchasers/logistics/index.html", {"delegations": delegations})


def _usage(delegation, world) -> dict:
    """Rooms used and held per hotel, night and room type."""
    used: dict[tuple, set] = defaultdict(set)
    for stay in world.stays:
        for night in stay.nights():
            key = (stay.hotel, night, stay.room_type)
            used[key].add(frozenset({stay.attendee, stay.shares_with} - {None}))
    rows = defaultdict(list)
    blocks = RoomBlock.objects.filter(hotel__delegation=delegation).order_by("night", "room_type")
    for block in blocks:
        rows[block.hotel_id].append(
            (block, len(used[(block.hotel_id, block.night, block.room_type)]))
        )
    return rows


@login_required
def overview(request, pk):
    delegation = delegation_for(request, pk)
    plan = can(request.user, "logistics.plan", delegation)
    world = services.world_of(delegation)
    usage = _usage(delegation, world)
    hotels = [(h, usage.get(h.pk, [])) for h in Hotel.objects.filter(delegation=delegation)]
    context = {
        "delegation": delegation,
        "may_plan": plan,
        "hotels": hotels,
        "groups": TravelGroup.objects.filter(delegation=delegation),
        "buses": Bus.objects.filter(delegation=delegation),
        "bus_days": sorted({b.day for b in Bus.objects.filter(delegation=delegation)}),
        "problems": conflicts.problems(world) if plan else [],
        "published": selectors.is_published(delegation.pk),
        "planned": selectors.plans_visible_to(request.user).filter(delegation=delegation).count(),
    }
    if plan:
        context |= {
            "hotel_form": forms.HotelForm(prefix="hotel"),
            "block_form": forms.RoomBlockForm(prefix="block", delegation=delegation),
            "group_form": forms.TravelGroupForm(prefix="group"),
            "bus_form": forms.BusForm(prefix="bus"),
        }
    return render(request, "purchasers/logistics/overview.html", context)


def _say_problems(request, error: services.LogisticsError) -> None:
    for problem in error.problems:
        messages.error(request, problem)


@login_required
@require_POST
def declare(request, pk, what: str):
    """The office declares a hotel, room blocks, a travel group or a bus."""
    delegation = delegation_for(request, pk, "logistics.plan")
    by = request.user
    kinds = {
        "hotel": (
            forms.HotelForm,
            lambda d: services.hotel_save(by=by, delegation=delegation, **d),
        ),
        "block": (forms.RoomBlockForm, lambda d: services.room_blocks_set(by=by, **d)),
        "group": (
            forms.TravelGroupForm,
            lambda d: services.travel_group_save(by=by, delegation=delegation, **d),
        ),
        "bus": (forms.BusForm, lambda d: services.bus_save(by=by, delegation=delegation, **d)),
    }
    if what not in kinds:
        raise Http404
    form_class, save = kinds[what]
    extra = {"delegation": delegation} if what == "block" else {}
    form = form_class(request.POST, prefix=what, **extra)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
    else:
        try:
            save(form.cleaned_data)
            messages.success(request, _("Saved."))
        except services.LogisticsError as error:
            _say_problems(request, error)
    return redirect("logistics:overview", pk=delegation.pk)


@login_required
@require_POST
def tickets_state(request, pk, group):
    delegation = delegation_for(request, pk, "logistics.plan")
    group = get_in_scope_or_404(TravelGroup.objects.filter(delegation=delegation), pk=group)
    form = forms.TicketStateForm(request.POST)
    if form.is_valid():
        n = services.tickets_set(by=request.user, group=group, state=form.cleaned_data["ticket"])
        messages.success(request, _("%(n)d tickets updated.") % {"n": n})
    return redirect("logistics:overview", pk=delegation.pk)


def _filters(request, delegation) -> dict:
    subs = selectors.sub_delegations_in_view(request.user, delegation)
    get = request.GET if request.method == "GET" else request.POST
    sub = get.get("sub_delegation", "")
    lead = get.get("lead_agency", "")
    status = get.get("status", "")
    return {
        "sub_delegations": subs,
        "lead_agencies": [la for s in subs for la in s.lead_agencies.all()],
        "statuses": Registration.Status.choices,
        "sub_delegation": int(sub) if sub.isdigit() else None,
        "lead_agency": int(lead) if lead.isdigit() else None,
        "status": status if status in Registration.Status.values else "",
        "q": get.get("q", "").strip(),
    }


def _assignments(attendees, data: dict):
    """What the assignment form asks for, for each of ``attendees``."""
    return services.assignments_for(
        attendees,
        hotel=data["hotel"],
        room_type=data["room_type"] or "single",
        check_in=data["check_in"],
        check_out=data["check_out"],
        there=data["there"],
        back=data["back"],
        buses=data["buses"],
        meals=data["meals"],
        dietary=data["dietary"],
    )


def _attendee_selection(delegation, f, ids=None):
    qs = selectors.attendees_to_plan(
        delegation=delegation,
        sub_delegation=f["sub_delegation"],
        lead_agency=f["lead_agency"],
        status=f["status"],
        q=f["q"],
    ).filter(registration__sub_delegation__in=f["sub_delegations"])
    if ids:
        qs = qs.filter(pk__in=ids)
    return qs


@login_required
def people(request, pk):
    """The delegation's people with their plans; the office assigns a selection at once."""
    delegation = delegation_for(request, pk)
    f = _filters(request, delegation)
    attendees = list(_attendee_selection(delegation, f)[:500])
    plans = {
        p.attendee_id: p
        for p in selectors.with_parts(
            selectors.plans_visible_to(request.user).filter(attendee__in=attendees)
        )
    }
    rows = [(a, plans.get(a.pk)) for a in attendees]
    may_plan = can(request.user, "logistics.plan", delegation)
    form = forms.AssignForm(delegation=delegation) if may_plan else None
    return render(
        request,
        "purchasers/logistics/people.html",
        {
            "delegation": delegation,
            "rows": rows,
            "f": f,
            "form": form,
            "may_plan": may_plan,
        },
    )


@login_required
@require_POST
def assign_bulk(request, pk):
    delegation = delegation_for(request, pk, "logistics.plan")
    f = _filters(request, delegation)
    ids = [path_id(i) for i in request.POST.getlist("ids")]
    form = forms.AssignForm(request.POST, delegation=delegation)
    back = redirect(f"{request.path.rsplit('assign/', 1)[0]}people/?{request.POST.get('qs', '')}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return back
    data = form.cleaned_data
    attendees = list(_attendee_selection(delegation, f, ids))
    if not attendees:
        messages.error(request, _("Nobody is selected."))
        return back
    assignments = _assignments(attendees, data)
    try:
        plans = services.plans_assign(
            by=request.user,
            delegation=delegation,
            assignments=assignments,
            override_reason=data["override_reason"],
        )
    except services.LogisticsError as error:
        _say_problems(request, error)
        return back
    messages.success(request, _("Planned %(n)d people.") % {"n": len(plans)})
    return back


@login_required
def person(request, pk, attendee):
    """One person's plan; the office changes it through the same assignment service."""
    delegation = delegation_for(request, pk)
    scope = Attendee.objects.filter(
        registration__sub_delegation__in=selectors.sub_delegations_in_view(request.user, delegation)
    )
    attendee = get_in_scope_or_404(scope.select_related("registration"), pk=attendee)
    plan = (
        selectors.with_parts(selectors.plans_visible_to(request.user))
        .filter(attendee=attendee)
        .first()
    )
    may_plan = can(request.user, "logistics.plan", delegation)
    form = forms.AssignForm(request.POST or None, delegation=delegation) if may_plan else None
    own = (
        {
            d: forms.OwnJourneyForm(request.POST or None, prefix=f"own-{d}")
            for d in ("there", "back")
        }
        if may_plan
        else {}
    )
    if request.method == "POST":
        check(request.user, "logistics.plan", delegation)
        valid = form.is_valid() and all(f.is_valid() for f in own.values())
        if valid and _assign_one(request, delegation, attendee, form.cleaned_data, own):
            return redirect("logistics:person", pk=delegation.pk, attendee=attendee.pk)
    return render(
        request,
        "purchasers/logistics/person.html",
        {
            "delegation": delegation,
            "attendee": attendee,
            "plan": plan,
            "form": form,
            "own": own,
            "itinerary": selectors.itinerary_of(plan) if plan else None,
        },
    )


def _assign_one(request, delegation, attendee, data, own) -> bool:
    others = (
        list(
            Attendee.objects.filter(
                registration__sub_delegation__delegation=delegation,
                pk=path_id(request.POST["shares_with"]),
            )
        )
        if request.POST.get("shares_with", "").strip()
        else []
    )
    [assignment] = _assignments([attendee], data)
    if assignment.stays and others:
        assignment.stays[0].shares_with = others[0]
    for direction, journey_form in own.items():
        if getattr(assignment, direction) is None:
            setattr(assignment, direction, journey_form.wish())
    try:
        services.plans_assign(
            by=request.user,
            delegation=delegation,
            assignments=[assignment],
            override_reason=data["override_reason"],
        )
    except services.LogisticsError as error:
        _say_problems(request, error)
        return False
    messages.success(request, _("Saved."))
    return True


@login_required
@require_POST
def publish(request, pk):
    delegation = delegation_for(request, pk, "logistics.plan")
    services.plans_publish(by=request.user, delegation=delegation)
    messages.success(request, _("The plans are published: attendees are sent their itineraries."))
    return redirect("logistics:overview", pk=delegation.pk)
