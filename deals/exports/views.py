"""Totals report downloads: the deal list as streamed CSV, the workbook built in the
background with a progress page, its file for the requester (and their delegation's
organisers) only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from delegations.capabilities import can
from delegations.models import Edition
from delegations.permissions import delegations_visible_to, get_in_scope_or_404

from ..rollups.models import ExportJob
from .services import ExportRestartError, export_job_create, export_job_restart
from .sheets import deal_columns, deal_rows, deals_in_scope
from .writers import csv_lines


def _target(request, data):
    if not can(request.user, "totals.view"):
        raise Http404
    number = data.get("edition", "")
    if not number.isdigit():
        raise Http404
    edition = get_object_or_404(Edition, number=int(number))
    delegation = None
    if data.get("delegation"):
        if not data["delegation"].isdigit():
            raise Http404
        delegation = get_in_scope_or_404(
            delegations_visible_to(request.user), pk=int(data["delegation"]), edition=edition
        )
    language = "en" if data.get("language") == "en" else "zh-hans"
    return edition, delegation, language


@login_required
def deals_csv(request):
    edition, delegation, language = _target(request, request.GET)
    deals = deals_in_scope(user=request.user, edition=edition, delegation=delegation)

    def lines():
        with translation.override(language):
            yield from csv_lines(deal_columns(), deal_rows(deals))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"deals-{edition.number}{f'-{delegation.pk}' if delegation else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def export_create(request):
    edition, delegation, language = _target(request, request.POST)
    job = export_job_create(
        user=request.user, edition=edition, delegation=delegation, language=language
    )
    return redirect("exports:export-detail", pk=job.pk)


def _job_or_404(request, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.select_related("delegation", "edition"), pk=pk)
    if not can(request.user, "exports.download", job):
        raise Http404
    return job


@login_required
def export_detail(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "deals/dashboard_export.html", {"job": job})


@login_required
@require_POST
def export_restart(request, pk: int):
    job = _job_or_404(request, pk)
    try:
        export_job_restart(job=job, by=request.user)
    except ExportRestartError as error:
        messages.error(request, str(error))
    return redirect("exports:export-detail", pk=job.pk)


@login_required
def export_download(request, pk: int):
    job = _job_or_404(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    name = f"totals-{job.edition.number}{f'-{job.delegation_id}' if job.delegation_id else ''}.xlsx"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
