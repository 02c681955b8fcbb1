"""Walking every page a user can reach from their home page, as a browser does.

Used by the whole-product browser tests (phone width, language): one page per kind of
address (``/registrations/12/`` and ``/registrations/40/`` are one kind), following the
links each page shows, never a link that downloads a file or leaves the product's pages.
"""

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlparse

from django.core.management import call_command

from ciie_delegations.demo import DEMO_PASSWORD
from delegations.models import User

# Not the product's own pages (the admin, the API and its docs), downloads, the switch.
NOT_A_PAGE = re.compile(
    r"^/(admin|api|i18n|accounts/logout)/|\.(xlsx|csv)$|/download/$|/template[^/]*$"
)

# One login of the demo per role, as README lists them.
DEMO_ROLES = {
    "organiser": "qh_office",
    "lead": "qh_health",
    "registrant": "qh_tourism",
    "credit_checker": "qh_credit",
    "background_checker": "qh_police",
    "national_viewer": "bureau",
    "national_admin": "bureau_admin",
}


def load_demo() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def walk(page, base_url: str, *, start: str = "/", limit: int = 60) -> Iterator[tuple[str, int]]:
    """Open ``start`` and every page linked from what was opened, one per kind of address.

    Yields each path with its HTTP status while ``page`` shows it.
    """
    host = urlparse(base_url).netloc
    queue, seen_kinds = [start], set()
    while queue and len(seen_kinds) < limit:
        path = queue.pop(0)
        if kind_of(path) in seen_kinds:
            continue
        seen_kinds.add(kind_of(path))
        response = page.goto(base_url + path)
        yield path, response.status
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
        ):
            url = urlparse(urljoin(base_url + path, href))
            if url.netloc != host or NOT_A_PAGE.search(url.path):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if kind_of(target) not in seen_kinds:
                queue.append(target)


def demo_login(login, username: str, **kwargs):

    return login(User.objects.get(username=username), password=DEMO_PASSWORD, **kwargs)
