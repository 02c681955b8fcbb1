"""Celery tasks of the deals app: thin wrappers around the roll-up and export services."""

import logging

from celery import shared_task
from django.conf import settings

from .exports import services as exports
from .rollups import services as rollups
from .rollups.models import ExportJob

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def refresh_rollups_task() -> int:
    """Refresh every edition marked as changed; queued (coalesced) after deal changes."""
    report = rollups.rollup_refresh_dirty()
    return report.corrected if report else 0


@shared_task(ignore_result=True)
def sweep_rollups_task() -> int:
    """Every minute (beat): refresh what is still marked, e.g. changes whose refresh could
    not be queued while the broker was down."""
    report = rollups.rollup_sweep()
    return report.corrected if report else 0


@shared_task(ignore_result=True)
def recompute_rollups_task() -> int:
    """The nightly full recompute: it clears the pending marks it covers; any difference it
    corrects (drift) is reported in the log and kept on the ``RollupRun``."""
    report = rollups.rollup_recompute()
    if report.corrected:
        logger.warning(
            "Nightly roll-up corrected %s (%s rows created, %s updated, %s deleted, "
            "%s purchaser parts): %s",
            report.corrected,
            report.created,
            report.updated,
            report.deleted,
            report.parts_corrected,
            report.differences[:20],
        )
    else:
        logger.info("Nightly roll-up: no drift (%s pending marks cleared)", report.marks_cleared)
    return report.corrected


@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.EXPORT_TIME_LIMIT_SECONDS,
    time_limit=settings.EXPORT_TIME_LIMIT_SECONDS + 30,
)
def export_totals_task(self, *, job_id: int) -> None:
    """Idempotent: a second delivery of a finished job does nothing, a redelivery after
    its worker died builds the file again (see ``deals.exports``)."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is not None:
        exports.export_job_run(job=job, task_id=self.request.id or "")


@shared_task(ignore_result=True)
def sweep_exports_task() -> dict:
    return exports.export_jobs_sweep()


@shared_task(ignore_result=True)
def clean_up_exports_task() -> int:
    return exports.export_jobs_clean_up()
