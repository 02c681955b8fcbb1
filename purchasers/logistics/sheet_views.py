"""Assignment by spreadsheet: upload, preview (kept on the server), confirm."""

import io

import xlsxwriter
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from delegations import sheets
from delegations.sheet_pages import sheet_upload_page
from delegations.sheets import XLSX_CONTENT_TYPE

from . import services
from .sheet import ASSIGNMENT_SHEET, assignments_import
from .views import delegation_for


class AssignmentUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Sheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for planning people not yet approved"),
        max_length=200,
        required=False,
    )


@login_required
def assignment_template_download(request, pk):
    delegation_for(request, pk, "logistics.plan")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet(_("Assignments"))
    for c, header in enumerate(ASSIGNMENT_SHEET.headers().values()):
        ws.write_string(0, c, header)
        ws.set_column(c, c, 18)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="assignments.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, pk):
    delegation = delegation_for(request, pk, "logistics.plan")
    form = AssignmentUploadForm(request.POST or None, request.FILES or None)
    return sheet_upload_page(
        request,
        kind=ASSIGNMENT_SHEET,
        form=form,
        template="purchasers/logistics/import.html",
        preview_url=lambda token: reverse(
            "logistics:import-preview", kwargs={"pk": delegation.pk, "token": token}
        ),
        meta=lambda: {"delegation": delegation.pk, "reason": form.cleaned_data["override_reason"]},
        context={"delegation": delegation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, pk, token: str):
    delegation = delegation_for(request, pk, "logistics.plan")
    try:
        file, meta = sheets.upload_load(kind=ASSIGNMENT_SHEET, user=request.user, token=token)
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    if meta.get("delegation") != delegation.pk:
        raise Http404
    confirm = request.method == "POST"
    result, file_error = None, None
    try:
        result = assignments_import(
            by=request.user,
            delegation=delegation,
            file=file,
            dry_run=not confirm,
            override_reason=meta.get("reason", ""),
        )
    except sheets.SheetError as error:
        file_error = str(error)
    except services.NotInDelegation:
        raise Http404 from None
    if confirm and result is not None and result.done:
        sheets.upload_discard(kind=ASSIGNMENT_SHEET, user=request.user, token=token)
        messages.success(request, _("Planned %(n)d people.") % {"n": result.done})
        return redirect("logistics:people", pk=delegation.pk)
    return render(
        request,
        "purchasers/logistics/import_preview.html",
        {
            "delegation": delegation,
            "result": result,
            "file_error": file_error,
            "name": meta.get("name", ""),
            "token": token,
        },
    )
