"""The spreadsheet import pages of exhibitors and deals: upload → preview → confirm.

The file waits on the server under a token bound to the user (the import core's storage)
and is read and checked again in full on confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delegations import sheets
from delegations.capabilities import can
from delegations.models import Edition
from delegations.permissions import get_in_scope_or_404
from delegations.sheets import XLSX_CONTENT_TYPE

from ..permissions import require
from . import services
from .forms import SheetUploadForm

UPLOAD_PAGES = {"exhibitors": "deal_imports:exhibitor-import", "deals": "deal_imports:deal-import"}
IMPORTED_PAGES = {"exhibitors": "exhibitors:exhibitor-list", "deals": "deals:deal-list"}


def _import(request, kind: str):
    editions = Edition.objects.all()
    context = {"kind": kind, "editions": editions, "upload": SheetUploadForm()}
    if request.method == "POST":
        edition = get_in_scope_or_404(editions, pk=request.POST.get("edition") or 0)
        context["edition"] = edition
        read = _read_upload(request, kind, edition=edition, context=context)
        if isinstance(read, HttpResponse):
            return read
        rows, token = read
        if request.POST.get("confirm"):
            imported = _confirm(request, kind, edition=edition, rows=rows, token=token)
            if imported is not None:
                return imported
        if kind == "exhibitors":
            preview = services.preview_exhibitors(edition=edition, rows=rows)
        else:
            preview, _data = services.preview_deals(by=request.user, edition=edition, rows=rows)
        context.update(
            preview=preview,
            token=token,
            columns=services.EXHIBITOR_COLUMNS if kind == "exhibitors" else services.DEAL_COLUMNS,
            has_warnings=preview.has_warnings,
        )
    return render(request, "deals/import.html", context)


def _read_upload(request, kind: str, *, edition: Edition, context: dict):
    """The rows of the file uploaded now, or of the one waiting under the posted token, with
    that token; or the page to answer with instead."""
    sheet = services.SHEETS[kind]
    token = request.POST.get("token", "")
    try:
        if "file" in request.FILES:
            upload = SheetUploadForm(request.POST, request.FILES)
            if not upload.is_valid():
                context["upload"] = upload
                return render(request, "deals/import.html", context)
            file = upload.cleaned_data["file"]
            rows = services.sheet_rows(file, kind)
            token = sheets.upload_store(
                kind=sheet, user=request.user, file=file, meta={"edition": edition.pk}
            )
            return rows, token
        try:
            file, meta = sheets.upload_load(kind=sheet, user=request.user, token=token)
        except FileNotFoundError:
            messages.error(request, _("Upload the spreadsheet again."))
            return redirect(UPLOAD_PAGES[kind])
        if meta.get("edition") != edition.pk:
            raise Http404
        return services.sheet_rows(file, kind), token
    except services.ImportFailed as error:
        messages.error(request, str(error))
        return redirect(UPLOAD_PAGES[kind])


def _confirm(request, kind: str, *, edition: Edition, rows: list, token: str):
    """Import every row, or none (the refusal is shown above the preview again)."""
    try:
        if kind == "exhibitors":
            created = services.import_exhibitors(by=request.user, edition=edition, rows=rows)
        else:
            created = services.import_deals(
                by=request.user,
                edition=edition,
                rows=rows,
                confirm_duplicates=bool(request.POST.get("confirm_duplicates")),
            )
    except services.ImportFailed as error:
        messages.error(request, str(error))
        return None
    sheets.upload_discard(kind=services.SHEETS[kind], user=request.user, token=token)
    messages.success(
        request,
        ngettext("%(n)d row imported.", "%(n)d rows imported.", len(created)) % {"n": len(created)},
    )
    return redirect(IMPORTED_PAGES[kind])


@login_required
def exhibitor_import(request):
    require(can(request.user, "directory.add"))
    return _import(request, "exhibitors")


@login_required
def deal_import(request):
    require(can(request.user, "deals.record"))
    return _import(request, "deals")


@login_required
def sheet_template_download(request, kind: str):
    require(kind in ("exhibitors", "deals") and can(request.user, "deals.record"))
    response = HttpResponse(services.sheet_template(kind), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response
