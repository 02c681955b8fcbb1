"""Badge pages: the overview, the official download, the status upload, the hand-over list,
one person's badge, and the national administrator's layout page. Views parse, fetch
through scoped querysets (404 outside the scope) and call the services."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delegations import sheets
from delegations.capabilities import can, check, requires
from delegations.models import Delegation, MemberUnit
from delegations.permissions import (
    Role,
    delegations_visible_to,
    get_in_scope_or_404,
    path_id,
    sub_delegations_visible_to,
)
from delegations.setup.selectors import working_edition
from delegations.sheet_pages import sheet_upload_page
from delegations.sheets import XLSX_CONTENT_TYPE

from .. import personal_data
from ..imports.views import template_language
from . import selectors, services, status_import
from .models import BadgeStatus


def _delegations(user):
    edition = working_edition(user=user)
    qs = delegations_visible_to(user)
    return qs.filter(edition=edition) if edition else qs


@login_required
@require_GET
def badge_overview(request):
    user = request.user
    rows = []
    for delegation in _delegations(user):
        subs = [
            s for s in delegation.sub_delegations.all() if can(user, "badges.export_official", s)
        ]
        rows.append(
            {
                "delegation": delegation,
                "distribution": selectors.distribution(delegation=delegation)
                if can(user, "badges.view_distribution", delegation)
                else None,
                "export_all": can(user, "badges.export_official", delegation)
                and user.role != Role.LEAD,
                "export_subs": subs if user.role == Role.LEAD else [],
                "exports": selectors.exports_of(delegation=delegation)[:10]
                if can(user, "badges.export_official", delegation)
                else [],
            }
        )
    mine = (
        selectors.attendees_visible_to(user)
        .filter(registration__registered_by=user)
        .select_related("registration", "badge")
        .order_by("registration__name", "name")[:500]
    )
    return render(
        request,
        "purchasers/badges/overview.html",
        {
            "rows": rows,
            "mine": mine,
            "may_import": can(user, "badges.import_status"),
            "may_edit_layout": can(user, "badges.edit_layout"),
        },
    )


@login_required
@require_GET
def badge_export(request, pk: int):
    delegation = get_in_scope_or_404(delegations_visible_to(request.user), pk=pk)
    sub = None
    if request.GET.get("sub"):
        sub = get_in_scope_or_404(
            sub_delegations_visible_to(request.user).filter(delegation=delegation),
            pk=request.GET["sub"],
        )
    content, record = services.official_export(
        user=request.user, delegation=delegation, sub_delegation=sub
    )
    name = f"进博会批量导入-{(sub or delegation).name}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=official-batch.xlsx; filename*=UTF-8''{quote(name)}"
    )
    return response


class StatusSheetForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Official status export (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )


@requires("badges.import_status")
@require_http_methods(["GET", "POST"])
def badge_import(request):
    return sheet_upload_page(
        request,
        kind=status_import.STATUS_SHEET,
        form=StatusSheetForm(request.POST or None, request.FILES or None),
        template="purchasers/badges/import_upload.html",
        preview_url=lambda token: reverse("badge-import-preview", kwargs={"token": token}),
    )


@requires("badges.import_status")
@require_http_methods(["GET", "POST"])
def badge_import_preview(request, token: str):
    kind = status_import.STATUS_SHEET
    try:
        file, meta = sheets.upload_load(kind=kind, user=request.user, token=token)
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    confirm = request.method == "POST"
    file_error, preview = None, None
    try:
        preview = status_import.status_import(user=request.user, file=file, dry_run=not confirm)
    except sheets.SheetError as error:
        file_error = str(error)
    if confirm and preview is not None:
        sheets.upload_discard(kind=kind, user=request.user, token=token)
        messages.success(request, _("Recorded %(n)d badge statuses.") % {"n": preview.done})
        return redirect("badge-overview")
    return render(
        request,
        "purchasers/badges/import_preview.html",
        {
            "preview": preview,
            "file_error": file_error,
            "name": meta.get("name", ""),
            "token": token,
        },
    )


@requires("badges.import_status")
@require_GET
def badge_import_skipped(request, token: str):
    """The rows of the uploaded status file that will be left out, each with why."""
    kind = status_import.STATUS_SHEET
    try:
        file, meta = sheets.upload_load(kind=kind, user=request.user, token=token)
        content = status_import.skipped_rows_sheet(
            user=request.user, file=file, language=template_language(request)
        )
    except (FileNotFoundError, ValueError, sheets.SheetError):
        raise Http404 from None
    stem = (meta.get("name") or "badge-statuses").rsplit(".", 1)[0]
    name = f"{stem}-{_('skipped rows')}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=badge-status-skipped.xlsx; filename*=UTF-8''{quote(name)}"
    )
    return response


def _unit_in(delegation: Delegation, unit_pk) -> MemberUnit:
    units = MemberUnit.objects.filter(registrations__sub_delegation__delegation=delegation)
    return get_in_scope_or_404(units.distinct(), pk=unit_pk)


@login_required
@require_GET
def badge_hand_over_list(request, pk: int, unit_pk: int):
    delegation = get_in_scope_or_404(delegations_visible_to(request.user), pk=pk)
    check(request.user, "badges.view_distribution", delegation)
    unit = _unit_in(delegation, unit_pk)
    people = selectors.hand_over_list(delegation=delegation, unit=unit)
    for person in people:
        access = personal_data.access_for(request.user, person.registration)
        # The list goes round a room: never more than the masked number, whoever prints it.
        how = (
            personal_data.MASKED
            if access[personal_data.ATTENDEE_ID_NUMBER] != "hidden"
            else "hidden"
        )
        person.shown_id_number = personal_data.shown(person.id_number, how)
        person.badge_now = selectors.badge_of(person)
    counts = next(
        (u for u in selectors.distribution(delegation=delegation) if u.unit == unit), None
    )
    return render(
        request,
        "purchasers/badges/hand_over_list.html",
        {
            "delegation": delegation,
            "unit": unit,
            "people": people,
            "counts": counts,
            "may_hand_over": can(request.user, "badges.hand_over", delegation),
        },
    )


@require_POST
@login_required
def badge_hand_over(request, pk: int, unit_pk: int):
    delegation = get_in_scope_or_404(delegations_visible_to(request.user), pk=pk)
    unit = _unit_in(delegation, unit_pk)
    try:
        n = services.badges_hand_over_unit(delegation=delegation, unit=unit, by=request.user)
    except services.BadgeError as error:
        messages.error(request, str(error))
        return redirect("badge-hand-over-list", pk=delegation.pk, unit_pk=unit.pk)
    messages.success(
        request, _("%(n)d badges handed over to %(unit)s.") % {"n": n, "unit": unit.display_name}
    )
    return redirect("badge-hand-over-list", pk=delegation.pk, unit_pk=unit.pk)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Badge status"), choices=BadgeStatus.choices)
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=50, required=False
    )


def _attendee(request, pk):
    return get_in_scope_or_404(
        selectors.attendees_visible_to(request.user).select_related(
            "registration__sub_delegation__delegation__edition", "registration__purchaser"
        ),
        pk=path_id(pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def badge_detail(request, pk: int):
    attendee = _attendee(request, pk)
    user = request.user
    form = StatusForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reuse":
                services.badge_reuse(attendee=attendee, by=user)
                messages.success(request, _("The earlier badge will be reused."))
                return redirect("badge-detail", pk=attendee.pk)
            check(user, "badges.set_status", attendee)
            if form.is_valid():
                services.badge_set_status(
                    attendee=attendee,
                    status=form.cleaned_data["status"],
                    tracking_number=form.cleaned_data["tracking_number"],
                    by=user,
                )
                messages.success(request, _("Badge status recorded."))
                return redirect("badge-detail", pk=attendee.pk)
        except services.BadgeError as error:
            messages.error(request, str(error))
            status = 409
    access = personal_data.access_for(user, attendee.registration)
    [shown] = personal_data.attendees_for(access, [attendee]) or [None]
    if shown is None:
        raise Http404
    badge = selectors.badge_of(attendee)
    return render(
        request,
        "purchasers/badges/detail.html",
        {
            "attendee": shown,
            "badge": badge,
            "events": list(badge.events.select_related("actor")) if badge else [],
            "labels": dict(BadgeStatus.choices),
            "earlier": services.earlier_badge(attendee)
            if not badge or badge.status == BadgeStatus.NOT_APPLIED
            else None,
            "form": form if can(user, "badges.set_status", attendee) else None,
            "may_reuse": can(user, "badges.reuse", attendee),
        },
        status=status,
    )
