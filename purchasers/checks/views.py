"""Pages of the bulk actions at every tier: registrants submit many drafts, leads approve
many, the office reports up and sends back many, checkers pass or fail many checks from a
filterable list or by the bureau's returned sheet.

Each is two steps: the selection shows a confirmation page that says how many and what (and,
running the action and undoing it, which of them could not go through and why), then the
confirmation does it, all or nothing. Ids outside the user's scope answer 404 for the whole
request. Every change goes through the bulk services of ``purchasers.review.services`` and
``purchasers.registration.services``.
"""

from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from delegations import sheets
from delegations.capabilities import can
from delegations.models import Edition, User
from delegations.permissions import delegations_visible_to

from .. import bulk
from ..models import Attendee, CheckStatus, Registration
from ..permissions import (
    can_register,
    registrations_owned_by,
    registrations_reviewable_by,
    registrations_visible_to,
)
from ..registration.selectors import registration_list
from ..registration.services import (
    current_edition,
    registrations_submit_bulk,
    registrations_submittable,
)
from ..review import services as review
from ..review.selectors import review_queue, review_queue_filters
from . import sheet as check_imports

Role = User.Role
Status = Registration.Status
MAX_LISTED = 200
CHECK_PAGE_SIZE = 100


def _as_404(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (review.NotInScope, Registration.DoesNotExist) as exc:
            raise Http404 from exc

    return wrapper


def _posted_ids(request) -> list[int]:
    return sorted({int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()})


def _confirm(
    request,
    *,
    title: str,
    question: str,
    items: list[str],
    action: str,
    hidden: list[tuple[str, object]],
    confirm_label: str,
    confirm_id: str,
    cancel_url: str,
    refused: list[tuple[str, str]] = (),
    left_out: list[tuple[str, str]] = (),
    reason_field: bool = False,
    can_confirm: bool | None = None,
):
    return render(
        request,
        "purchasers/bulk_confirm.html",
        {
            "title": title,
            "question": question,
            "items": items[:MAX_LISTED],
            "more": max(0, len(items) - MAX_LISTED),
            "refused": list(refused),
            "left_out": list(left_out),
            "action": action,
            "hidden": hidden,
            "confirm_label": confirm_label,
            "confirm_id": confirm_id,
            "cancel_url": cancel_url,
            "reason_field": reason_field,
            "can_confirm": (not refused) if can_confirm is None else can_confirm,
        },
    )


# -- registrants: submit many drafts ------------------------------------------------------


def _edition(user, number: str) -> Edition | None:
    editions = Edition.objects.filter(delegations__in=delegations_visible_to(user)).distinct()
    chosen = editions.filter(number=number).first() if str(number).isdigit() else None
    return chosen or current_edition(user=user)


@login_required
@require_POST
@_as_404
def registration_bulk_submit(request):
    """Submit the selected registrations, or every complete draft matching the list's filter."""
    user = request.user
    if not can_register(user):
        raise Http404
    back = reverse("registrations:list")
    confirmed = request.POST.get("confirm") == "yes"
    title = _("Submit registrations")
    if request.POST.get("mode") == "filter":
        filters = {k: request.POST.get(k, "").strip() for k in ("status", "sub_delegation", "q")}
        edition = _edition(user, request.POST.get("edition", ""))
        matching = registration_list(user=user, edition=edition, **filters)
        drafts = (
            registrations_owned_by(user)
            .filter(pk__in=matching.values("pk"), status=Status.DRAFT)
            .prefetch_related("attendees")
            .order_by("pk")
        )
        ready, left = registrations_submittable(drafts)
        refused = []
        if confirmed and str(len(ready)) != request.POST.get("expected"):
            messages.warning(
                request, _("The list changed while you were confirming: check it again.")
            )
        elif confirmed and ready:
            try:
                done = registrations_submit_bulk(registration_ids=[r.pk for r in ready], by=user)
            except bulk.BulkRefused as refusal:
                refused = refusal.reasons
            else:
                messages.success(
                    request,
                    ngettext(
                        "Submitted %(n)d registration for review.",
                        "Submitted %(n)d registrations for review.",
                        len(done),
                    )
                    % {"n": len(done)},
                )
                return redirect(f"{back}?status=submitted")
        return _confirm(
            request,
            title=title,
            question=ngettext(
                "Submit %(n)d complete draft for review?",
                "Submit %(n)d complete drafts for review?",
                len(ready),
            )
            % {"n": len(ready)},
            items=[f"{r.name} · {r.sub_delegation.display_name}" for r in ready],
            left_out=[(r.name, why) for r, why in left],
            refused=refused,
            can_confirm=bool(ready) and not refused,
            action=reverse("registrations:bulk-submit"),
            hidden=[
                ("mode", "filter"),
                ("edition", edition.number if edition else ""),
                *filters.items(),
                ("expected", len(ready)),
            ],
            confirm_label=_("Yes, submit them"),
            confirm_id="confirm-bulk-submit",
            cancel_url=back,
        )
    ids = _posted_ids(request)
    if not ids:
        messages.error(request, _("Select at least one registration."))
        return redirect(back)
    selected = list(registrations_owned_by(user).filter(pk__in=ids).order_by("pk"))
    if len(selected) != len(ids):
        raise Http404
    if confirmed:
        try:
            done = registrations_submit_bulk(registration_ids=ids, by=user)
        except bulk.BulkRefused as refusal:
            refused = refusal.reasons
        else:
            messages.success(
                request,
                ngettext(
                    "Submitted %(n)d registration for review.",
                    "Submitted %(n)d registrations for review.",
                    len(done),
                )
                % {"n": len(done)},
            )
            return redirect(f"{back}?status=submitted")
    else:
        refused = bulk.dry_run(registrations_submit_bulk, registration_ids=ids, by=user)
    return _confirm(
        request,
        title=title,
        question=ngettext(
            "Submit %(n)d registration for review?",
            "Submit %(n)d registrations for review?",
            len(ids),
        )
        % {"n": len(ids)},
        items=[f"{r.name} · {r.sub_delegation.display_name}" for r in selected],
        refused=refused,
        action=reverse("registrations:bulk-submit"),
        hidden=[("ids", pk) for pk in ids],
        confirm_label=_("Yes, submit them"),
        confirm_id="confirm-bulk-submit",
        cancel_url=back,
    )


# -- leads and the office: approve, report, send back many ---------------------------------

REVIEW_ACTIONS = {
    "approve": {
        "capability": "review.lead_decide",
        "service": review.registrations_bulk_approve,
        "title": gettext_lazy("Approve registrations"),
        "question": ("Approve %(n)s registration?", "Approve %(n)s registrations?"),
        "confirm": gettext_lazy("Yes, approve them"),
        "done": gettext_lazy("Approved %(n)d registrations."),
        "url": "review:bulk-approve",
    },
    "report": {
        "capability": "review.office_decide",
        "service": review.registrations_bulk_report,
        "title": gettext_lazy("Report registrations"),
        "question": ("Report %(n)s registration up?", "Report %(n)s registrations up?"),
        "confirm": gettext_lazy("Yes, report them"),
        "done": gettext_lazy("Reported %(n)d registrations."),
        "url": "review:bulk-report",
    },
    "send-back": {
        "capability": "review.office_decide",
        "service": review.registrations_bulk_send_back,
        "title": gettext_lazy("Send registrations back"),
        "question": (
            "Send %(n)s registration back to its lead agency?",
            "Send %(n)s registrations back to their lead agencies?",
        ),
        "confirm": gettext_lazy("Yes, send them back"),
        "done": gettext_lazy("Sent %(n)d registrations back to their lead agencies."),
        "url": "review:bulk-send-back",
        "reason": True,
    },
}


def _review_bulk(request, action: str):
    """The selected registrations of the queue, or (``mode=filter``) all the queue shows
    under its filter: a lead's 3,000 submitted firms need no 3,000 ticks."""
    spec = REVIEW_ACTIONS[action]
    user = request.user
    if not can(user, spec["capability"]):
        raise Http404
    by_filter = request.POST.get("mode") == "filter"
    filters = {
        "q": request.POST.get("q", "").strip(),
        "sub_delegation": request.POST.get("sub_delegation", "").strip(),
    }
    if by_filter:
        selected = list(
            review_queue(
                user=user,
                q=filters["q"],
                sub_delegation=int(filters["sub_delegation"])
                if filters["sub_delegation"].isdigit()
                else None,
            ).order_by("pk")
        )
        ids = [r.pk for r in selected]
        hidden = [("mode", "filter"), *filters.items(), ("expected", len(ids))]
    else:
        ids = _posted_ids(request)
        selected = list(registrations_reviewable_by(user).filter(pk__in=ids).order_by("pk"))
        if len(selected) != len(ids):
            # Something not (or no longer) in this reviewer's scope was sent: act on nothing.
            raise Http404
        hidden = [("ids", pk) for pk in ids]
    queue_url = reverse("review:queue")
    if kept := urlencode({k: v for k, v in filters.items() if v}):
        queue_url += f"?{kept}"  # the queue as the reviewer filtered it
    if not ids:
        messages.error(request, _("Select at least one registration."))
        return redirect(queue_url)
    needs_reason = spec.get("reason", False)
    kwargs = {"reason": request.POST.get("reason", "")} if needs_reason else {}
    refused = []
    if request.POST.get("confirm") == "yes":
        if by_filter and str(len(ids)) != request.POST.get("expected"):
            messages.warning(
                request, _("The list changed while you were confirming: check it again.")
            )
        else:
            try:
                done = spec["service"](registration_ids=ids, by=user, **kwargs)
            except bulk.BulkRefused as refusal:
                refused = refusal.reasons
            except review.ReviewError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, str(spec["done"]) % {"n": len(done)})
                return redirect(queue_url)
    else:
        if needs_reason:
            kwargs = {"reason": "—"}  # the reason comes with the confirmation
        refused = bulk.dry_run(spec["service"], registration_ids=ids, by=user, **kwargs)
    singular, plural = spec["question"]
    return _confirm(
        request,
        title=str(spec["title"]),
        question=ngettext(singular, plural, len(ids)) % {"n": len(ids)},
        items=[f"{r.name} · {r.sub_delegation.display_name}" for r in selected],
        refused=refused,
        action=reverse(spec["url"]),
        hidden=hidden,
        confirm_label=str(spec["confirm"]),
        confirm_id=f"confirm-bulk-{action}",
        cancel_url=queue_url,
        reason_field=needs_reason,
    )


