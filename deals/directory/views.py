"""The deal form's exhibitor picker: a server-side search of the directory, as one types.

The form works without it: its "Find" button sends the search with the form and the page
comes back with the matches in the list (``DealForm``)."""

from django.http import JsonResponse

from delegations.capabilities import requires

from .. import countries
from ..permissions import exhibitors_visible_to
from ..records import selectors
from ..records.forms import PICKER_LIMIT


@requires("directory.search")
def exhibitor_search(request):
    """``?q=`` (a few letters of the Chinese or English name), ``edition`` (number)."""
    query = (request.GET.get("q") or "").strip()
    found = []
    if query:
        exhibitors = selectors.exhibitor_search(
            exhibitors_visible_to(request.user), q=query, edition=request.GET.get("edition")
        )
        found = [
            {
                "id": x.pk,
                "label": f"{x.name} ({countries.display(x.country)}) · {x.edition}",
                "name": x.name,
                "country": x.country,
                "zone": x.zone_id,
            }
            for x in exhibitors.order_by("name", "pk")[:PICKER_LIMIT]
        ]
    return JsonResponse({"results": found})
