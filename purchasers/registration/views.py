"""Registration pages: the list, the one-page form, the registration with its history, and
"register again from last edition". Every change goes through
``purchasers.registration.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delegations.capabilities import can
from delegations.models import Edition, LeadAgency
from delegations.permissions import (
    delegations_visible_to,
    get_in_scope_or_404,
    sub_delegations_visible_to,
)

from .. import personal_data
from ..models import Registration
from ..permissions import EDITABLE_STATUSES, registrations_owned_by
from .completeness import registration_missing
from .duplicates import duplicate_firm_message, registrations_by_credit_code
from .fields import ATTENDEE_FIELDS, FIRM_FIELDS
from .forms import AttendeeFormSet, PlacementForm, RegistrationPurchaserForm
from .selectors import last_return, registration_list, registration_page_rows, status_counts
from .services import (
    RegistrationError,
    current_edition,
    registration_save_draft,
    registration_submit,
    registrations_carry_over,
)

PAGE_SIZE = 50


def _lead_agencies(user, edition):
    return (
        LeadAgency.objects.filter(
            sub_delegation__in=sub_delegations_visible_to(user).filter(delegation__edition=edition)
        )
        .select_related("sub_delegation__delegation")
        .prefetch_related("units")
        .order_by("sub_delegation__delegation", "sub_delegation__sort_order", "sort_order", "pk")
    )


@login_required
def registration_index(request):
    user = request.user
    editions = list(
        Edition.objects.filter(delegations__in=delegations_visible_to(user))
        .distinct()
        .order_by("-number")
    )
    chosen = request.GET.get("edition", "")
    edition = next((e for e in editions if str(e.number) == chosen), None) or current_edition(
        user=user
    )
    filters = {
        "status": request.GET.get("status", ""),
        "sub_delegation": request.GET.get("sub_delegation", ""),
        "q": request.GET.get("q", "").strip(),
    }
    registrations = registration_list(user=user, edition=edition, **filters)
    page = Paginator(registration_page_rows(registrations), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "purchasers/registration_list.html",
        {
            "edition": edition,
            "editions": editions,
            "page": page,
            "counts": status_counts(
                registration_list(user=user, edition=edition, **{**filters, "status": ""})
            ),
            "filters": filters,
            "statuses": Registration.Status.choices,
            "sub_delegations": sub_delegations_visible_to(user).filter(delegation__edition=edition)
            if edition
            else [],
            "query": query.urlencode(),
            "can_register": can(user, "registrations.create"),
            "has_previous_edition": bool(edition and edition.previous()),
        },
    )


def _apply_errors(error: RegistrationError, *, purchaser_form, placement, formset, rows) -> list:
    """Put each message from the service next to its field; return the rest for the top."""
    general = list(error.messages)
    for name, msgs in error.fields.items():
        for message in msgs:
            if name in purchaser_form.fields:
                purchaser_form.add_error(name, message)
            elif name in ("lead_agency", "sub_delegation"):
                placement.add_error("lead_agency", message)
            else:
                general.append(message)
    for index, row_errors in error.attendees.items():
        form = formset.forms[rows[index][0]]
        for name, msgs in row_errors.items():
            for message in msgs:
                form.add_error(name, message)
    return general


def _unbound_forms(registration: Registration | None, agencies: list):
    """The page's three forms as the registration is, or empty for a new one."""
    if registration:
        purchaser_form = RegistrationPurchaserForm(
            prefix="p", initial={name: getattr(registration, name) for name in FIRM_FIELDS.entered}
        )
        placement = PlacementForm(
            lead_agencies=agencies, initial={"lead_agency": registration.lead_agency_id}
        )
        formset = AttendeeFormSet(
            prefix="attendees",
            initial=[
                {"id": a.pk, **{name: getattr(a, name) for name in ATTENDEE_FIELDS.entered}}
                for a in registration.attendees.all()
            ],
        )
        return purchaser_form, placement, formset
    purchaser_form = RegistrationPurchaserForm(prefix="p")
    placement = PlacementForm(
        lead_agencies=agencies,
        initial={"lead_agency": agencies[0].pk} if len(agencies) == 1 else None,
    )
    return purchaser_form, placement, AttendeeFormSet(prefix="attendees")


