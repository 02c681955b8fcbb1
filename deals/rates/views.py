"""The exchange rates page: an office sets its rates for new deals; others read them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from delegations.permissions import delegations_managed_by

from ..permissions import exchange_rates_visible_to, require
from ..records.forms import add_service_errors
from . import services
from .forms import ExchangeRateForm
from .selectors import rate_history_visible_to


@login_required
def exchange_rates(request):
    managed = delegations_managed_by(request.user)
    latest = managed.order_by("-edition__number").first()
    form = ExchangeRateForm(
        request.POST or None, delegations=managed, initial={"delegation": latest}
    )
    unusual = False
    if request.method == "POST":
        require(managed.exists())
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
                return redirect("rates:exchange-rates")
    return render(
        request,
        "deals/exchange_rates.html",
        {
            "rates": exchange_rates_visible_to(request.user).select_related(
                "delegation__edition", "set_by"
            ),
            "form": form if managed.exists() else None,
            "events": rate_history_visible_to(request.user),
            "unusual": unusual,
        },
    )
