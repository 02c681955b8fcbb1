"""Pages for deals, follow-up, exchange rates, the exhibitor directory, procurement needs
and matchmaking. Every object is fetched through a scoped queryset (outside scope: 404) and
every change goes through ``deals.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delegations import sheets
from delegations.capabilities import can
from delegations.models import Edition, Zone
from delegations.permissions import (
    delegations_managed_by,
    get_in_scope_or_404,
)

from ..imports import services as imports
from ..models import Deal, Exhibitor, ExhibitorProposal, Meeting
from ..permissions import (
    deals_changeable_by,
    deals_visible_to,
    exchange_rates_visible_to,
    exhibitors_visible_to,
    meetings_visible_to,
    needs_changeable_by,
    needs_visible_to,
    registrations_for_deals,
)
from . import selectors, services
from .forms import (
    DealForm,
    ExchangeRateForm,
    ExhibitorForm,
    FollowUpForm,
    MeetingForm,
    NeedForm,
    NoteForm,
    UploadForm,
    add_service_errors,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(allowed: bool) -> None:
    # A page the user has no business on is as absent as an object outside the scope.
    if not allowed:
        raise Http404


# --- deals -----------------------------------------------------------------------------


@login_required
def deal_index(request):
    deals = selectors.deal_list(
        deals_visible_to(request.user),
        edition=request.GET.get("edition"),
        status=request.GET.get("status"),
        q=request.GET.get("q"),
        country=request.GET.get("country"),
    )
    page = selectors.deal_page(
        deals, after=request.GET.get("after"), before=request.GET.get("before")
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "deals/deal_list.html",
        {
            "page": page,
            "deals": page.deals,
            "query": query.urlencode(),
            "editions": Edition.objects.all(),
            "statuses": Deal.Status.choices,
            "may_record": can(request.user, "deals.record"),
        },
    )


def _deal_form(request, *, data=None, initial=None):
    if data and "find_exhibitor" in data:
        # "Find" (without the page's script) shows the matches, saving nothing yet.
        initial, data = {**(initial or {}), **data.dict()}, None
    return DealForm(
        data,
        initial=initial,
        registrations=registrations_for_deals(request.user),
        exhibitors=exhibitors_visible_to(request.user),
    )


def _missing_rate(request, error: ValidationError) -> bool:
    """Whether the refusal is a rate not set yet that this user's office may set now."""
    codes = [e.code for e in getattr(error, "error_dict", {}).get("currency", [])]
    return services.MISSING_RATE in codes and delegations_managed_by(request.user).exists()


def _form_page(request, form, context: dict, *, status: int = 200):
    context = {"form": form, "rates_url": None, **context}
    return render(request, "deals/deal_form.html", context, status=status)


def _deal_data(form: DealForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in services.DEAL_FIELDS}


