"""Account pages: an office invites its units' staff, deactivates them or resets their
password; the staff member sets a password from the emailed link."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..permissions import accounts_managed_by, get_in_scope_or_404
from ..setup.selectors import units_of
from ..setup.views import form_page, setup_delegation_or_404
from . import services
from .forms import InviteForm


@login_required
def account_invite_view(request, pk: int):
    delegation = setup_delegation_or_404(request, pk)
    form = InviteForm(request.POST or None, units=units_of(delegation).order_by("name"))
    return form_page(
        request,
        form=form,
        title=_("Invite a staff member"),
        delegation=delegation,
        save=lambda f: services.account_invite(
            by=request.user, delegation=delegation, **f.cleaned_data
        ),
        back=reverse_lazy("setup:detail", kwargs={"pk": delegation.pk}),
    )


@login_required
@require_POST
def account_action(request, pk: int, user_pk: int, action: str):
    delegation = setup_delegation_or_404(request, pk)
    account = get_in_scope_or_404(accounts_managed_by(request.user, delegation), pk=user_pk)
    if action == "deactivate":
        services.account_deactivate(by=request.user, delegation=delegation, user=account)
        messages.success(request, _("%(user)s can no longer log in.") % {"user": account.username})
    elif action == "reset":
        services.account_reset(by=request.user, delegation=delegation, user=account)
        messages.success(
            request,
            _("A link to set a new password was sent to %(email)s.") % {"email": account.email},
        )
    else:
        raise Http404
    return redirect("setup:detail", pk=delegation.pk)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link from the invitation or reset email: choose a password, then log in."""

    template_name = "registration/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set: log in with it."))
        return response
