"""A burst of separate edits, with a real broker, queues one refresh and runs one roll-up."""

from decimal import Decimal

import pytest
from django.conf import settings

from ciie_delegations.celery import app as celery_app
from deals.models import RollupDirty, RollupRun
from deals.rollups.services import rollup_recompute
from deals.tasks import refresh_rollups_task
from tests import factories as f
from tests.conftest import IN_CI

from .rollup_helpers import rollups_as_stored, truth_from_deals


@pytest.fixture
def broker():
    """The Redis broker of CELERY_BROKER_URL, emptied before and after the test."""
    if not settings.CELERY_BROKER_URL or celery_app.conf.task_always_eager:
        if IN_CI:
            pytest.fail("CI=true but no Celery broker is configured")
        pytest.skip("needs a Celery broker (set CELERY_BROKER_URL)")
    celery_app.control.purge()
    yield
    celery_app.control.purge()


def queued_messages() -> int:
    with celery_app.connection_for_read() as connection:
        return connection.default_channel.queue_declare("celery", passive=True).message_count


@pytest.mark.real_broker
def test_a_thousand_separate_edits_queue_one_refresh_and_one_rollup(
    broker, registrations, django_capture_on_commit_callbacks
):
    deal = f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("1.00"))
    rollup_recompute()
    RollupDirty.objects.all().delete()
    runs_before = RollupRun.objects.count()
    for i in range(1000):
        # Each edit commits on its own, as 1,000 users' saves would.
        with django_capture_on_commit_callbacks(execute=True):
            deal.amount_usd = deal.amount = Decimal(i + 2)
            deal.save()
    assert queued_messages() == 1
    refresh_rollups_task.apply()  # what the worker does with the one queued message
    assert RollupRun.objects.count() == runs_before + 1
    assert rollups_as_stored() == truth_from_deals()