@login_required
def deal_create(request):
    _require(can(request.user, "deals.record"))
    duplicates, rates_url = [], None
    form = _deal_form(request, data=request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            deal = services.deal_record(
                by=request.user,
                data=_deal_data(form),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            rates_url = reverse("deals:exchange-rates") if _missing_rate(request, error) else None
        except services.DuplicateDeal as duplicate:
            duplicates = duplicate.duplicates
        else:
            messages.success(
                request,
                _("Deal recorded: %(usd)s USD.") % {"usd": f"{deal.amount_usd:,}"},
            )
            return redirect("deals:deal-detail", pk=deal.pk)
    return _form_page(
        request,
        form,
        {"duplicates": duplicates, "title": _("Record an intended deal"), "rates_url": rates_url},
    )


@login_required
def deal_detail(request, pk: int):
    deal = get_in_scope_or_404(deals_visible_to(request.user), pk=pk)
    follow_up = can(request.user, "deals.move") and deal.is_open
    return render(
        request,
        "deals/deal_detail.html",
        {
            "deal": deal,
            "events": deal.events.select_related("actor"),
            "notes": deal.notes.select_related("author"),
            "may_change": deals_changeable_by(request.user).filter(pk=deal.pk).exists(),
            "follow_up_form": FollowUpForm(deal=deal, cancelling=False)
            if follow_up and deal.status in services.NEXT_STATUS
            else None,
            "cancel_form": FollowUpForm(deal=deal, cancelling=True, auto_id="id_cancel_%s")
            if follow_up
            else None,
            "note_form": NoteForm(initial={"noted_on": timezone.localdate()})
            if can(request.user, "deals.move")
            else None,
        },
    )


@login_required
def deal_edit(request, pk: int):
    deal = get_in_scope_or_404(deals_changeable_by(request.user), pk=pk)
    duplicates, stale, rates_url = [], None, None
    form = _deal_form(request, data=request.POST or None, initial=DealForm.initial_for(deal))
    if form.is_bound and form.is_valid():
        try:
            deal = services.deal_update(
                deal=deal,
                by=request.user,
                data=_deal_data(form),
                version=form.cleaned_data["version"] or 0,
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            rates_url = reverse("deals:exchange-rates") if _missing_rate(request, error) else None
        except services.DuplicateDeal as duplicate:
            duplicates = duplicate.duplicates
        except services.StaleDeal as refused:
            stale = refused
            # Saving again after reading what changed is a deliberate overwrite.
            form.data = form.data.copy()
            form.data["version"] = refused.deal.version
        else:
            messages.success(request, _("Deal saved."))
            return redirect("deals:deal-detail", pk=deal.pk)
    return _form_page(
        request,
        form,
        {
            "deal": deal,
            "duplicates": duplicates,
            "stale": stale,
            "title": _("Correct an intended deal"),
            "rates_url": rates_url,
        },
        status=409 if stale else 200,
    )


@login_required
@require_POST
def deal_follow_up(request, pk: int):
    _require(can(request.user, "deals.move"))
    deal = get_in_scope_or_404(deals_changeable_by(request.user), pk=pk)
    form = FollowUpForm(request.POST, deal=deal)
    if form.is_valid():
        try:
            services.deal_move(
                deal=deal,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except services.FollowUpError as error:
            messages.error(request, str(error))
        except services.StaleDeal:
            messages.error(
                request, _("Someone changed this deal meanwhile: look at it again and retry.")
            )
        else:
            deal.refresh_from_db()
            messages.success(
                request, _("The deal is now %(status)s.") % {"status": deal.get_status_display()}
            )
    else:
        messages.error(request, _("Choose where the deal moves to."))
    return redirect("deals:deal-detail", pk=deal.pk)


@login_required
@require_POST
def deal_note(request, pk: int):
    _require(can(request.user, "deals.move"))
    deal = get_in_scope_or_404(deals_changeable_by(request.user), pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_note_add(deal=deal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Note added."))
    else:
        messages.error(request, _("Give a date and a note."))
    return redirect("deals:deal-detail", pk=deal.pk)


@login_required
def follow_up(request):
    """The office's page: open deals of past editions due for follow-up, execution rates."""
    _require(can(request.user, "deals.follow_up"))
    deals = deals_visible_to(request.user)
    return render(
        request,
        "deals/follow_up.html",
        {
            "due": selectors.deals_due_for_follow_up(deals, today=timezone.localdate())[:500],
            "rates": selectors.execution_rates(deals),
        },
    )


# --- exchange rates ----------------------------------------------------------------------


@login_required
def exchange_rates(request):
    managed = delegations_managed_by(request.user)
    latest = managed.order_by("-edition__number").first()
    form = ExchangeRateForm(
        request.POST or None, delegations=managed, initial={"delegation": latest}
    )
    unusual = False
    if request.method == "POST":
        _require(managed.exists())
        if form.is_valid():
            try:
                rate = services.exchange_rate_set(by=request.user, **form.cleaned_data)
            except services.UnusualRate as error:
                unusual = True
                form.add_error("rate", error.message_text)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Exchange rate saved: %(quoted)s. %(n)d deal already recorded in "
                        "%(currency)s keeps its stored rate.",
                        "Exchange rate saved: %(quoted)s. %(n)d deals already recorded in "
                        "%(currency)s keep their stored rate.",
                        rate.deals_keeping,
                    )
                    % {"quoted": rate.quoted, "n": rate.deals_keeping, "currency": rate.currency},
                )
                return redirect("deals:exchange-rates")
    return render(
        request,
        "deals/exchange_rates.html",
        {
            "rates": exchange_rates_visible_to(request.user).select_related(
                "delegation__edition", "set_by"
            ),
            "form": form if managed.exists() else None,
            "unusual": unusual,
        },
    )


# --- exhibitors --------------------------------------------------------------------------


@login_required
def exhibitor_index(request):
    exhibitors = selectors.exhibitor_search(
        exhibitors_visible_to(request.user),
        q=request.GET.get("q"),
        country=request.GET.get("country"),
        zone=request.GET.get("zone"),
        edition=request.GET.get("edition"),
    )
    return render(
        request,
        "deals/exhibitor_list.html",
        {
            "exhibitors": exhibitors[:500],
            "zones": Zone.objects.all(),
            "editions": Edition.objects.all(),
            "may_edit": can(request.user, "directory.add"),
        },
    )


@login_required
def exhibitor_edit(request, pk: int | None = None):
    _require(can(request.user, "directory.add"))
    exhibitor = get_in_scope_or_404(exhibitors_visible_to(request.user), pk=pk) if pk else None
    form = ExhibitorForm(request.POST or None, instance=exhibitor)
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor = services.exhibitor_save(
                by=request.user, data=form.cleaned_data, exhibitor=exhibitor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except services.ProposalRecorded:
            messages.success(
                request,
                _(
                    "Other delegations' deals use this exhibitor: your correction was sent to "
                    "the national administrator, who decides on it."
                ),
            )
            return redirect("deals:exhibitor-list")
        else:
            messages.success(request, _("Exhibitor saved."))
            return redirect("deals:exhibitor-list")
    return render(request, "deals/exhibitor_form.html", {"form": form, "exhibitor": exhibitor})


@login_required
def exhibitor_proposals(request):
    """The corrections proposed to the directory; the national administrator decides them."""
    _require(can(request.user, "directory.add"))
    proposals = ExhibitorProposal.objects.select_related(
        "exhibitor__edition", "proposed_by", "decided_by"
    )
    if not can(request.user, "directory.decide_proposal"):
        proposals = proposals.filter(proposed_by=request.user)
    return render(
        request,
        "deals/exhibitor_proposals.html",
        {
            "proposals": proposals[:200],
            "may_decide": can(request.user, "directory.decide_proposal"),
        },
    )


@login_required
@require_POST
def exhibitor_proposal_decide(request, pk: int, decision: str):
    _require(can(request.user, "directory.decide_proposal"))
    if decision not in ("accept", "reject"):
        raise Http404
    proposal = get_in_scope_or_404(ExhibitorProposal.objects.all(), pk=pk)
    try:
        services.exhibitor_proposal_decide(
            by=request.user, proposal=proposal, accept=decision == "accept"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal decided."))
    return redirect("deals:exhibitor-proposals")


# --- spreadsheet imports -------------------------------------------------------------------


def _import(request, kind: str):
    """Upload → preview → confirm. The file waits on the server under a token bound to the
    user (the import core's storage) and is read and checked again in full on confirmation."""
    sheet = imports.SHEETS[kind]
    editions = Edition.objects.all()
    context = {"kind": kind, "editions": editions, "upload": UploadForm()}
    if request.method == "POST":
        edition = get_in_scope_or_404(editions, pk=request.POST.get("edition") or 0)
        context["edition"] = edition
        token = request.POST.get("token", "")
        try:
            if "file" in request.FILES:
                upload = UploadForm(request.POST, request.FILES)
                if not upload.is_valid():
                    context["upload"] = upload
                    return render(request, "deals/import.html", context)
                file = upload.cleaned_data["file"]
                rows = imports.read_rows(file, kind)
                token = sheets.upload_store(
                    kind=sheet, user=request.user, file=file, meta={"edition": edition.pk}
                )
            else:
                try:
                    file, meta = sheets.upload_load(kind=sheet, user=request.user, token=token)
                except FileNotFoundError:
                    messages.error(request, _("Upload the spreadsheet again."))
                    return redirect(f"deals:{kind[:-1]}-import")
                if meta.get("edition") != edition.pk:
                    raise Http404
                rows = imports.read_rows(file, kind)
        except imports.ImportFailed as error:
            messages.error(request, str(error))
            return redirect(f"deals:{kind[:-1]}-import")
        if request.POST.get("confirm"):
            try:
                if kind == "exhibitors":
                    created = imports.import_exhibitors(by=request.user, edition=edition, rows=rows)
                else:
                    created = imports.import_deals(
                        by=request.user,
                        edition=edition,
                        rows=rows,
                        confirm_duplicates=bool(request.POST.get("confirm_duplicates")),
                    )
            except imports.ImportFailed as error:
                messages.error(request, str(error))
            else:
                sheets.upload_discard(kind=sheet, user=request.user, token=token)
                messages.success(
                    request,
                    ngettext("%(n)d row imported.", "%(n)d rows imported.", len(created))
                    % {"n": len(created)},
                )
                return redirect(
                    "deals:exhibitor-list" if kind == "exhibitors" else "deals:deal-list"
                )
        if kind == "exhibitors":
            preview = imports.preview_exhibitors(edition=edition, rows=rows)
        else:
            preview, _data = imports.preview_deals(by=request.user, edition=edition, rows=rows)
        context.update(
            preview=preview,
            token=token,
            columns=imports.EXHIBITOR_COLUMNS if kind == "exhibitors" else imports.DEAL_COLUMNS,
            has_warnings=preview.has_warnings,
        )
    return render(request, "deals/import.html", context)


@login_required
def exhibitor_import(request):
    _require(can(request.user, "directory.add"))
    return _import(request, "exhibitors")


@login_required
def deal_import(request):
    _require(can(request.user, "deals.record"))
    return _import(request, "deals")


@login_required
def import_template(request, kind: str):
    _require(kind in ("exhibitors", "deals") and can(request.user, "deals.record"))
    response = HttpResponse(imports.template(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


# --- procurement needs and matchmaking -----------------------------------------------------


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
    _require(can(request.user, "deals.record"))
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
            return redirect("deals:need-detail", pk=need.pk)
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
        _require(may_record)
        if form.is_valid():
            try:
                services.meeting_record(
                    by=request.user, need=need, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("deals:need-detail", pk=need.pk)
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
