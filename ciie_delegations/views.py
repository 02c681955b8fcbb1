"""Pages that draw on every app: the home page that tells each role what it has to do."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views import i18n as i18n_views

from delegations.models import User
from delegations.permissions import (
    get_in_scope_or_404,
    has_role,
    lead_agencies_of,
    lead_agencies_visible_to,
    sub_delegations_visible_to,
)
from delegations.selectors import delegation_list
from purchasers.models import Registration
from purchasers.permissions import registrations_reviewable_by, registrations_visible_to
from purchasers.selectors import lead_agency_progress, status_counts

Role = User.Role
Status = Registration.Status


@login_required
def home(request):
    user = request.user
    registrations = registrations_visible_to(user)
    context = {
        "counts": status_counts(registrations),
        "delegations": delegation_list(user=user),
        "role": user.role,
    }
    if has_role(user, Role.LEAD):
        context["agencies"] = lead_agency_progress(lead_agencies_of(user))
        context["to_review"] = (
            registrations_reviewable_by(user).filter(status=Status.SUBMITTED).count()
        )
    elif has_role(user, Role.ORGANISER):
        context["agencies"] = lead_agency_progress(lead_agencies_visible_to(user))
        context["to_review"] = (
            registrations_reviewable_by(user).filter(status=Status.LEAD_APPROVED).count()
        )
    elif has_role(user, Role.REGISTRANT):
        context["recent"] = registrations.order_by("-updated_at")[:10]
    return render(request, "home.html", context)


def _structure_context(user, **scope) -> dict:
    """Lead agencies with their progress, and the user's own registrations by status.

    Registrant staff see the structure and their own counts; progress against targets is
    for the office and the leads.
    """
    agencies = lead_agencies_visible_to(user).filter(**scope)
    return {
        "agencies": agencies if has_role(user, Role.REGISTRANT) else lead_agency_progress(agencies),
        "show_progress": not has_role(user, Role.REGISTRANT),
    }


@login_required
def delegation_index(request):
    return render(
        request,
        "delegations/delegation_list.html",
        {"delegations": delegation_list(user=request.user)},
    )


@login_required
def delegation_detail(request, pk: int):
    delegation = get_in_scope_or_404(delegation_list(user=request.user), pk=pk)
    return render(
        request,
        "delegations/delegation_detail.html",
        {
            "delegation": delegation,
            "counts": status_counts(
                registrations_visible_to(request.user).filter(sub_delegation__delegation=delegation)
            ),
            **_structure_context(request.user, sub_delegation__delegation=delegation),
        },
    )


@login_required
def sub_delegation_detail(request, pk: int):
    sub = get_in_scope_or_404(sub_delegations_visible_to(request.user), pk=pk)
    return render(
        request,
        "delegations/sub_delegation_detail.html",
        {
            "sub": sub,
            "counts": status_counts(
                registrations_visible_to(request.user).filter(sub_delegation=sub)
            ),
            **_structure_context(request.user, sub_delegation=sub),
        },
    )


def set_language(request):
    """Django's language switch, remembered on the account so emails follow it too."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response
