"""Pages of tiered review: queues, a registration's review page and its decisions, notices,
progress against targets (the bulk pages are ``bulk_views``). Every change goes through
``purchasers.review.services``."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from delegations.capabilities import can
from delegations.permissions import (
    delegations_visible_to,
    get_in_scope_or_404,
    sub_delegations_visible_to,
)

from .. import personal_data
from ..checks.forms import CheckForm
from ..checks.sheet import check_kind_of
from ..models import Registration
from ..permissions import out_of_scope_is_404
from ..registration.selectors import last_return
from . import services as review
from .bulk_views import queue_bulk_actions
from .selectors import (
    PENDING,
    QUEUE_TABS,
    next_in_queue,
    notices_for,
    progress_for,
    registration_for_review,
    review_queue_filters,
    review_tab,
    user_can_review,
)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The registrant reads this in their email and notices."),
    )


def _int_or_none(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


QUEUE_PAGE_SIZE = 50


def _queue_filters(params) -> dict:
    """The queue's filter as a page, a form or a decision carries it along."""
    tab = params.get("tab", PENDING)
    return {
        "tab": tab if tab in dict(QUEUE_TABS) else PENDING,
        "q": params.get("q", "").strip(),
        "sub_delegation": _int_or_none(params.get("sub_delegation")),
    }


def _query(filters: dict, **changes) -> str:
    values = {**filters, **changes}
    return urlencode({k: v for k, v in values.items() if v not in (None, "", PENDING)})


@login_required
def queue(request):
    user = request.user
    filters = _queue_filters(request.GET)
    find = {"q": filters["q"], "sub_delegation": filters["sub_delegation"]}
    rows = review_tab(user=user, tab=filters["tab"], **find)
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [
        (tab, label, review_tab(user=user, tab=tab, **find).count(), _query(filters, tab=tab))
        for tab, label in QUEUE_TABS
    ]
    return render(
        request,
        "purchasers/review_queue.html",
        {
            "page": page,
            "rows": page.object_list,
            "tabs": tabs,
            "tab": filters["tab"],
            "q": filters["q"],
            "sub_delegation": filters["sub_delegation"],
            "query": _query(filters),
            "sub_delegations": review_queue_filters(user=request.user),
            "bulk_actions": queue_bulk_actions(request.user) if filters["tab"] == PENDING else [],
            "can_check": check_kind_of(request.user) is not None,
            "progress_delegations": delegations_visible_to(request.user)
            if can(request.user, "review.progress")
            else [],
        },
    )


def _review_context(user, registration) -> dict:
    """What the review page and the rejection's confirmation show of a registration."""
    access = personal_data.access_for(user, registration)
    reviewable = user_can_review(user=user, registration=registration)
    is_lead = reviewable and can(user, "review.lead_decide")
    is_office = reviewable and can(user, "review.office_decide")
    return {
        "registration": registration,
        "contact_phone": personal_data.shown(
            registration.contact_phone, access[personal_data.CONTACT_PHONE]
        ),
        "attendees": personal_data.attendees_for(access, registration.attendees.all()),
        "people_hidden": access[personal_data.ATTENDEES] == personal_data.HIDDEN,
        "lead_can_act": is_lead and registration.status == Registration.Status.SUBMITTED,
        "office_can_act": is_office and registration.status == Registration.Status.LEAD_APPROVED,
    }


