"""Queue a task after the transaction commits, without letting a broker outage fail the write.

A write whose follow-up cannot be queued has still happened: the caller keeps a durable mark
(a dirty roll-up, a pending job, an unsent notice) and a periodic sweep queues it again once
the broker is back. So the request answers success and nothing is lost.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue(task, /, **options) -> bool:
    """Send ``task`` now; False (and a warning in the log) when the broker is unreachable."""
    try:
        task.apply_async(**options)
    # RedisError: a task with a result subscribes to the (Redis) result backend on sending.
    except (BrokerError, RedisError, ConnectionError, OSError) as error:
        logger.warning("could not queue %s (%s); a sweep will queue it later", task.name, error)
        return False
    return True


def enqueue_after_commit(task, /, **options) -> None:
    """``enqueue`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue(task, **options))
