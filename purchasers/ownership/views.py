"""The ownership list's page: the national administrator adds entries, renames them or stops
offering one (an entry in use is never deleted)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from delegations.capabilities import can

from .forms import OwnershipForm
from .models import Ownership
from .selectors import ownership_history
from .services import ownership_save


def _require_national_admin(request) -> None:
    if not can(request.user, "ownerships.administer"):
        raise Http404


@require_GET
@login_required
def ownership_index(request):
    _require_national_admin(request)
    return render(
        request,
        "purchasers/ownerships.html",
        {"ownerships": Ownership.objects.all(), "events": ownership_history()},
    )


@login_required
def ownership_edit(request, code: str | None = None):
    _require_national_admin(request)
    ownership = get_object_or_404(Ownership, code=code) if code else None
    form = OwnershipForm(request.POST or None, instance=ownership)
    if ownership is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        ownership_save(by=request.user, ownership=ownership, data=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("ownerships:index")
    return render(
        request,
        "purchasers/ownership_form.html",
        {"form": form, "ownership": ownership},
        status=400 if request.method == "POST" else 200,
    )
