"""Thin tasks: ids in, one service call."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_bulletin_task(*, bulletin_id: int) -> int:
    return services.bulletin_deliver(bulletin_id=bulletin_id)


@shared_task
def send_due_bulletins_task() -> int:
    return len(services.bulletins_send_due())


@shared_task
def sweep_bulletin_deliveries_task() -> dict:
    return services.bulletin_deliveries_sweep()