@login_required
@require_POST
@_as_404
def bulk_approve(request):
    return _review_bulk(request, "approve")


@login_required
@require_POST
@_as_404
def bulk_report(request):
    return _review_bulk(request, "report")


@login_required
@require_POST
@_as_404
def bulk_send_back(request):
    return _review_bulk(request, "send-back")


# -- checkers: a filterable list, many verdicts at once -------------------------------------


class VerdictForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Result"), choices=CheckStatus.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False)


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
        status__in=[Status.SUBMITTED, Status.LEAD_APPROVED]
    )
    edition = current_edition(user=user)
    if edition is not None:
        scope = scope.filter(edition=edition)
    if filters["sub_delegation"].isdigit():
        scope = scope.filter(sub_delegation=int(filters["sub_delegation"]))
    if kind == check_imports.CREDIT:
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
    if kind == check_imports.CREDIT:
        return f"{row.name} · {row.purchaser.credit_code}"
    return f"{row.name} {row.masked_id_number} · {row.registration.name}"


def _check_kind_or_404(user) -> str:
    kind = check_imports.check_kind_of(user)
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


@login_required
@require_POST
@_as_404
def check_bulk(request):
    user = request.user
    kind = _check_kind_or_404(user)
    verdict = VerdictForm(request.POST)
    if not verdict.is_valid():
        messages.error(request, _("Choose the result to record."))
        return redirect("checks:list")
    status, note = verdict.cleaned_data["status"], verdict.cleaned_data["note"].strip()
    service = (
        review.registrations_set_credit_checks
        if kind == check_imports.CREDIT
        else review.attendees_set_background_checks
    )
    filters = _check_filters(request.POST)
    by_filter = request.POST.get("mode") == "filter"
    if by_filter:
        targets = list(_check_rows(user, kind, filters))
    else:
        ids = _posted_ids(request)
        if not ids:
            messages.error(request, _("Select at least one registration."))
            return redirect("checks:list")
        targets = list(_checkable(user, kind).filter(pk__in=ids).order_by("pk"))
        if len(targets) != len(ids):
            raise Http404
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
    label = dict(CheckStatus.choices)[status]
    question = (
        ngettext(
            "Set the credit check of %(n)d firm to “%(result)s”?",
            "Set the credit check of %(n)d firms to “%(result)s”?",
            len(ids),
        )
        if kind == check_imports.CREDIT
        else ngettext(
            "Set the background check of %(n)d person to “%(result)s”?",
            "Set the background check of %(n)d people to “%(result)s”?",
            len(ids),
        )
    ) % {"n": len(ids), "result": label}
    return _confirm(
        request,
        title=_("Record checks"),
        question=question,
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
        status__in=[Status.SUBMITTED, Status.LEAD_APPROVED]
    )
    if kind == check_imports.CREDIT:
        return Registration.objects.filter(pk__in=scope.values("pk")).select_related(
            "purchaser", "sub_delegation"
        )
    return Attendee.objects.filter(registration__in=scope.values("pk")).select_related(
        "registration__purchaser", "registration__sub_delegation"
    )


