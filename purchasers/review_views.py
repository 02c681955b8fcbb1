"""Pages of tiered review: queues, a registration's review page, bulk approval, notices,
progress against targets. Every change goes through ``purchasers.review``."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from delegations.capabilities import can
from delegations.models import User
from delegations.permissions import (
    delegations_visible_to,
    get_in_scope_or_404,
    has_role,
    sub_delegations_visible_to,
)

from . import personal_data, review
from .bulk_views import queue_bulk_actions
from .check_imports import check_kind_of
from .models import Attendee, CheckStatus, Registration
from .review_selectors import (
    history_of,
    notices_for,
    progress_for,
    registration_for_review,
    review_queue,
    review_queue_filters,
    user_can_review,
)

Role = User.Role
Status = Registration.Status


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The registrant reads this in their email and notices."),
    )


class CheckForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Result"), choices=CheckStatus.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when the check failed."),
    )


def _as_404(view):
    """Out of scope answers 404, whatever the service found out of scope."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except review.NotInScope as exc:
            raise Http404 from exc

    return wrapper


def _int_or_none(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@login_required
def queue(request):
    q = request.GET.get("q", "")
    sub = _int_or_none(request.GET.get("sub_delegation"))
    rows = review_queue(user=request.user, q=q, sub_delegation=sub)
    return render(
        request,
        "purchasers/review_queue.html",
        {
            "rows": rows,
            "q": q,
            "sub_delegation": sub,
            "sub_delegations": review_queue_filters(user=request.user),
            "bulk_actions": queue_bulk_actions(request.user),
            "can_check": check_kind_of(request.user) is not None,
            "progress_delegations": delegations_visible_to(request.user)
            if can(request.user, "review.progress")
            else [],
        },
    )


@login_required
def detail(request, pk: int):
    registration = registration_for_review(user=request.user, pk=pk)
    user = request.user
    reviewable = user_can_review(user=user, registration=registration)
    is_lead = reviewable and can(user, "review.lead_decide")
    is_office = reviewable and can(user, "review.office_decide")
    return render(
        request,
        "purchasers/review_detail.html",
        {
            "registration": registration,
            "events": personal_data.history_for(user, registration, history_of(registration)),
            "attendees": personal_data.attendees_for(
                personal_data.access_for(user, registration), registration.attendees.all()
            ),
            "missing": review.missing_checks(registration),
            "lead_can_act": is_lead and registration.status == Status.SUBMITTED,
            "office_can_act": is_office and registration.status == Status.LEAD_APPROVED,
            "can_resubmit": can(user, "review.resubmit") and registration.status == Status.RETURNED,
            "can_credit_check": can(user, "checks.set_credit"),
            "can_background_check": can(user, "checks.set_background"),
            "reason_form": ReasonForm(),
            "check_form": CheckForm(),
            "show_id_numbers": has_role(user, Role.BACKGROUND_CHECKER),
        },
    )


def _act(request, pk: int, action, *, needs_reason: bool = False, done: str = ""):
    registration = get_object_or_404(Registration, pk=pk)
    kwargs = {"reason": request.POST.get("reason", "")} if needs_reason else {}
    try:
        action(registration=registration, by=request.user, **kwargs)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("review-detail", pk=pk)


@login_required
@require_POST
@_as_404
def approve(request, pk: int):
    return _act(request, pk, review.registration_lead_approve, done=_("Approved."))


@login_required
@require_POST
@_as_404
def reject(request, pk: int):
    return _act(
        request, pk, review.registration_lead_reject, needs_reason=True, done=_("Rejected.")
    )


@login_required
@require_POST
@_as_404
def return_(request, pk: int):
    return _act(
        request,
        pk,
        review.registration_return,
        needs_reason=True,
        done=_("Returned to the registrant for correction."),
    )


@login_required
@require_POST
@_as_404
def report(request, pk: int):
    return _act(request, pk, review.registration_office_report, done=_("Reported."))


@login_required
@require_POST
@_as_404
def send_back(request, pk: int):
    return _act(
        request,
        pk,
        review.registration_office_send_back,
        needs_reason=True,
        done=_("Sent back to the lead agency."),
    )


@login_required
@require_POST
@_as_404
def resubmit(request, pk: int):
    return _act(request, pk, review.registration_resubmit, done=_("Submitted again for review."))


@login_required
@require_POST
@_as_404
def credit_check(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        review.registration_set_credit_check(
            registration=registration, by=request.user, **form.cleaned_data
        )
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Credit check recorded."))
    return redirect("review-detail", pk=pk)


@login_required
@require_POST
@_as_404
def background_check(request, pk: int, attendee_pk: int):
    attendee = get_object_or_404(Attendee, pk=attendee_pk, registration=pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        review.attendee_set_background_check(
            attendee=attendee, by=request.user, **form.cleaned_data
        )
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Background check recorded."))
    return redirect("review-detail", pk=pk)


@login_required
def notices(request):
    rows = list(notices_for(user=request.user)[:200])
    unread = [n.pk for n in rows if n.read_at is None]
    response = render(
        request, "purchasers/review_notices.html", {"notices": rows, "unread": unread}
    )
    review.notices_mark_read(user=request.user, notice_ids=unread)
    return response


@login_required
def delegation_progress(request, pk: int):
    if not can(request.user, "review.progress"):
        raise Http404
    delegation = get_in_scope_or_404(delegations_visible_to(request.user), pk=pk)
    rows, totals = progress_for(user=request.user, delegation=delegation)
    return render(
        request,
        "purchasers/review_progress.html",
        {"agencies": rows, "totals": totals, "delegation": delegation, "title": delegation},
    )


@login_required
def sub_delegation_progress(request, pk: int):
    if not can(request.user, "review.progress"):
        raise Http404
    sub = get_in_scope_or_404(sub_delegations_visible_to(request.user), pk=pk)
    rows, totals = progress_for(user=request.user, sub_delegation=sub)
    return render(
        request,
        "purchasers/review_progress.html",
        {
            "agencies": rows,
            "totals": totals,
            "delegation": sub.delegation,
            "sub": sub,
            "title": sub,
        },
    )
