"""Pages for deals and their follow-up. Every object is fetched through a scoped queryset
(outside scope: 404) and every change goes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.capabilities import can
from delegations.models import Edition
from delegations.permissions import delegations_managed_by, get_in_scope_or_404

from ..permissions import (
    deals_changeable_by,
    deals_visible_to,
    exhibitors_visible_to,
    registrations_for_deals,
    require,
)
from . import selectors, services
from .forms import DealForm, FollowUpForm, NoteForm, add_service_errors
from .models import Deal


@login_required
def deal_index(request):
    deals = selectors.deal_list(
        deals_visible_to(request.user),
        edition=request.GET.get("edition"),
        status=request.GET.get("status"),
        q=request.GET.get("q"),
        country=request.GET.get("country"),
    )
    page = selectors.deal_page(
        deals, after=request.GET.get("after"), before=request.GET.get("before")
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "deals/deal_list.html",
        {
            "page": page,
            "deals": page.deals,
            "query": query.urlencode(),
            "editions": Edition.objects.all(),
            "statuses": Deal.Status.choices,
            "may_record": can(request.user, "deals.record"),
        },
    )


def _deal_form(request, *, data=None, initial=None):
    if data and "find_exhibitor" in data:
        # "Find" (without the page's script) shows the matches, saving nothing yet.
        initial, data = {**(initial or {}), **data.dict()}, None
    return DealForm(
        data,
        initial=initial,
        registrations=registrations_for_deals(request.user),
        exhibitors=exhibitors_visible_to(request.user),
    )


def _missing_rate(request, error: ValidationError) -> bool:
    """Whether the refusal is a rate not set yet that this user's office may set now."""
    codes = [e.code for e in getattr(error, "error_dict", {}).get("currency", [])]
    return services.MISSING_RATE in codes and delegations_managed_by(request.user).exists()


def _deal_form_page(request, form, context: dict, *, status: int = 200):
    context = {"form": form, "rates_url": None, **context}
    return render(request, "deals/deal_form.html", context, status=status)


def _form_deal_data(form: DealForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in services.ENTERED}


@login_required
def deal_create(request):
    require(can(request.user, "deals.record"))
    duplicates, rates_url = [], None
    form = _deal_form(request, data=request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            deal = services.deal_record(
                by=request.user,
                data=_form_deal_data(form),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            rates_url = reverse("rates:exchange-rates") if _missing_rate(request, error) else None
        except services.DuplicateDeal as duplicate:
            duplicates = duplicate.duplicates
        else:
            messages.success(
                request,
                _("Deal recorded: %(usd)s USD.") % {"usd": f"{deal.amount_usd:,}"},
            )
            return redirect("deals:deal-detail", pk=deal.pk)
    return _deal_form_page(
        request,
        form,
        {"duplicates": duplicates, "title": _("Record an intended deal"), "rates_url": rates_url},
    )


@login_required
def deal_detail(request, pk: int):
    deal = get_in_scope_or_404(deals_visible_to(request.user), pk=pk)
    follow_up = can(request.user, "deals.move") and deal.is_open
    return render(
        request,
        "deals/deal_detail.html",
        {
            "deal": deal,
            "events": deal.events.select_related("actor"),
            "notes": deal.notes.select_related("author"),
            "may_change": deals_changeable_by(request.user).filter(pk=deal.pk).exists(),
            "follow_up_form": FollowUpForm(deal=deal, cancelling=False)
            if follow_up and deal.status in services.NEXT_STATUS
            else None,
            "cancel_form": FollowUpForm(deal=deal, cancelling=True, auto_id="id_cancel_%s")
            if follow_up
            else None,
            "note_form": NoteForm(initial={"noted_on": timezone.localdate()})
            if can(request.user, "deals.move")
            else None,
        },
    )


@login_required
def deal_edit(request, pk: int):
    deal = get_in_scope_or_404(deals_changeable_by(request.user), pk=pk)
    duplicates, stale, rates_url = [], None, None
    form = _deal_form(request, data=request.POST or None, initial=DealForm.initial_for(deal))
    if form.is_bound and form.is_valid():
        try:
            deal = services.deal_update(
                deal=deal,
                by=request.user,
                data=_form_deal_data(form),
                version=form.cleaned_data["version"] or 0,
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            rates_url = reverse("rates:exchange-rates") if _missing_rate(request, error) else None
        except services.DuplicateDeal as duplicate:
            duplicates = duplicate.duplicates
        except services.StaleDeal as refused:
            stale = refused
            # Saving again after reading what changed is a deliberate overwrite.
            form.data = form.data.copy()
            form.data["version"] = refused.deal.version
        else:
            messages.success(request, _("Deal saved."))
            return redirect("deals:deal-detail", pk=deal.pk)
    return _deal_form_page(
        request,
        form,
        {
            "deal": deal,
            "duplicates": duplicates,
            "stale": stale,
            "title": _("Correct an intended deal"),
            "rates_url": rates_url,
        },
        status=409 if stale else 200,
    )


@login_required
@require_POST
def deal_follow_up(request, pk: int):
    require(can(request.user, "deals.move"))
    deal = get_in_scope_or_404(deals_changeable_by(request.user), pk=pk)
    form = FollowUpForm(request.POST, deal=deal)
    if form.is_valid():
        try:
            services.deal_move(
                deal=deal,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except services.FollowUpError as error:
            messages.error(request, str(error))
        except services.StaleDeal:
            messages.error(
                request, _("Someone changed this deal meanwhile: look at it again and retry.")
            )
        else:
            deal.refresh_from_db()
            messages.success(
                request, _("The deal is now %(status)s.") % {"status": deal.get_status_display()}
            )
    else:
        messages.error(request, _("Choose where the deal moves to."))
    return redirect("deals:deal-detail", pk=deal.pk)


@login_required
@require_POST
def deal_note(request, pk: int):
    require(can(request.user, "deals.move"))
    deal = get_in_scope_or_404(deals_changeable_by(request.user), pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_note_add(deal=deal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Note added."))
    else:
        messages.error(request, _("Give a date and a note."))
    return redirect("deals:deal-detail", pk=deal.pk)


@login_required
def follow_up(request):
    """The office's page: open deals of past editions due for follow-up, execution rates."""
    require(can(request.user, "deals.follow_up"))
    deals = deals_visible_to(request.user)
    return render(
        request,
        "deals/follow_up.html",
        {
            "due": selectors.deals_due_for_follow_up(deals, today=timezone.localdate())[:500],
            "rates": selectors.execution_rates(deals),
        },
    )
