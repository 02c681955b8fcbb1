"""The office's list of exhibitor countries that match no entry of the list of countries and
regions: values typed before the list existed, to correct deal by deal or exhibitor by
exhibitor (the by-country roll-up shows them apart until then)."""

from django.db.models import Count
from django.shortcuts import render

from delegations.capabilities import can, requires

from ..permissions import deals_visible_to, exhibitors_visible_to
from . import canonical


def unmatched_countries(*, deals, exhibitors) -> list[dict]:
    """Each value outside the list with how many deals and exhibitors carry it."""
    rows: dict[str, dict] = {}
    for value, n in deals.order_by().values_list("exhibitor_country").annotate(n=Count("pk")):
        if canonical(value) is None:
            rows.setdefault(value, {"value": value, "deals": 0, "exhibitors": 0})["deals"] = n
    for value, n in exhibitors.order_by().values_list("country").annotate(n=Count("pk")):
        if canonical(value) is None:
            rows.setdefault(value, {"value": value, "deals": 0, "exhibitors": 0})["exhibitors"] = n
    return sorted(rows.values(), key=lambda row: (-row["deals"], row["value"]))


@requires("deals.countries_report")
def unmatched(request):
    rows = unmatched_countries(
        deals=deals_visible_to(request.user), exhibitors=exhibitors_visible_to(request.user)
    )
    return render(
        request,
        "deals/countries_unmatched.html",
        {"rows": rows, "may_edit_directory": can(request.user, "directory.add")},
    )
