"""Pages that draw on every app: the home page that tells each role what it has to do."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views

from deals.bulletins.selectors import open_problems
from delegations.models import Role
from delegations.permissions import (
    delegations_managed_by,
    get_in_scope_or_404,
    has_role,
    lead_agencies_of,
    lead_agencies_visible_to,
    sub_delegations_visible_to,
)
from delegations.setup.selectors import delegation_list
from purchasers.models import Registration
from purchasers.permissions import registrations_reviewable_by, registrations_visible_to
from purchasers.registration.selectors import (
    lead_agency_progress,
    returned_registrations,
    status_counts,
)
from purchasers.review.selectors import check_queue_by_sub_delegation

RETURNED_LISTED = 20  # on the home page; the list filtered by status holds the rest
OPEN_PROBLEMS_LISTED = 20  # likewise: the member units' reports page holds the rest


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
            registrations_reviewable_by(user).filter(status=Registration.Status.SUBMITTED).count()
        )
    elif has_role(user, Role.ORGANISER):
        context["agencies"] = lead_agency_progress(lead_agencies_visible_to(user))
        context["open_problems"] = list(open_problems(user)[:OPEN_PROBLEMS_LISTED])
        context["managed"] = list(delegations_managed_by(user).order_by("-edition__number")[:5])
        context["to_review"] = (
            registrations_reviewable_by(user)
            .filter(status=Registration.Status.LEAD_APPROVED)
            .count()
        )
    elif has_role(user, Role.CREDIT_CHECKER, Role.BACKGROUND_CHECKER):
        # A checker's day is their queue: what waits for them, where.
        context["check_rows"] = check_queue_by_sub_delegation(user=user)
        context["to_check"] = sum(row.total for row in context["check_rows"])
    elif has_role(user, Role.REGISTRANT):
        context["recent"] = registrations.order_by("-updated_at")[:10]
        context["returned"] = returned_registrations(registrations).select_related(
            "sub_delegation"
        )[:RETURNED_LISTED]
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


# --- error pages ---------------------------------------------------------------------------
# In the product's layout and language, with where to go next; the API answers in JSON as
# Django REST framework does for its own errors.


def _api(request) -> bool:
    return request.path.startswith("/api/")


def _error_page(request, template: str, status: int, detail: str):
    if _api(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, template, {"referer": _same_site_referer(request)}, status=status)


def _same_site_referer(request) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404, _("Not found."))


def permission_denied(request, exception=None):
    return _error_page(
        request, "403.html", 403, _("You do not have permission to perform this action.")
    )


def csrf_failure(request, reason=""):
    return _error_page(
        request, "403_csrf.html", 403, _("The form had expired. Reload the page and try again.")
    )


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    try:
        return render(request, "500.html", {}, status=500)
    except Exception:  # noqa: BLE001 - whatever broke the page may break the layout too
        return HttpResponseServerError(
            render_to_string("500_plain.html"), content_type="text/html; charset=utf-8"
        )
