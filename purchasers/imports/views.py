"""Pages for importing registrations from a spreadsheet: template, upload, preview, confirm.

The uploaded file is kept on the server under a token bound to the user between the preview
and the confirmation, and checked again in full when the import is confirmed: nothing parsed
in the browser is trusted.
"""

from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from delegations import sheets
from delegations.capabilities import can
from delegations.models import LeadAgency
from delegations.permissions import (
    get_in_scope_or_404,
    sub_delegations_visible_to,
)
from delegations.sheets import XLSX_CONTENT_TYPE

from . import services as imports
from . import sheet
from .preview import error_workbook, firm_previews

PREVIEW_PAGE_SIZE = 50


def importable_sub_delegations(user):
    return sub_delegations_visible_to(user).prefetch_related("lead_agencies__units")


class RegistrationUploadForm(forms.Form):
    sub_delegation = forms.IntegerField(label=gettext_lazy("Sub-delegation"))
    lead_agency = forms.IntegerField(
        label=gettext_lazy("Lead agency"),
        required=False,
        help_text=gettext_lazy(
            "Only for a co-led sub-delegation: whose target the firms count towards."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Filled template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )


def template_language(request) -> str:
    if request.GET.get("lang") in ("en", "zh-hans"):
        return request.GET["lang"]
    return "en" if (translation.get_language() or "").startswith("en") else "zh-hans"


@login_required
def registration_template_download(request):
    language = template_language(request)
    name = "registration-import-template.xlsx" if language == "en" else "采购商登记导入模板.xlsx"
    response = HttpResponse(
        sheet.registration_template(language=language), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f"attachment; filename=registration-import-template.xlsx; filename*=UTF-8''{quote(name)}"
    )
    return response


def _scoped_choice(user, sub_id, lead_id):
    """The sub-delegation (404 outside the scope) and the lead agency to import into."""
    sub = get_in_scope_or_404(sub_delegations_visible_to(user), pk=sub_id)
    return sub, imports.choose_lead_agency(sub_delegation=sub, lead_agency_id=lead_id, user=user)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    if not can(request.user, "registrations.import"):
        raise PermissionDenied
    # "Upload another file" comes back with the sub-delegation and lead agency chosen before.
    kept = {k: request.GET.get(k) for k in ("sub_delegation", "lead_agency") if request.GET.get(k)}
    form = RegistrationUploadForm(request.POST or None, request.FILES or None, initial=kept)
    file_error = None
    if request.method == "POST" and form.is_valid():
        sub_id = form.cleaned_data["sub_delegation"]
        lead_id = form.cleaned_data["lead_agency"]
        upload = form.cleaned_data["file"]
        try:
            sub, agency = _scoped_choice(request.user, sub_id, lead_id)
            sheet.registration_rows(upload)  # refuse an unusable file before keeping it
        except imports.ImportFileError as error:
            file_error = str(error)
        else:
            token = sheets.upload_store(
                kind=sheet.REGISTRATION_SHEET,
                user=request.user,
                file=upload,
                meta={"sub_delegation": sub.pk, "lead_agency": agency.pk, "name": upload.name},
            )
            return redirect("imports:preview", token=token)
    subs = importable_sub_delegations(request.user)
    return render(
        request,
        "purchasers/import_upload.html",
        {
            "form": form,
            "file_error": file_error,
            "sub_delegations": subs,
            "selected_sub": str(form["sub_delegation"].value() or ""),
            "selected_lead": str(form["lead_agency"].value() or ""),
            "max_mb": sheets.MAX_FILE_BYTES // (1024 * 1024),
            "max_rows": sheets.MAX_ROWS,
        },
    )


def _stored_import(request, token: str, *, dry_run: bool = True):
    """The user's stored upload checked again (or imported), with where it goes."""
    if not can(request.user, "registrations.import"):
        raise PermissionDenied
    try:
        file, meta = sheets.upload_load(
            kind=sheet.REGISTRATION_SHEET, user=request.user, token=token
        )
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    sub = get_in_scope_or_404(sub_delegations_visible_to(request.user), pk=meta["sub_delegation"])
    try:
        agency = sub.lead_agencies.get(pk=meta["lead_agency"])
    except LeadAgency.DoesNotExist:
        raise Http404 from None
    file_error, result = None, None
    try:
        result = imports.registration_import(
            user=request.user, sub_delegation=sub, lead_agency=agency, file=file, dry_run=dry_run
        )
    except imports.ImportFileError as error:
        file_error = str(error)
    return sub, agency, meta, result, file_error


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, token: str):
    confirm = request.method == "POST"
    sub, agency, meta, result, file_error = _stored_import(request, token, dry_run=not confirm)
    if confirm and result is not None and result.imported:
        sheets.upload_discard(kind=sheet.REGISTRATION_SHEET, user=request.user, token=token)
        messages.success(
            request,
            _(
                "Imported %(count)d registrations with %(attendees)d attendees as drafts "
                "into %(sub)s."
            )
            % {
                "count": len(result.created),
                "attendees": result.attendees,
                "sub": sub.display_name,
            },
        )
        # The imported drafts, in the list where they are submitted from.
        return redirect(f"{reverse('registrations:list')}?status=draft")
    firms = None
    if result is not None and result.ok:
        firms = Paginator(firm_previews(result), PREVIEW_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    choices = {"sub_delegation": sub.pk, "lead_agency": agency.pk}
    return render(
        request,
        "purchasers/import_preview.html",
        {
            "sub": sub,
            "agency": agency,
            "name": meta.get("name", ""),
            "result": result,
            "firms": firms,
            "file_error": file_error,
            "token": token,
            "choices": choices,
            "again": urlencode(choices),
            "upload_form": RegistrationUploadForm(initial=choices),
        },
        status=200,
    )


@login_required
def import_errors_sheet(request, token: str):
    """The uploaded sheet with an errors column, to correct and upload again."""
    _sub, _agency, meta, result, _file_error = _stored_import(request, token)
    if result is None or result.ok:
        raise Http404
    only_errors = request.GET.get("rows") == "errors"
    content = error_workbook(result, language=template_language(request), only_errors=only_errors)
    stem = (meta.get("name") or "registrations").rsplit(".", 1)[0]
    name = f"{stem}-{_('errors')}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=registration-import-errors.xlsx; filename*=UTF-8''{quote(name)}"
    )
    return response
