"""Pages of the leading group's office and of the member units reporting in.

Views only parse, fetch through the scoped querysets (outside scope: 404) and call the
services, which check the capability themselves (403) and refuse by state (409).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS as DJANGO_WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.capabilities import can, check
from delegations.permissions import (
    delegations_managed_by,
    delegations_visible_to,
    get_in_scope_or_404,
)
from delegations.sheets import XLSX_CONTENT_TYPE

from ..rollups.selectors import totals_scope
from . import reports, services, unit_reports
from .emails import document_html
from .models import BulletinSchedule, UnitReport
from .records import records_figures
from .selectors import (
    bulletins_visible_to,
    registration_closes_on,
    reporting_delegations_of,
    reports_visible_to,
    unit_reports_visible_to,
)

WEEKDAYS = sorted(DJANGO_WEEKDAYS.items())


def _refused_page(request, message, back: str):
    return render(
        request, "deals/bulletins/refused.html", {"message": message, "back": back}, status=409
    )


def _office_delegation(request, pk: int, capability: str):
    delegation = get_in_scope_or_404(delegations_managed_by(request.user), pk=pk)
    check(request.user, capability, delegation)
    return delegation


# --- bulletins ---------------------------------------------------------------------------


@login_required
def bulletin_list(request, pk: int):
    delegation = _office_delegation(request, pk, "bulletins.compose")
    return render(
        request,
        "deals/bulletins/bulletin_list.html",
        {
            "delegation": delegation,
            "bulletins": bulletins_visible_to(request.user).filter(delegation=delegation),
            "schedule": BulletinSchedule.objects.filter(delegation=delegation).first(),
            "closes_on": registration_closes_on(delegation),
            "weekdays": WEEKDAYS,
        },
    )


@login_required
@require_POST
def bulletin_compose_view(request, pk: int):
    delegation = _office_delegation(request, pk, "bulletins.compose")
    bulletin = services.bulletin_compose(
        delegation=delegation, by=request.user, note=request.POST.get("note", "")
    )
    return redirect("bulletins:bulletin-detail", pk=bulletin.pk)


@login_required
def bulletin_detail(request, pk: int):
    bulletin = get_in_scope_or_404(bulletins_visible_to(request.user), pk=pk)
    return render(
        request,
        "deals/bulletins/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "delegation": bulletin.delegation,
            "figures": bulletin.figures,
            "deliveries": bulletin.deliveries.select_related("unit"),
            "may_send": can(request.user, "bulletins.send", bulletin),
        },
    )


@login_required
def bulletin_print(request, pk: int):
    bulletin = get_in_scope_or_404(bulletins_visible_to(request.user), pk=pk)
    return HttpResponse(document_html(bulletin, request.LANGUAGE_CODE))


@login_required
@require_POST
def bulletin_send_view(request, pk: int):
    bulletin = get_in_scope_or_404(bulletins_visible_to(request.user), pk=pk)
    back = redirect("bulletins:bulletin-detail", pk=bulletin.pk)
    try:
        services.bulletin_send(bulletin=bulletin, by=request.user)
    except services.BulletinError as error:
        return _refused_page(request, str(error), back.url)
    messages.success(request, _("The bulletin is on its way to every member unit's liaison."))
    return back


@login_required
@require_POST
def bulletin_schedule(request, pk: int):
    delegation = _office_delegation(request, pk, "bulletins.send")
    back = redirect("bulletins:bulletin-list", pk=delegation.pk)
    weekday = request.POST.get("weekday", "")
    try:
        services.bulletin_schedule_set(
            delegation=delegation,
            by=request.user,
            weekday=int(weekday) if weekday.isdigit() else -1,
            note=request.POST.get("note", ""),
            active=request.POST.get("active") == "on",
        )
    except services.BulletinError as error:
        return _refused_page(request, str(error), back.url)
    messages.success(request, _("Weekly bulletin saved."))
    return back


# --- the report up -------------------------------------------------------------------------


@login_required
def report_list(request, pk: int):
    delegation = _office_delegation(request, pk, "reports.report_up")
    if request.method == "POST":
        report = reports.report_up_create(delegation=delegation, by=request.user)
        return redirect("bulletins:report-detail", pk=report.pk)
    return render(
        request,
        "deals/bulletins/report_list.html",
        {
            "delegation": delegation,
            "reports": reports_visible_to(request.user).filter(delegation=delegation),
        },
    )


@login_required
def report_detail(request, pk: int):
    report = get_in_scope_or_404(reports_visible_to(request.user), pk=pk)
    return render(
        request,
        "deals/bulletins/report_detail.html",
        {"report": report, "delegation": report.delegation, "figures": report.figures},
    )


@login_required
def report_xlsx_view(request, pk: int):
    report = get_in_scope_or_404(reports_visible_to(request.user), pk=pk)
    response = HttpResponse(
        reports.report_xlsx(report, request.LANGUAGE_CODE),
        content_type=XLSX_CONTENT_TYPE,
    )
    name = f"progress-report-{report.delegation_id}-{report.produced_at:%Y%m%d-%H%M}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def records(request, pk: int):
    """The records the press quotes, for those who read the delegation's whole totals."""
    delegation = get_in_scope_or_404(delegations_visible_to(request.user), pk=pk)
    scope = totals_scope(user=request.user, edition=delegation.edition, delegation=delegation)
    if scope is None or not scope.whole_delegations:
        raise Http404
    return render(
        request,
        "deals/bulletins/records.html",
        {"delegation": delegation, "records": records_figures(delegation=delegation)},
    )


