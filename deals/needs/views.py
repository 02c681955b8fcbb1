"""Pages of procurement needs and their matchmaking with exhibitors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.capabilities import can
from delegations.permissions import get_in_scope_or_404

from ..directory.models import Exhibitor
from ..permissions import (
    meetings_visible_to,
    needs_changeable_by,
    needs_visible_to,
    registrations_for_deals,
    require,
)
from ..records.forms import add_service_errors
from . import selectors, services
from .forms import MeetingForm, NeedForm
from .models import Meeting


@login_required
def need_index(request):
    return render(
        request,
        "deals/need_list.html",
        {
            "needs": needs_visible_to(request.user).prefetch_related("meetings")[:500],
            "may_publish": registrations_for_deals(request.user).exists(),
        },
    )


@login_required
def need_create(request):
    require(can(request.user, "deals.record"))
    form = NeedForm(request.POST or None, registrations=registrations_for_deals(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_publish(
                by=request.user, data=services.NeedData(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Procurement need published."))
            return redirect("needs:need-detail", pk=need.pk)
    return render(request, "deals/need_form.html", {"form": form})


@login_required
def need_detail(request, pk: int):
    """The matchmaking page of one need: matching exhibitors and the meetings."""
    need = get_in_scope_or_404(needs_visible_to(request.user), pk=pk)
    may_record = needs_changeable_by(request.user).filter(pk=need.pk).exists()
    matches = selectors.matching_exhibitors(need)
    exhibitors = Exhibitor.objects.filter(edition=need.registration.edition_id)
    meeting_pk = request.POST.get("meeting") or request.GET.get("meeting")
    meeting = (
        get_in_scope_or_404(meetings_visible_to(request.user).filter(need=need), pk=meeting_pk)
        if meeting_pk
        else None
    )
    initial = {"meets_on": timezone.localdate()}
    if request.GET.get("exhibitor", "").isdigit():
        initial["exhibitor"] = int(request.GET["exhibitor"])
    form = MeetingForm(
        request.POST or None, instance=meeting, initial=initial, exhibitors=exhibitors
    )
    if request.method == "POST":
        require(may_record)
        if form.is_valid():
            try:
                services.meeting_record(
                    by=request.user, need=need, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("needs:need-detail", pk=need.pk)
    return render(
        request,
        "deals/need_detail.html",
        {
            "need": need,
            "matches": matches,
            "meetings": need.meetings.select_related("exhibitor"),
            "form": form if may_record else None,
            "meeting": meeting,
            "meeting_statuses": Meeting.Status,
        },
    )
