"""The registrant's bulk page: submit many drafts, the selected ones or every complete
draft the list shows under its filter.

Two steps: the selection shows a confirmation page that says how many and what (and, running
the action and undoing it, which of them could not go through and why), then the
confirmation does it, all or nothing. Every change goes through
``registrations_submit_bulk``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delegations.models import Edition
from delegations.permissions import delegations_visible_to

from .. import bulk
from ..models import Registration
from ..permissions import can_register, out_of_scope_is_404, registrations_owned_by
from .completeness import registrations_submittable
from .selectors import registration_list
from .services import current_edition, registrations_submit_bulk


def _chosen_edition(user, number: str) -> Edition | None:
    editions = Edition.objects.filter(delegations__in=delegations_visible_to(user)).distinct()
    chosen = editions.filter(number=number).first() if str(number).isdigit() else None
    return chosen or current_edition(user=user)


def _submitted(request, done: list, back: str):
    messages.success(
        request,
        ngettext(
            "Submitted %(n)d registration for review.",
            "Submitted %(n)d registrations for review.",
            len(done),
        )
        % {"n": len(done)},
    )
    return redirect(f"{back}?status=submitted")


@login_required
@require_POST
@out_of_scope_is_404
def registration_bulk_submit(request):
    """Submit the selected registrations, or every complete draft matching the list's filter."""
    if not can_register(request.user):
        raise Http404
    if request.POST.get("mode") == "filter":
        return _submit_by_filter(request)
    return _submit_selected(request)


def _submit_by_filter(request):
    user, back = request.user, reverse("registrations:list")
    confirmed = request.POST.get("confirm") == "yes"
    filters = {k: request.POST.get(k, "").strip() for k in ("status", "sub_delegation", "q")}
    edition = _chosen_edition(user, request.POST.get("edition", ""))
    matching = registration_list(user=user, edition=edition, **filters)
    drafts = (
        registrations_owned_by(user)
        .filter(pk__in=matching.values("pk"), status=Registration.Status.DRAFT)
        .prefetch_related("attendees")
        .order_by("pk")
    )
    ready, left = registrations_submittable(drafts)
    refused = []
    if confirmed and str(len(ready)) != request.POST.get("expected"):
        messages.warning(request, _("The list changed while you were confirming: check it again."))
    elif confirmed and ready:
        try:
            done = registrations_submit_bulk(registration_ids=[r.pk for r in ready], by=user)
        except bulk.BulkRefused as refusal:
            refused = refusal.reasons
        else:
            return _submitted(request, done, back)
    return bulk.confirm_page(
        request,
        title=_("Submit registrations"),
        question=ngettext(
            "Submit %(n)d complete draft for review?",
            "Submit %(n)d complete drafts for review?",
            len(ready),
        )
        % {"n": len(ready)},
        items=[f"{r.name} · {r.sub_delegation.display_name}" for r in ready],
        left_out=[(r.name, why) for r, why in left],
        refused=refused,
        can_confirm=bool(ready) and not refused,
        action=reverse("registrations:bulk-submit"),
        hidden=[
            ("mode", "filter"),
            ("edition", edition.number if edition else ""),
            *filters.items(),
            ("expected", len(ready)),
        ],
        confirm_label=_("Yes, submit them"),
        confirm_id="confirm-bulk-submit",
        cancel_url=back,
    )


def _submit_selected(request):
    user, back = request.user, reverse("registrations:list")
    ids = bulk.posted_ids(request)
    if not ids:
        messages.error(request, _("Select at least one registration."))
        return redirect(back)
    selected = list(registrations_owned_by(user).filter(pk__in=ids).order_by("pk"))
    if len(selected) != len(ids):
        raise Http404
    if request.POST.get("confirm") == "yes":
        try:
            done = registrations_submit_bulk(registration_ids=ids, by=user)
        except bulk.BulkRefused as refusal:
            refused = refusal.reasons
        else:
            return _submitted(request, done, back)
    else:
        refused = bulk.dry_run(registrations_submit_bulk, registration_ids=ids, by=user)
    return bulk.confirm_page(
        request,
        title=_("Submit registrations"),
        question=ngettext(
            "Submit %(n)d registration for review?",
            "Submit %(n)d registrations for review?",
            len(ids),
        )
        % {"n": len(ids)},
        items=[f"{r.name} · {r.sub_delegation.display_name}" for r in selected],
        refused=refused,
        action=reverse("registrations:bulk-submit"),
        hidden=[("ids", pk) for pk in ids],
        confirm_label=_("Yes, submit them"),
        confirm_id="confirm-bulk-submit",
        cancel_url=back,
    )