# --- member units report in ---------------------------------------------------------------


@login_required
def unit_report_list(request):
    user = request.user
    rows = unit_reports_visible_to(user)
    status = request.GET.get("status", "")
    if status in UnitReport.Status.values:
        rows = rows.filter(status=status)
    may_post = can(user, "unit_reports.post")
    return render(
        request,
        "deals/bulletins/unit_report_list.html",
        {
            "rows": rows.order_by("status", "-posted_at")[:200],
            "status": status,
            "may_post": may_post,
            "delegations": reporting_delegations_of(user) if may_post else [],
            "kinds": UnitReport.Kind.choices,
        },
    )


@login_required
@require_POST
def unit_report_create(request):
    delegation = get_in_scope_or_404(
        reporting_delegations_of(request.user), pk=request.POST.get("delegation", "")
    )
    try:
        report = unit_reports.unit_report_post(
            delegation=delegation,
            by=request.user,
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except unit_reports.UnitReportError as error:
        return _refused_page(request, str(error), redirect("bulletins:unit-report-list").url)
    messages.success(request, _("Your report was sent to the delegation office."))
    return redirect("bulletins:unit-report-detail", pk=report.pk)


@login_required
def unit_report_detail(request, pk: int):
    report = get_in_scope_or_404(unit_reports_visible_to(request.user), pk=pk)
    return render(
        request,
        "deals/bulletins/unit_report_detail.html",
        {
            "report": report,
            "entries": report.entries.select_related("author"),
            "may_answer": can(request.user, "unit_reports.answer", report),
            "may_reply": can(request.user, "unit_reports.post", report),
        },
    )


@login_required
@require_POST
def unit_report_respond(request, pk: int):
    """The office answers (and may close); the unit replies in its own thread."""
    report = get_in_scope_or_404(unit_reports_visible_to(request.user), pk=pk)
    back = redirect("bulletins:unit-report-detail", pk=report.pk)
    body = request.POST.get("body", "")
    try:
        if can(request.user, "unit_reports.answer", report):
            unit_reports.unit_report_answer(
                report=report, by=request.user, body=body, close=request.POST.get("close") == "1"
            )
        else:
            unit_reports.unit_report_reply(report=report, by=request.user, body=body)
    except unit_reports.UnitReportError as error:
        return _refused_page(request, str(error), back.url)
    return back