def _after_save(request, saved: Registration, *, submit: bool):
    """A saved draft goes back to its form, or (``submit``) on to review if it is complete."""
    if not submit:
        messages.success(request, _("Draft saved."))
        return redirect("registrations:edit", pk=saved.pk)
    try:
        registration_submit(registration=saved, by=request.user)
    except RegistrationError as error:
        messages.error(request, str(error))
        return redirect("registrations:edit", pk=saved.pk)
    messages.success(request, _("Submitted for review."))
    return redirect("registrations:detail", pk=saved.pk)


def _registration_form(request, *, registration: Registration | None):
    user = request.user
    edition = registration.edition if registration else current_edition(user=user)
    agencies = list(_lead_agencies(user, edition)) if edition else []
    general: list[str] = []
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        purchaser_form = RegistrationPurchaserForm(request.POST, prefix="p", draft=not submit)
        placement = PlacementForm(request.POST, lead_agencies=agencies)
        formset = AttendeeFormSet(request.POST, prefix="attendees", require_one=submit)
        forms_valid = [purchaser_form.is_valid(), placement.is_valid(), formset.is_valid()]
        if all(forms_valid):
            rows = formset.rows()
            agency = placement.cleaned_data["lead_agency"]
            try:
                saved = registration_save_draft(
                    by=user,
                    registration=registration,
                    sub_delegation=agency.sub_delegation,
                    lead_agency=agency,
                    purchaser=purchaser_form.cleaned_data,
                    attendees=[row for _index, row in rows],
                )
            except RegistrationError as error:
                general = _apply_errors(
                    error,
                    purchaser_form=purchaser_form,
                    placement=placement,
                    formset=formset,
                    rows=rows,
                )
            else:
                return _after_save(request, saved, submit=submit)
        if not general:
            general = [_("Please correct the errors below; nothing you typed was saved yet.")]
    else:
        purchaser_form, placement, formset = _unbound_forms(registration, agencies)
    return render(
        request,
        "purchasers/registration_form.html",
        {
            "registration": registration,
            "edition": edition,
            "purchaser_form": purchaser_form,
            "placement": placement,
            "formset": formset,
            "general_errors": general,
            # What the reviewer asked for stays in view while it is being corrected.
            "returned": last_return(registration, registration.events.select_related("actor"))
            if registration
            else None,
        },
        status=400 if general else 200,
    )


@login_required
def registration_create(request):
    if not can(request.user, "registrations.create"):
        raise PermissionDenied
    return _registration_form(request, registration=None)


@login_required
def registration_edit(request, pk: int):
    registration = get_in_scope_or_404(registrations_owned_by(request.user), pk=pk)
    if registration.status not in EDITABLE_STATUSES:
        messages.error(
            request,
            _("This registration is %(status)s: it can no longer be changed.")
            % {"status": registration.get_status_display()},
        )
        return redirect("registrations:detail", pk=pk)
    return _registration_form(request, registration=registration)


@login_required
def registration_detail(request, pk: int):
    registration = get_in_scope_or_404(
        registration_list(user=request.user).prefetch_related(
            "attendees", Prefetch("events__actor")
        ),
        pk=pk,
    )
    owned = registrations_owned_by(request.user).filter(pk=pk).exists()
    editable = owned and registration.status in EDITABLE_STATUSES
    access = personal_data.access_for(request.user, registration)
    return render(
        request,
        "purchasers/registration_detail.html",
        {
            "registration": registration,
            "contact_phone": personal_data.shown(
                registration.contact_phone, access[personal_data.CONTACT_PHONE]
            ),
            "attendees": personal_data.attendees_for(access, registration.attendees.all()),
            "editable": editable,
            "missing": registration_missing(registration) if editable else [],
            "events": personal_data.history_for(
                request.user, registration, registration.events.select_related("actor")
            ),
            "returned": last_return(registration, registration.events.all()),
        },
    )


