"""The migration that gives each deal its delegation: going back drops the column, coming
forward fills it for every deal there is from its purchaser's registration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from deals.models import Deal
from tests import factories as f

BEFORE = [("deals", "0016_dims_rollup_levels")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_going_back_and_forward_fills_every_deals_delegation(world, cast, approved):
    deals = {
        f.DealFactory(registration=registration).pk: registration.sub_delegation.delegation_id
        for registration in (approved.s1, approved.s2, approved.b)
    }
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM deals_deal LIMIT 0")
            assert "delegation_id" not in [column[0] for column in cursor.description]
    finally:
        # Whatever happened, leave the database at the latest schema for the other tests.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert dict(Deal.objects.values_list("pk", "delegation_id")) == deals
    assert set(deals.values()) == {world.a.pk, world.b.pk}