# -- checkers: the bureau's returned sheet ---------------------------------------------------


class CheckSheetForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Returned sheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_import_upload(request):
    kind = _check_kind_or_404(request.user)
    form = CheckSheetForm(request.POST or None, request.FILES or None)
    file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            token = sheets.upload_checked_and_store(
                kind=check_imports.CHECK_RESULT_SHEET, user=request.user, file=upload
            )
        except sheets.SheetError as error:
            file_error = str(error)
        else:
            return redirect("checks:import-preview", token=token)
    return render(
        request,
        "purchasers/check_import_upload.html",
        {
            "form": form,
            "kind": kind,
            "file_error": file_error,
            "headers": check_imports.CHECK_RESULT_SHEET.headers(),
            "max_rows": sheets.MAX_ROWS,
            "max_mb": sheets.MAX_FILE_BYTES // (1024 * 1024),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@_as_404
def check_import_preview(request, token: str):
    kind = _check_kind_or_404(request.user)
    sheet = check_imports.CHECK_RESULT_SHEET
    try:
        file, meta = sheets.upload_load(kind=sheet, user=request.user, token=token)
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    confirm = request.method == "POST"
    file_error, preview = None, None
    try:
        preview = check_imports.check_results_import(
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


def queue_bulk_actions(user) -> list[tuple[str, str, str, str]]:
    """The bulk buttons a reviewer's queue offers: (url, button id, for the selected, for
    all the queue shows)."""
    actions = []
    if can(user, "review.lead_decide"):
        actions.append(
            (
                reverse("review:bulk-approve"),
                "bulk-approve",
                _("Approve selected"),
                _("Approve all shown"),
            )
        )
    if can(user, "review.office_decide"):
        actions.append(
            (
                reverse("review:bulk-report"),
                "bulk-report",
                _("Report selected"),
                _("Report all shown"),
            )
        )
        actions.append(
            (
                reverse("review:bulk-send-back"),
                "bulk-send-back",
                _("Send selected back"),
                _("Send all shown back"),
            )
        )
    return actions