@login_required
@require_POST
def registration_submit_view(request, pk: int):
    registration = get_in_scope_or_404(registrations_owned_by(request.user), pk=pk)
    try:
        registration_submit(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Submitted for review."))
    return redirect("registrations:detail", pk=pk)


@login_required
def registration_carry_over(request):
    """Step 1 lists last edition's purchasers of the user's unit; step 2 reviews the chosen
    ones with where each registers now; step 3 creates the drafts."""
    user = request.user
    if not can(user, "registrations.create"):
        raise PermissionDenied
    edition = current_edition(user=user)
    previous = edition.previous() if edition else None
    if previous is None:
        raise Http404
    candidates = _carry_over_candidates(user, edition=edition, previous=previous)
    agencies = list(_lead_agencies(user, edition))
    step = request.POST.get("step") if request.method == "POST" else ""
    chosen_ids = {int(v) for v in request.POST.getlist("registration") if v.isdigit()}
    chosen = [c for c in candidates if c.pk in chosen_ids and not c.already]
    if step in ("review", "create") and not chosen:
        messages.error(request, _("Choose at least one purchaser not yet registered this edition."))
        step = ""
    if step == "create":
        placements = []
        for candidate in chosen:
            form = PlacementForm(request.POST, prefix=f"c{candidate.pk}", lead_agencies=agencies)
            candidate.placement = form
            if form.is_valid():
                placements.append((candidate, form.cleaned_data["lead_agency"]))
        if len(placements) == len(chosen):
            return _carry_over(request, placements)
        step = "review"
    elif step == "review":
        for candidate in chosen:
            candidate.placement = PlacementForm(
                prefix=f"c{candidate.pk}",
                lead_agencies=agencies,
                initial={"lead_agency": _guess(candidate, agencies)},
            )
    return render(
        request,
        "purchasers/carry_over.html",
        {
            "edition": edition,
            "previous": previous,
            "candidates": candidates,
            "chosen": chosen,
            "step": step or "choose",
        },
    )


def _carry_over_candidates(user, *, edition, previous) -> list[Registration]:
    """Last edition's purchasers of the user's unit, each saying where it is registered
    already this edition, if it is."""
    candidates = list(
        Registration.objects.filter(edition=previous, unit=user.unit_id)
        .exclude(status=Registration.Status.DRAFT)
        .select_related("purchaser", "sub_delegation__delegation", "edition")
        .annotate(n_attendees=Count("attendees"))
        .order_by("name")
    )
    already = registrations_by_credit_code(
        edition=edition, credit_codes=[c.purchaser.credit_code for c in candidates]
    )
    for candidate in candidates:
        existing = already.get(candidate.purchaser.credit_code)
        candidate.already = (
            duplicate_firm_message(registration=existing, user=user) if existing else ""
        )
    return candidates


def _carry_over(request, placements: list):
    result = registrations_carry_over(by=request.user, choices=placements)
    if result.created:
        messages.success(
            request,
            ngettext(
                "%(n)d draft registration created for this edition: check and submit it.",
                "%(n)d draft registrations created for this edition: check and submit them.",
                len(result.created),
            )
            % {"n": len(result.created)},
        )
    for skipped, reason in result.skipped:
        messages.error(request, f"{skipped.name}: {reason}")
    return redirect("registrations:list")


def _guess(previous: Registration, agencies: list[LeadAgency]) -> int | None:
    """This edition's lead agency in the sub-delegation of the same name, if there is one."""
    same = [a for a in agencies if a.sub_delegation.name == previous.sub_delegation.name]
    if len(same) == 1:
        return same[0].pk
    units = {u.pk for u in previous.lead_agency.units.all()}
    for agency in same:
        if units & {u.pk for u in agency.units.all()}:
            return agency.pk
    return None
