"""The API fuzzed from its own OpenAPI schema.

Schemathesis generates requests for every operation of /api/schema/ and sends them to a live
test server as two identities of different delegations (A's office and B's office, token
auth): no answer may be a server error, and every answer must match the schema. The number
of examples per operation and identity is bounded (``FUZZ_EXAMPLES``, 5 by default) so the
run takes minutes; the test prints how many requests it made.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.db import connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
IDENTITIES = ("organiser", "b_organiser")


def _fuzz(operation, base_url: str, token: str, counts: Counter, failures: list) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(base_url=base_url, headers={"Authorization": f"Token {token}"})
        counts[f"{response.status_code // 100}xx"] += 1
        try:
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
        except BaseException as failure:  # schemathesis' FailureGroup: report, never hide
            if isinstance(failure, (KeyboardInterrupt, SystemExit)):
                raise
            first = str(failure).strip().splitlines()
            failures.append(f"{case.method} {case.formatted_path}: {' '.join(first[:6])}"[:400])

    run()


def test_fuzzed_api_as_two_delegations_has_no_server_error_and_keeps_to_its_schema(
    live_server, world, cast, registrations, capsys
):
    f.DealFactory(registration=f.RegistrationFactory(lead_agency=world.s1_hospitals))
    tokens = {who: Token.objects.create(user=getattr(cast, who)).key for who in IDENTITIES}
    # The schema is read in-process (under load it takes longer than a client's timeout);
    # every generated request goes to the live server.
    document = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    schema = schemathesis.openapi.from_dict(document)
    counts, failures, operations = Counter(), [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for who in IDENTITIES:
            _fuzz(operation, live_server.url, tokens[who], counts, failures)
    connections.close_all()
    with capsys.disabled():
        print(
            f"\nAPI fuzzing: {operations} operations x {len(IDENTITIES)} identities, "
            f"{sum(counts.values())} requests, answers {dict(sorted(counts.items()))}, "
            f"{len(failures)} failures"
        )
    assert counts.get("5xx", 0) == 0
    assert not failures, "\n".join(failures[:30])
    assert operations > 40
