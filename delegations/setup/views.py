"""Set-up pages: the office's structure and units; the bureau's editions and
delegations. Every change goes through ``delegations.setup.services``; objects are fetched through
the scoped querysets, so another delegation's set-up is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..capabilities import can
from ..models import Delegation, Edition, LeadAgency, SetupEvent, SubDelegation
from ..permissions import (
    accounts_managed_by,
    get_in_scope_or_404,
    setup_delegations_of,
)
from . import services
from .forms import (
    CopyForwardForm,
    DelegationCreateForm,
    EditionForm,
    LeadAgencyForm,
    MemberUnitForm,
    SubDelegationForm,
)
from .selectors import lineage_choices, units_of


def add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def setup_delegation_or_404(request, pk: int) -> Delegation:
    return get_in_scope_or_404(setup_delegations_of(request.user), pk=pk)


def _require_bureau(request) -> None:
    if not can(request.user, "editions.administer"):
        raise Http404


@login_required
def setup_index(request):
    user = request.user
    delegations = setup_delegations_of(user).order_by("-edition__number")
    bureau = can(user, "editions.administer")
    if not bureau and not delegations.exists():
        raise Http404
    form = CopyForwardForm(request.POST or None, sources=delegations)
    if request.method == "POST":
        if form.is_valid():
            try:
                target = services.delegation_copy_forward(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(delegation)s started from %(source)s: edit it, then open registration.")
                    % {"delegation": target, "source": form.cleaned_data["source"]},
                )
                return redirect("setup:detail", pk=target.pk)
    elif delegations.exists():
        latest = delegations.first()
        later = Edition.objects.filter(number__gt=latest.edition.number).order_by("number")
        form.initial = {"source": latest.pk, "edition": later.first().pk if later else None}
    context = {"delegations": delegations, "form": form, "bureau": bureau}
    if bureau:
        context["all_delegations"] = Delegation.objects.select_related(
            "edition", "region", "office_unit"
        ).order_by("-edition__number", "region__code")
        context["editions"] = Edition.objects.order_by("-number")
    return render(request, "delegations/setup/index.html", context)


@login_required
def setup_detail(request, pk: int):
    delegation = setup_delegation_or_404(request, pk)
    subs = delegation.sub_delegations.select_related(
        "continues__delegation__edition"
    ).prefetch_related(
        Prefetch("lead_agencies", queryset=LeadAgency.objects.prefetch_related("units"))
    )
    return render(
        request,
        "delegations/setup/detail.html",
        {
            "delegation": delegation,
            "subs": subs,
            "units": delegation.member_units.order_by("name"),
            "accounts": accounts_managed_by(request.user, delegation)
            .select_related("unit")
            .order_by("unit__name", "username"),
            "events": SetupEvent.objects.filter(delegation=delegation).select_related("actor")[
                :100
            ],
        },
    )


def form_page(request, *, form, title: str, delegation, save, back):
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(back)
    return render(
        request,
        "delegations/setup/form.html",
        {"form": form, "title": title, "delegation": delegation, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def sub_delegation_edit(request, pk: int, sub_pk: int | None = None):
    delegation = setup_delegation_or_404(request, pk)
    sub = get_in_scope_or_404(delegation.sub_delegations.all(), pk=sub_pk) if sub_pk else None
    form = SubDelegationForm(
        request.POST or None, instance=sub, lineage=lineage_choices(delegation)
    )
    return form_page(
        request,
        form=form,
        title=_("Sub-delegation") if sub else _("New sub-delegation"),
        delegation=delegation,
        save=lambda f: services.sub_delegation_save(
            by=request.user,
            delegation=delegation,
            sub=SubDelegation.objects.get(pk=sub.pk) if sub else None,
            data=f.cleaned_data,
        ),
        back=reverse_lazy("setup:detail", kwargs={"pk": delegation.pk}),
    )


@login_required
def lead_agency_edit(request, pk: int, sub_pk: int, agency_pk: int | None = None):
    delegation = setup_delegation_or_404(request, pk)
    sub = get_in_scope_or_404(delegation.sub_delegations.all(), pk=sub_pk)
    agency = get_in_scope_or_404(sub.lead_agencies.all(), pk=agency_pk) if agency_pk else None
    form = LeadAgencyForm(
        request.POST or None, instance=agency, units=units_of(delegation).order_by("name")
    )
    return form_page(
        request,
        form=form,
        title=_("Lead agency of %(sub)s") % {"sub": sub.display_name},
        delegation=delegation,
        save=lambda f: services.lead_agency_save(
            by=request.user,
            sub_delegation=sub,
            agency=LeadAgency.objects.get(pk=agency.pk) if agency else None,
            data=f.cleaned_data,
        ),
        back=reverse_lazy("setup:detail", kwargs={"pk": delegation.pk}),
    )


@login_required
def member_unit_edit(request, pk: int, unit_pk: int | None = None):
    delegation = setup_delegation_or_404(request, pk)
    unit = get_in_scope_or_404(units_of(delegation), pk=unit_pk) if unit_pk else None
    form = MemberUnitForm(request.POST or None, instance=unit)
    return form_page(
        request,
        form=form,
        title=_("Member unit") if unit else _("Add a member unit"),
        delegation=delegation,
        save=lambda f: services.member_unit_save(
            by=request.user,
            delegation=delegation,
            unit=type(unit).objects.get(pk=unit.pk) if unit else None,
            data=f.cleaned_data,
        ),
        back=reverse_lazy("setup:detail", kwargs={"pk": delegation.pk}),
    )


@login_required
@require_POST
def open_registration(request, pk: int):
    delegation = setup_delegation_or_404(request, pk)
    services.delegation_open_registration(by=request.user, delegation=delegation)
    messages.success(
        request, _("Registration is open for %(delegation)s.") % {"delegation": delegation}
    )
    return redirect("setup:detail", pk=delegation.pk)


# --- the bureau ------------------------------------------------------------------------


@login_required
def edition_index(request):
    _require_bureau(request)
    return render(
        request,
        "delegations/setup/editions.html",
        {
            "editions": Edition.objects.order_by("-number"),
            "events": SetupEvent.objects.filter(delegation__isnull=True).select_related(
                "actor", "edition"
            )[:50],
        },
    )


@login_required
def edition_edit(request, number: int | None = None):
    _require_bureau(request)
    edition = get_in_scope_or_404(Edition.objects.all(), number=number) if number else None
    form = EditionForm(request.POST or None, instance=edition)
    return form_page(
        request,
        form=form,
        title=str(edition) if edition else _("New edition"),
        delegation=None,
        save=lambda f: services.edition_save(
            by=request.user,
            edition=Edition.objects.get(pk=edition.pk) if edition else None,
            data=f.cleaned_data,
        ),
        back=reverse_lazy("setup:editions"),
    )


@login_required
def delegation_new(request):
    _require_bureau(request)
    form = DelegationCreateForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=_("New delegation"),
        delegation=None,
        save=lambda f: services.delegation_create(by=request.user, **f.cleaned_data),
        back=reverse_lazy("setup:index"),
    )
