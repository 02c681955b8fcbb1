"""The checkers' pages: a filterable list and many verdicts at once, the bureau's returned
sheet, and one verdict from the review page. Every change goes through
``purchasers.checks.services``; a bulk verdict is two steps, its confirmation page first.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from delegations import sheets
from delegations.capabilities import can
from delegations.sheet_pages import sheet_upload_page

from .. import bulk
from ..models import Attendee, CheckStatus, Registration
from ..permissions import out_of_scope_is_404, registrations_visible_to
from ..registration.services import current_edition
from ..review import services as review
from ..review.selectors import review_queue_filters
from . import services
from . import sheet as check_sheet
from .forms import CheckForm, CheckSheetForm, VerdictForm

CHECK_PAGE_SIZE = 100


# -- checkers: a filterable list, many verdicts at once -------------------------------------


def _check_filters(params) -> dict:
    check = params.get("check", CheckStatus.PENDING)
    return {
        "check": check if check in CheckStatus.values else CheckStatus.PENDING,
        "sub_delegation": params.get("sub_delegation", "").strip(),
        "q": params.get("q", "").strip(),
    }


def _check_rows(user, kind: str, filters: dict):
    """What a checker's list shows: the firms (credit) or people (background) of
    registrations sent for review this edition, filtered by check result."""
    scope = registrations_visible_to(user).filter(
        status__in=[Registration.Status.SUBMITTED, Registration.Status.LEAD_APPROVED]
    )
    edition = current_edition(user=user)
    if edition is not None:
        scope = scope.filter(edition=edition)
    if filters["sub_delegation"].isdigit():
        scope = scope.filter(sub_delegation=int(filters["sub_delegation"]))
    if kind == check_sheet.CREDIT:
        qs = Registration.objects.filter(
            pk__in=scope.values("pk"), credit_check=filters["check"]
        ).select_related("purchaser", "sub_delegation")
        if filters["q"]:
            qs = qs.filter(
                Q(name__icontains=filters["q"]) | Q(purchaser__credit_code__icontains=filters["q"])
            )
        return qs.order_by("pk")
    qs = Attendee.objects.filter(
        registration__in=scope.values("pk"), background_check=filters["check"]
    ).select_related("registration__purchaser", "registration__sub_delegation")
    if filters["q"]:
        qs = qs.filter(
            Q(name__icontains=filters["q"]) | Q(registration__name__icontains=filters["q"])
        )
    return qs.order_by("pk")


def _check_label(kind: str, row) -> str:
    if kind == check_sheet.CREDIT:
        return f"{row.name} · {row.purchaser.credit_code}"
    return f"{row.name} {row.masked_id_number} · {row.registration.name}"


def _check_kind_or_404(user) -> str:
    kind = check_sheet.check_kind_of(user)
    if kind is None or not can(user, f"checks.set_{kind}"):
        raise Http404
    return kind


@login_required
def check_list(request):
    kind = _check_kind_or_404(request.user)
    filters = _check_filters(request.GET)
    rows = _check_rows(request.user, kind, filters)
    page = Paginator(rows, CHECK_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for row in page:
        row.label = _check_label(kind, row)
    return render(
        request,
        "purchasers/check_list.html",
        {
            "kind": kind,
            "page": page,
            "filters": filters,
            "checks": CheckStatus.choices,
            # The sub-delegations whose registrations they check (their scope is the
            # delegations' registrations, not their sub-delegations).
            "sub_delegations": review_queue_filters(user=request.user).select_related("delegation"),
            "verdict": VerdictForm(),
            "query": query.urlencode(),
        },
    )


def _check_targets(request, kind: str, filters: dict, by_filter: bool) -> list | None:
    """What a bulk verdict is for: the list under its filter, or the ticked rows (none
    ticked: ``None``; one outside the checker's list: 404)."""
    if by_filter:
        return list(_check_rows(request.user, kind, filters))
    ids = bulk.posted_ids(request)
    if not ids:
        return None
    targets = list(_checkable(request.user, kind).filter(pk__in=ids).order_by("pk"))
    if len(targets) != len(ids):
        raise Http404
    return targets


def _check_question(kind: str, n: int, status: str) -> str:
    label = dict(CheckStatus.choices)[status]
    return (
        ngettext(
            "Set the credit check of %(n)d firm to “%(result)s”?",
            "Set the credit check of %(n)d firms to “%(result)s”?",
            n,
        )
        if kind == check_sheet.CREDIT
        else ngettext(
            "Set the background check of %(n)d person to “%(result)s”?",
            "Set the background check of %(n)d people to “%(result)s”?",
            n,
        )
    ) % {"n": n, "result": label}


@login_required
@require_POST
@out_of_scope_is_404
def check_bulk(request):
    user = request.user
    kind = _check_kind_or_404(user)
    verdict = VerdictForm(request.POST)
    if not verdict.is_valid():
        messages.error(request, _("Choose the result to record."))
        return redirect("checks:list")
    status, note = verdict.cleaned_data["status"], verdict.cleaned_data["note"].strip()
    service = (
        services.registrations_set_credit_checks
        if kind == check_sheet.CREDIT
        else services.attendees_set_background_checks
    )
    filters = _check_filters(request.POST)
    by_filter = request.POST.get("mode") == "filter"
    targets = _check_targets(request, kind, filters, by_filter)
    if targets is None:
        messages.error(request, _("Select at least one registration."))
        return redirect("checks:list")
    ids = [t.pk for t in targets]
    verdicts = [(pk, status, note) for pk in ids]
    hidden = [("status", status), ("note", note)]
    hidden += (
        [("mode", "filter"), *filters.items(), ("expected", len(ids))]
        if by_filter
        else [("ids", pk) for pk in ids]
    )
    refused = []
    if request.POST.get("confirm") == "yes":
        if by_filter and str(len(ids)) != request.POST.get("expected"):
            messages.warning(
                request, _("The list changed while you were confirming: check it again.")
            )
        elif ids:
            try:
                done = service(verdicts=verdicts, by=user)
            except bulk.BulkRefused as refusal:
                refused = refusal.reasons
            else:
                messages.success(
                    request,
                    ngettext("Recorded %(n)d check.", "Recorded %(n)d checks.", len(done))
                    % {"n": len(done)},
                )
                return redirect("checks:list")
    elif ids:
        refused = bulk.dry_run(service, verdicts=verdicts, by=user)
    return bulk.confirm_page(
        request,
        title=_("Record checks"),
        question=_check_question(kind, len(ids), status),
        items=[_check_label(kind, t) for t in targets],
        refused=refused,
        can_confirm=bool(ids) and not refused,
        action=reverse("checks:bulk"),
        hidden=hidden,
        confirm_label=_("Yes, record them"),
        confirm_id="confirm-bulk-check",
        cancel_url=reverse("checks:list"),
    )


def _checkable(user, kind: str):
    """The checker's whole list whatever the current result: what a selection may hold."""
    scope = registrations_visible_to(user).filter(
        status__in=[Registration.Status.SUBMITTED, Registration.Status.LEAD_APPROVED]
    )
    if kind == check_sheet.CREDIT:
        return Registration.objects.filter(pk__in=scope.values("pk")).select_related(
            "purchaser", "sub_delegation"
        )
    return Attendee.objects.filter(registration__in=scope.values("pk")).select_related(
        "registration__purchaser", "registration__sub_delegation"
    )


# -- checkers: the bureau's returned sheet ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check_import_upload(request):
    kind = _check_kind_or_404(request.user)
    return sheet_upload_page(
        request,
        kind=check_sheet.CHECK_RESULT_SHEET,
        form=CheckSheetForm(request.POST or None, request.FILES or None),
        template="purchasers/check_import_upload.html",
        preview_url=lambda token: reverse("checks:import-preview", kwargs={"token": token}),
        context={"kind": kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
@out_of_scope_is_404
def check_import_preview(request, token: str):
    kind = _check_kind_or_404(request.user)
    sheet = check_sheet.CHECK_RESULT_SHEET
    try:
        file, meta = sheets.upload_load(kind=sheet, user=request.user, token=token)
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    confirm = request.method == "POST"
    file_error, preview = None, None
    try:
        preview = check_sheet.check_results_import(
            user=request.user, file=file, dry_run=not confirm
        )
    except sheets.SheetError as error:
        file_error = str(error)
    except bulk.BulkRefused as refusal:
        file_error = "; ".join(f"{what}: {why}" for what, why in refusal.reasons)
    if confirm and preview is not None and preview.done:
        sheets.upload_discard(kind=sheet, user=request.user, token=token)
        messages.success(
            request,
            ngettext("Recorded %(n)d check.", "Recorded %(n)d checks.", preview.done)
            % {"n": preview.done},
        )
        return redirect("checks:list")
    return render(
        request,
        "purchasers/check_import_preview.html",
        {
            "kind": kind,
            "preview": preview,
            "file_error": file_error,
            "name": meta.get("name", ""),
            "token": token,
        },
    )


# -- one verdict, from the review page -------------------------------------------------------


def _record_check(request, pk: int, record, done: str):
    """One verdict from the review page's check form, through ``record(**verdict)``."""
    form = CheckForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        record(by=request.user, **form.cleaned_data)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("review:detail", pk=pk)


@login_required
@require_POST
@out_of_scope_is_404
def credit_check(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    return _record_check(
        request,
        pk,
        partial(services.registration_set_credit_check, registration=registration),
        _("Credit check recorded."),
    )


@login_required
@require_POST
@out_of_scope_is_404
def background_check(request, pk: int, attendee_pk: int):
    attendee = get_object_or_404(Attendee, pk=attendee_pk, registration=pk)
    return _record_check(
        request,
        pk,
        partial(services.attendee_set_background_check, attendee=attendee),
        _("Background check recorded."),
    )
