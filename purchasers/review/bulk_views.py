"""The reviewers' bulk pages: leads approve many, the office reports up and sends back many,
the selected registrations of the queue or all it shows under its filter.

Two steps: the selection shows a confirmation page that says how many and what (and, running
the action and undoing it, which of them could not go through and why), then the
confirmation does it, all or nothing. Ids outside the user's scope answer 404 for the whole
request. Every change goes through the bulk services of ``purchasers.review.services``.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from delegations.capabilities import can

from .. import bulk
from ..permissions import out_of_scope_is_404, registrations_reviewable_by
from . import services as review
from .selectors import review_queue

REVIEW_ACTIONS = {
    "approve": {
        "capability": "review.lead_decide",
        "service": review.registrations_bulk_approve,
        "title": gettext_lazy("Approve registrations"),
        "question": ("Approve %(n)s registration?", "Approve %(n)s registrations?"),
        "confirm": gettext_lazy("Yes, approve them"),
        "done": gettext_lazy("Approved %(n)d registrations."),
        "url": "review:bulk-approve",
    },
    "report": {
        "capability": "review.office_decide",
        "service": review.registrations_bulk_report,
        "title": gettext_lazy("Report registrations"),
        "question": ("Report %(n)s registration up?", "Report %(n)s registrations up?"),
        "confirm": gettext_lazy("Yes, report them"),
        "done": gettext_lazy("Reported %(n)d registrations."),
        "url": "review:bulk-report",
    },
    "send-back": {
        "capability": "review.office_decide",
        "service": review.registrations_bulk_send_back,
        "title": gettext_lazy("Send registrations back"),
        "question": (
            "Send %(n)s registration back to its lead agency?",
            "Send %(n)s registrations back to their lead agencies?",
        ),
        "confirm": gettext_lazy("Yes, send them back"),
        "done": gettext_lazy("Sent %(n)d registrations back to their lead agencies."),
        "url": "review:bulk-send-back",
        "reason": True,
    },
}


def _review_selection(request, filters: dict, by_filter: bool):
    """The registrations acted on, their ids, and the fields the confirmation carries."""
    user = request.user
    if by_filter:
        selected = list(
            review_queue(
                user=user,
                q=filters["q"],
                sub_delegation=int(filters["sub_delegation"])
                if filters["sub_delegation"].isdigit()
                else None,
            ).order_by("pk")
        )
        ids = [r.pk for r in selected]
        return selected, ids, [("mode", "filter"), *filters.items(), ("expected", len(ids))]
    ids = bulk.posted_ids(request)
    selected = list(registrations_reviewable_by(user).filter(pk__in=ids).order_by("pk"))
    if len(selected) != len(ids):
        # Something not (or no longer) in this reviewer's scope was sent: act on nothing.
        raise Http404
    return selected, ids, [("ids", pk) for pk in ids]


def _review_bulk(request, action: str):
    """The selected registrations of the queue, or (``mode=filter``) all the queue shows
    under its filter: a lead's 3,000 submitted firms need no 3,000 ticks."""
    spec = REVIEW_ACTIONS[action]
    user = request.user
    if not can(user, spec["capability"]):
        raise Http404
    by_filter = request.POST.get("mode") == "filter"
    filters = {
        "q": request.POST.get("q", "").strip(),
        "sub_delegation": request.POST.get("sub_delegation", "").strip(),
    }
    selected, ids, hidden = _review_selection(request, filters, by_filter)
    queue_url = reverse("review:queue")
    if kept := urlencode({k: v for k, v in filters.items() if v}):
        queue_url += f"?{kept}"  # the queue as the reviewer filtered it
    if not ids:
        messages.error(request, _("Select at least one registration."))
        return redirect(queue_url)
    needs_reason = spec.get("reason", False)
    kwargs = {"reason": request.POST.get("reason", "")} if needs_reason else {}
    refused = []
    if request.POST.get("confirm") == "yes":
        if by_filter and str(len(ids)) != request.POST.get("expected"):
            messages.warning(
                request, _("The list changed while you were confirming: check it again.")
            )
        else:
            try:
                done = spec["service"](registration_ids=ids, by=user, **kwargs)
            except bulk.BulkRefused as refusal:
                refused = refusal.reasons
            except review.ReviewError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, str(spec["done"]) % {"n": len(done)})
                return redirect(queue_url)
    else:
        if needs_reason:
            kwargs = {"reason": "—"}  # the reason comes with the confirmation
        refused = bulk.dry_run(spec["service"], registration_ids=ids, by=user, **kwargs)
    singular, plural = spec["question"]
    return bulk.confirm_page(
        request,
        title=str(spec["title"]),
        question=ngettext(singular, plural, len(ids)) % {"n": len(ids)},
        items=[f"{r.name} · {r.sub_delegation.display_name}" for r in selected],
        refused=refused,
        action=reverse(spec["url"]),
        hidden=hidden,
        confirm_label=str(spec["confirm"]),
        confirm_id=f"confirm-bulk-{action}",
        cancel_url=queue_url,
        reason_field=needs_reason,
    )


@login_required
@require_POST
@out_of_scope_is_404
def bulk_approve(request):
    return _review_bulk(request, "approve")


@login_required
@require_POST
@out_of_scope_is_404
def bulk_report(request):
    return _review_bulk(request, "report")


@login_required
@require_POST
@out_of_scope_is_404
def bulk_send_back(request):
    return _review_bulk(request, "send-back")


def queue_bulk_actions(user) -> list[tuple[str, str, str, str]]:
    """The bulk buttons a reviewer's queue offers: (url, button id, for the selected, for
    all the queue shows)."""
    actions = []
    if can(user, "review.lead_decide"):
        actions.append(
            (
                reverse("review:bulk-approve"),
                "bulk-approve",
                _("Approve selected"),
                _("Approve all shown"),
            )
        )
    if can(user, "review.office_decide"):
        actions.append(
            (
                reverse("review:bulk-report"),
                "bulk-report",
                _("Report selected"),
                _("Report all shown"),
            )
        )
        actions.append(
            (
                reverse("review:bulk-send-back"),
                "bulk-send-back",
                _("Send selected back"),
                _("Send all shown back"),
            )
        )
    return actions
