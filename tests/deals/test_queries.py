"""The deal list and the follow-up page do not query once per deal."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_deal_pages_query_count_does_not_grow_with_deals(client, cast, approved):
    f.DealFactory(registration=approved.s1)
    client.force_login(cast.organiser)
    few = {url: _queries(client, url) for url in ("/deals/", "/deals/follow-up/")}
    for n in range(10):
        f.DealFactory(registration=approved.s1, product=f"p{n}")
    for url, count in few.items():
        assert _queries(client, url) == count, url
