"""Totals reports built in the background: export jobs, their queueing and their sweeps.

A job survives faults: its task is queued after commit without letting a broker outage
fail the request (the sweep queues it once the broker is back); the task has time limits;
a worker killed while building it hands the message back (acks late, reject on worker
lost) and the same delivery picks the job up again, a few times at most; a job whose
builder vanished is ended by the sweep with a message the user sees, and can be started
again. The workbook is written in a folder of the job's own (xlsxwriter's temporary
files too), then saved through the default storage, so any web process can serve it.
"""

import datetime
import shutil
import uuid
from pathlib import Path

import structlog
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue
from delegations.capabilities import check
from delegations.models import Delegation, Edition

from .. import tasks
from ..rollups.models import ExportJob
from ..rollups.selectors import totals_scope
from .sheets import deal_sheet, deals_in_scope, summary_sheets
from .writers import write_xlsx

logger = structlog.get_logger(__name__)


def _job_tmp_dir(job_id: int) -> Path:
    return Path(settings.EXPORT_TMP_DIR) / f"job-{job_id}"


def _fail(job_id: int, language: str, message) -> None:
    with translation.override(language):
        text = str(message)
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=text, finished_at=timezone.now()
    )
    shutil.rmtree(_job_tmp_dir(job_id), ignore_errors=True)


def export_job_queue(*, job: ExportJob) -> bool:
    """Hand the job's task to the broker now; False when it is unreachable (the sweep
    queues it later)."""

    queued = enqueue(tasks.export_totals_task, kwargs={"job_id": job.pk})
    if queued:
        ExportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    return queued


def export_job_create(
    *, user, edition: Edition, delegation: Delegation | None = None, language: str = "zh-hans"
) -> ExportJob:
    check(user, "totals.export")
    job = ExportJob.objects.create(
        requested_by=user, edition=edition, delegation=delegation, language=language
    )
    transaction.on_commit(lambda: export_job_queue(job=job))
    return job


class ExportRestartError(Exception):
    pass


@transaction.atomic
def export_job_restart(*, job: ExportJob, by) -> ExportJob:
    """Start a failed export again, from the beginning."""
    check(by, "exports.download", job)
    locked = ExportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != ExportJob.Status.FAILED:
        raise ExportRestartError(_("Only a report that failed can be started again."))
    locked.status = ExportJob.Status.PENDING
    locked.error = locked.task_id = ""
    locked.rows_done = locked.attempts = 0
    locked.queued_at = locked.started_at = locked.finished_at = None
    locked.save()
    logger.info("export_restarted", job_id=locked.pk, by_user_id=by.pk)
    transaction.on_commit(lambda: export_job_queue(job=locked))
    return locked


def _claim_job(job_id: int, task_id: str) -> ExportJob | None:
    """Take the job for this delivery of its task: a pending job, or the one this same
    delivery was building when its worker died. A duplicate message (the sweep re-queued
    a job that was only waiting) finds it taken and does nothing."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        mine = job.status == ExportJob.Status.PENDING or (
            job.status == ExportJob.Status.RUNNING and job.task_id == task_id
        )
        if not mine:
            logger.info("export_skipped", job_id=job_id, status=job.status)
            return None
        if job.attempts >= settings.EXPORT_MAX_ATTEMPTS:
            _fail(
                job_id,
                job.language,
                _(
                    "The report was started %(count)s times and never finished. "
                    "Please tell the office."
                )
                % {"count": job.attempts},
            )
            return None
        job.status = ExportJob.Status.RUNNING
        job.task_id = task_id
        job.started_at = timezone.now()
        job.attempts += 1
        job.rows_done = 0
        job.save(update_fields=["status", "task_id", "started_at", "attempts", "rows_done"])
    return job


def export_job_run(*, job: ExportJob, task_id: str = "") -> ExportJob | None:
    """Build the job's .xlsx, recording progress as it goes; None when it was not this
    call's to build (taken by another delivery, already done or failed)."""
    job = _claim_job(job.pk, task_id)
    if job is None:
        return None
    user = job.requested_by
    deals = deals_in_scope(user=user, edition=job.edition, delegation=job.delegation)
    total = deals.count()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, total))

    folder = _job_tmp_dir(job.pk)
    shutil.rmtree(folder, ignore_errors=True)  # what a killed attempt left
    folder.mkdir(parents=True)
    path = folder / "totals.xlsx"
    try:
        with translation.override(job.language):
            scope = totals_scope(user=user, edition=job.edition, delegation=job.delegation)
            sheets = (summary_sheets(scope) if scope else []) + [deal_sheet(deals)]
            write_xlsx(str(path), sheets, progress=progress, tmpdir=str(folder))
        with path.open("rb") as built:
            name = default_storage.save(f"exports/{uuid.uuid4().hex}.xlsx", File(built))
    except SoftTimeLimitExceeded:
        logger.warning("export_timed_out", job_id=job.pk)
        _fail(
            job.pk,
            job.language,
            _(
                "The report took longer than %(minutes)s minutes and was stopped. Start it "
                "again, or ask for one delegation at a time."
            )
            % {"minutes": max(1, settings.EXPORT_TIME_LIMIT_SECONDS // 60)},
        )
        return None
    except Exception:
        logger.exception("export_failed", job_id=job.pk)
        _fail(
            job.pk,
            job.language,
            _("The report could not be built. Please try again or tell the office."),
        )
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    job.refresh_from_db()
    job.file.name = name
    job.status = ExportJob.Status.DONE
    job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "rows_done", "finished_at"])
    return job


def export_jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What beat runs every minute or so: queue the jobs whose task never reached the
    broker (or was lost), end the jobs whose builder is gone, and remove what they left in
    this machine's temporary folder."""
    now = now or timezone.now()
    Status = ExportJob.Status
    unqueued = ExportJob.objects.filter(status=Status.PENDING).filter(
        models.Q(queued_at__isnull=True, created_at__lt=now - datetime.timedelta(seconds=5))
        | models.Q(
            queued_at__lt=now - datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER_SECONDS)
        )
    )
    queued = sum(export_job_queue(job=job) for job in unqueued)
    # The hard time limit ends any build after this long, so a job still "running" is one
    # whose worker died and whose message never came back.
    gone = now - datetime.timedelta(seconds=settings.EXPORT_TIME_LIMIT_SECONDS + 60)
    ended = 0
    for job in ExportJob.objects.filter(status=Status.RUNNING, started_at__lt=gone):
        logger.warning("export_abandoned", job_id=job.pk, attempts=job.attempts)
        _fail(
            job.pk,
            job.language,
            _("The report stopped before it was finished. Start it again."),
        )
        ended += 1
    removed = 0
    running = set(ExportJob.objects.filter(status=Status.RUNNING).values_list("pk", flat=True))
    root = Path(settings.EXPORT_TMP_DIR)
    for folder in root.glob("job-*") if root.exists() else []:
        job_id = folder.name.removeprefix("job-")
        if not (job_id.isdigit() and int(job_id) in running):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return {"queued": queued, "ended": ended, "removed": removed}


def export_jobs_clean_up(*, now: datetime.datetime | None = None) -> int:
    """Remove exports (and their files) older than EXPORT_RETENTION_HOURS."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file:
            default_storage.delete(job.file.name)
        job.delete()
        removed += 1
    return removed
