"""Staff pages of invitations: the list (how many firms used each), issue, the link with
its code, send by email, revoke after a confirmation. Fetched through the scoped queryset:
another unit's invitation is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.capabilities import can, check, requires
from delegations.permissions import get_in_scope_or_404

from .emails import absolute, invitation_link
from .forms import InvitationForm, SendForm
from .selectors import invitations_visible_to, lead_agencies_invitable_by, with_usage
from .services import InvitationError, invitation_issue, invitation_revoke, invitation_send


@requires("invitations.view")
def invitation_list(request):
    invitations = with_usage(invitations_visible_to(request.user)).order_by("-created_at", "-pk")
    return render(
        request,
        "invitations/list.html",
        {"invitations": invitations, "can_issue": can(request.user, "invitations.issue")},
    )


@requires("invitations.issue")
def invitation_create(request):
    agencies = list(lead_agencies_invitable_by(request.user))
    form = InvitationForm(request.POST or None, lead_agencies=agencies)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = invitation_issue(
                    by=request.user,
                    lead_agency=data["lead_agency"],
                    name=data["name"],
                    expires_on=data["expires_on"],
                    max_firms=data["max_firms"],
                    credit_codes=data["credit_codes"],
                    contacts=data["contacts"],
                )
            except InvitationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Invitation issued."))
                if data["contacts"]:
                    messages.success(
                        request,
                        _("The link is being emailed to %(count)d contacts.")
                        % {"count": len(data["contacts"])},
                    )
                return redirect("invitation-detail", pk=invitation.pk)
        status = 400
    return render(request, "invitations/form.html", {"form": form}, status=status)


def _invitation(request, pk):
    check(request.user, "invitations.view")
    return get_in_scope_or_404(with_usage(invitations_visible_to(request.user)), pk=pk)


@login_required
def invitation_detail(request, pk):
    invitation = _invitation(request, pk)
    registrations = invitation.registrations.select_related("purchaser").order_by("-created_at")
    return render(
        request,
        "invitations/detail.html",
        {
            "invitation": invitation,
            "link": invitation_link(invitation),
            "code_link": absolute("/i/"),
            "registrations": registrations,
            "send_form": SendForm(),
            "can_revoke": can(request.user, "invitations.revoke", invitation),
        },
    )


@login_required
@require_POST
def invitation_send_view(request, pk):
    invitation = _invitation(request, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("contacts", []):
            messages.error(request, error)
        return redirect("invitation-detail", pk=invitation.pk)
    try:
        count = invitation_send(
            by=request.user, invitation=invitation, contacts=form.cleaned_data["contacts"]
        )
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The link is being emailed to %(count)d contacts.") % {"count": count}
        )
    return redirect("invitation-detail", pk=invitation.pk)


@login_required
def invitation_revoke_view(request, pk):
    invitation = _invitation(request, pk)
    check(request.user, "invitations.revoke", invitation)
    if request.method == "POST":
        try:
            invitation_revoke(by=request.user, invitation=invitation)
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Invitation revoked: the link no longer opens."))
        return redirect("invitation-detail", pk=invitation.pk)
    return render(request, "invitations/revoke_confirm.html", {"invitation": invitation})
