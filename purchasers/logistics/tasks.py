"""Tasks of the stay: ids in, one call."""

from celery import shared_task

from .emails import send_itinerary


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True)
def send_itineraries_task(*, plan_ids: list[int]) -> int:
    """Email each person whose itinerary changed since it was last sent. Idempotent: an
    itinerary already sent as it stands is not sent again."""

    return sum(1 for plan_id in plan_ids if send_itinerary(plan_id=plan_id))
