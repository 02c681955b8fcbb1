"""Pages for deadlines, reminder rules and the reminder history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..models import Deadline, Reminder
from ..obligations import describe, owed_by
from ..permissions import (
    Scope,
    deadline_delegations_visible_to,
    deadline_pages_changeable_by,
    deadline_scopes_for,
    deadlines_changeable_by,
    delegations_managed_by,
    get_in_scope_or_404,
    in_scope,
    lead_agencies_of,
    lead_agencies_visible_to,
    reminder_history_visible_to,
)
from .forms import DeadlineForm, ReminderRuleForm
from .reminders import reminders_send_due
from .selectors import deadline_history, effective_deadlines, rules_for
from .services import deadline_delete, deadline_set, reminder_rule_set


@login_required
def deadline_index(request):
    delegations = deadline_delegations_visible_to(request.user)
    return render(request, "delegations/deadline_list.html", {"delegations": delegations})


def _agency_rows(user, delegation) -> list[dict]:
    # A lead sees its own agencies; the office and the national viewer every agency.
    agencies = (
        lead_agencies_of(user) if in_scope(user, Scope.LEAD) else lead_agencies_visible_to(user)
    )
    agencies = list(
        agencies.filter(sub_delegation__delegation=delegation)
        .select_related("sub_delegation__delegation__edition")
        .prefetch_related("units")
        .order_by("sub_delegation__sort_order", "sort_order", "pk")
    )
    effective = effective_deadlines(agencies)
    today = timezone.localdate()
    rows = []
    for agency in agencies:
        for _kind, deadline in sorted(effective.get(agency.pk, {}).items()):
            rows.append(
                {
                    "agency": agency,
                    "deadline": deadline,
                    "days_left": (deadline.due_on - today).days,
                    "days_overdue": max((today - deadline.due_on).days, 0),
                    "owed": [describe(o) for o in owed_by(agency=agency, deadline=deadline)],
                }
            )
    return rows


@login_required
def deadline_detail(request, pk: int, form=None):
    user = request.user
    delegation = get_in_scope_or_404(deadline_delegations_visible_to(user), pk=pk)
    scopes = deadline_scopes_for(user, delegation)
    managed = "delegation" in scopes
    deadlines = Deadline.objects.filter(
        Q(edition=delegation.edition_id, delegation__isnull=True) | Q(delegation=delegation)
    ).select_related("lead_agency__sub_delegation", "set_by")
    if in_scope(user, Scope.LEAD):
        deadlines = deadlines.filter(
            Q(lead_agency__isnull=True) | Q(lead_agency__in=lead_agencies_of(user))
        )
    context = {
        "delegation": delegation,
        "managed": managed,
        "deadlines": deadlines.prefetch_related("lead_agency__units"),
        "rows": _agency_rows(user, delegation),
        "removable": set(deadlines_changeable_by(user, delegation).values_list("pk", flat=True)),
        # Who changed a date or a rule is the office's and the national staff's to see.
        "events": deadline_history(delegation)
        if managed or in_scope(user, Scope.EVERYTHING)
        else None,
    }
    if scopes:
        context["form"] = form or DeadlineForm(delegation=delegation, scopes=scopes)
    if managed:
        context["rules"] = [
            (
                rule,
                ReminderRuleForm(
                    initial={
                        "kind": rule.kind,
                        "steps": ", ".join(str(s) for s in rule.steps),
                        "active": rule.active,
                    },
                    prefix=rule.kind,
                ),
            )
            for rule in rules_for(delegation)
        ]
    return render(request, "delegations/deadline_detail.html", context)


def _managed_or_404(request, pk):
    return get_in_scope_or_404(delegations_managed_by(request.user), pk=pk)


@login_required
@require_POST
def deadline_save(request, pk: int):
    delegation = get_in_scope_or_404(deadline_pages_changeable_by(request.user), pk=pk)
    scopes = deadline_scopes_for(request.user, delegation)
    form = DeadlineForm(request.POST, delegation=delegation, scopes=scopes)
    if form.is_valid():
        try:
            deadline_set(
                edition=delegation.edition,
                kind=form.cleaned_data["kind"],
                due_on=form.cleaned_data["due_on"],
                note=form.cleaned_data["note"],
                by=request.user,
                **form.scope(),
            )
        except ValidationError as error:
            form.add_error("due_on", error)
        else:
            messages.success(request, _("Deadline saved."))
            return redirect("deadlines:detail", pk=delegation.pk)
    return deadline_detail(request, pk=pk, form=form)


@login_required
@require_POST
def deadline_remove(request, pk: int, deadline_pk: int):
    delegation = get_in_scope_or_404(deadline_pages_changeable_by(request.user), pk=pk)
    # An office never reaches the bureau's dates (they apply to every delegation): 404.
    deadline = get_in_scope_or_404(
        deadlines_changeable_by(request.user, delegation), pk=deadline_pk
    )
    deadline_delete(deadline=deadline, by=request.user)
    messages.success(request, _("Deadline removed."))
    return redirect("deadlines:detail", pk=delegation.pk)


@login_required
@require_POST
def reminder_rule_save(request, pk: int):
    delegation = _managed_or_404(request, pk)
    kind = request.POST.get("kind", "")
    form = ReminderRuleForm(request.POST, prefix=kind)
    if form.is_valid():
        reminder_rule_set(
            delegation=delegation,
            kind=form.cleaned_data["kind"],
            steps=form.cleaned_data["steps"],
            active=form.cleaned_data["active"],
            by=request.user,
        )
        messages.success(request, _("Reminder rule saved."))
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Reminder rule not saved: %(errors)s") % {"errors": errors})
    return redirect("deadlines:detail", pk=delegation.pk)


@login_required
@require_POST
def reminders_run(request, pk: int):
    delegation = _managed_or_404(request, pk)
    result = reminders_send_due(delegation=delegation, by=request.user)
    messages.success(
        request,
        _("Reminders run: %(sent)s sent, %(failed)s failed, %(unknown)s unknown.")
        % {"sent": result.sent, "failed": result.failed, "unknown": result.unknown},
    )
    if not result.sent:
        messages.warning(request, _why_nothing_was_sent(request.user, delegation, result))
    return redirect("deadlines:reminder-history", pk=delegation.pk)


def _why_nothing_was_sent(user, delegation, result) -> str:
    """Why a run sent nothing, and whom to call: the agencies that still owe something,
    with their liaison's phone (the ones without a liaison email cannot be emailed)."""
    if result.failed:
        why = ngettext(
            "%(n)d reminder could not be sent: its lead agency has no liaison email, or the "
            "mail server refused it.",
            "%(n)d reminders could not be sent: their lead agencies have no liaison email, "
            "or the mail server refused them.",
            result.failed,
        ) % {"n": result.failed}
    else:
        why = _(
            "Nothing was due: reminders go out on the days the rules set before each "
            "deadline, and each only once."
        )
    lagging = {}
    for row in _agency_rows(user, delegation):
        if row["owed"]:
            for unit in row["agency"].units.all():
                lagging[unit.pk] = unit
    if not lagging:
        return why + " " + _("No lead agency owes anything now.")
    calls = "；".join(
        f"{unit.display_name} "
        + (unit.liaison_phone or _("no phone number"))
        + ("" if unit.liaison_email else _(" (no liaison email)"))
        for unit in lagging.values()
    )
    return why + " " + _("To call: %(calls)s") % {"calls": calls}


@login_required
def reminder_history(request, pk: int):
    delegation = get_in_scope_or_404(reminder_history_visible_to(request.user), pk=pk)
    reminders = (
        Reminder.objects.filter(delegation=delegation)
        .select_related("deadline", "lead_agency__sub_delegation")
        .prefetch_related("lead_agency__units")
    )
    rows = []
    for reminder in reminders:
        if reminder.kind == Reminder.Kind.AGENCY:
            owed = [describe(item) for item in reminder.owed]
        else:
            owed = [
                f"{entry['name']}: " + " ".join(describe(item) for item in entry["owed"])
                for entry in reminder.owed
            ]
        rows.append({"reminder": reminder, "owed": owed})
    return render(
        request,
        "delegations/reminder_history.html",
        {
            "delegation": delegation,
            "rows": rows,
            "managed": delegations_managed_by(request.user).filter(pk=delegation.pk).exists(),
            "problems": sum(
                1
                for r in reminders
                if r.status in (Reminder.Status.FAILED, Reminder.Status.UNKNOWN)
            ),
        },
    )