@login_required
def detail(request, pk: int):
    registration = registration_for_review(user=request.user, pk=pk)
    user = request.user
    filters = _queue_filters(request.GET)
    events = list(registration.events.all())
    upcoming = next_in_queue(
        user=user,
        after=registration,
        q=filters["q"],
        sub_delegation=filters["sub_delegation"],
    )
    return render(
        request,
        "purchasers/review_detail.html",
        {
            **_review_context(user, registration),
            "events": personal_data.history_for(
                user, registration, registration.events.select_related("actor")
            ),
            "returned": last_return(registration, events),
            "missing": review.missing_checks(registration),
            "can_resubmit": can(user, "review.resubmit")
            and registration.status == Registration.Status.RETURNED,
            "can_credit_check": can(user, "checks.set_credit"),
            "can_background_check": can(user, "checks.set_background"),
            "return_form": ReasonForm(auto_id="return_%s"),
            "send_back_form": ReasonForm(auto_id="send_back_%s"),
            "check_form": CheckForm(),
            "filters": filters,
            "query": _query(filters),
            "upcoming": upcoming,
        },
    )


def _after_decision(request, registration: Registration):
    """The next registration waiting under the queue's filter, or the queue when none is."""
    filters = _queue_filters(request.POST)
    query = _query(filters)
    upcoming = next_in_queue(
        user=request.user,
        after=registration,
        q=filters["q"],
        sub_delegation=filters["sub_delegation"],
    )
    if upcoming is None:
        messages.info(request, _("Nothing else waits for you under this filter."))
        return redirect(f"{reverse('review:queue')}?{query}")
    return redirect(f"{reverse('review:detail', args=[upcoming.pk])}?{query}")


def _act(request, pk: int, action, *, needs_reason: bool = False, done: str = "", then_next=True):
    registration = get_object_or_404(Registration, pk=pk)
    kwargs = {"reason": request.POST.get("reason", "")} if needs_reason else {}
    back = f"{reverse('review:detail', args=[pk])}?{_query(_queue_filters(request.POST))}"
    try:
        action(registration=registration, by=request.user, **kwargs)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, done % {"name": registration.name})
    return _after_decision(request, registration) if then_next else redirect(back)


@login_required
@require_POST
@out_of_scope_is_404
def approve(request, pk: int):
    return _act(request, pk, review.registration_lead_approve, done=_("Approved: %(name)s."))


@login_required
@require_http_methods(["GET", "POST"])
@out_of_scope_is_404
def reject(request, pk: int):
    """Rejection is final: it has a page of its own that says so and asks for the reason."""
    error = None
    if request.method == "POST":
        registration = get_object_or_404(Registration, pk=pk)
        try:
            review.registration_lead_reject(
                registration=registration, by=request.user, reason=request.POST.get("reason", "")
            )
        except review.ReviewError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Rejected: %(name)s.") % {"name": registration.name})
            return _after_decision(request, registration)
    registration = registration_for_review(user=request.user, pk=pk)
    context = _review_context(request.user, registration)
    if not context["lead_can_act"]:
        if error:
            messages.error(request, error)
        return redirect("review:detail", pk=pk)
    filters = _queue_filters(request.POST if request.method == "POST" else request.GET)
    form = ReasonForm(request.POST if request.method == "POST" else None, auto_id="reject_%s")
    if error:
        form.add_error("reason", error)
    return render(
        request,
        "purchasers/review_reject.html",
        {**context, "form": form, "filters": filters, "query": _query(filters)},
        status=400 if error else 200,
    )


@login_required
@require_POST
@out_of_scope_is_404
def return_(request, pk: int):
    return _act(
        request,
        pk,
        review.registration_return,
        needs_reason=True,
        done=_("Returned to the registrant for correction: %(name)s."),
    )


@login_required
@require_POST
@out_of_scope_is_404
def report(request, pk: int):
    return _act(request, pk, review.registration_office_report, done=_("Reported: %(name)s."))


@login_required
@require_POST
@out_of_scope_is_404
def send_back(request, pk: int):
    return _act(
        request,
        pk,
        review.registration_office_send_back,
        needs_reason=True,
        done=_("Sent back to the lead agency: %(name)s."),
    )


@login_required
@require_POST
@out_of_scope_is_404
def resubmit(request, pk: int):
    return _act(
        request,
        pk,
        review.registration_resubmit,
        done=_("Submitted again for review."),
        then_next=False,
    )


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
