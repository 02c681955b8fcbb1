"""Pages of the exhibitor directory: the list, entering and correcting an exhibitor, the
proposed corrections, and the deal form's picker.

The picker is a server-side search of the directory, as one types. The deal form works
without it: its "Find" button sends the search with the form and the page comes back with
the matches in the list (``DealForm``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.capabilities import can, requires
from delegations.models import Edition, Zone
from delegations.permissions import get_in_scope_or_404

from .. import countries
from ..permissions import exhibitors_visible_to, require
from ..records.forms import add_service_errors
from . import selectors, services
from .forms import PICKER_LIMIT, ExhibitorForm
from .models import ExhibitorProposal


@login_required
def exhibitor_index(request):
    exhibitors = selectors.exhibitor_search(
        exhibitors_visible_to(request.user),
        q=request.GET.get("q"),
        country=request.GET.get("country"),
        zone=request.GET.get("zone"),
        edition=request.GET.get("edition"),
    )
    return render(
        request,
        "deals/exhibitor_list.html",
        {
            "exhibitors": exhibitors[:500],
            "zones": Zone.objects.all(),
            "editions": Edition.objects.all(),
            "may_edit": can(request.user, "directory.add"),
        },
    )


@login_required
def exhibitor_edit(request, pk: int | None = None):
    require(can(request.user, "directory.add"))
    exhibitor = get_in_scope_or_404(exhibitors_visible_to(request.user), pk=pk) if pk else None
    form = ExhibitorForm(request.POST or None, instance=exhibitor)
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor = services.exhibitor_save(
                by=request.user, data=form.cleaned_data, exhibitor=exhibitor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except services.ProposalRecorded:
            messages.success(
                request,
                _(
                    "Other delegations' deals use this exhibitor: your correction was sent to "
                    "the national administrator, who decides on it."
                ),
            )
            return redirect("exhibitors:exhibitor-list")
        else:
            messages.success(request, _("Exhibitor saved."))
            return redirect("exhibitors:exhibitor-list")
    events = exhibitor.events.select_related("actor") if exhibitor else None
    return render(
        request,
        "deals/exhibitor_form.html",
        {"form": form, "exhibitor": exhibitor, "events": events},
    )


@login_required
def exhibitor_proposals(request):
    """The corrections proposed to the directory; the national administrator decides them."""
    require(can(request.user, "directory.add"))
    proposals = ExhibitorProposal.objects.select_related(
        "exhibitor__edition", "proposed_by", "decided_by"
    )
    if not can(request.user, "directory.decide_proposal"):
        proposals = proposals.filter(proposed_by=request.user)
    return render(
        request,
        "deals/exhibitor_proposals.html",
        {
            "proposals": proposals[:200],
            "may_decide": can(request.user, "directory.decide_proposal"),
        },
    )


@login_required
@require_POST
def exhibitor_proposal_decide_view(request, pk: int, decision: str):
    require(can(request.user, "directory.decide_proposal"))
    if decision not in ("accept", "reject"):
        raise Http404
    proposal = get_in_scope_or_404(ExhibitorProposal.objects.all(), pk=pk)
    try:
        services.exhibitor_proposal_decide(
            by=request.user, proposal=proposal, accept=decision == "accept"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal decided."))
    return redirect("exhibitors:exhibitor-proposals")


@requires("directory.search")
def exhibitor_search_view(request):
    """``?q=`` (a few letters of the Chinese or English name), ``edition`` (number)."""
    query = (request.GET.get("q") or "").strip()
    found = []
    if query:
        exhibitors = selectors.exhibitor_search(
            exhibitors_visible_to(request.user), q=query, edition=request.GET.get("edition")
        )
        found = [
            {
                "id": x.pk,
                "label": f"{x.name} ({countries.display(x.country)}) · {x.edition}",
                "name": x.name,
                "country": x.country,
                "zone": x.zone_id,
            }
            for x in exhibitors.order_by("name", "pk")[:PICKER_LIMIT]
        ]
    return JsonResponse({"results": found})
