"""Background exports that meet faults end, say why, and can be started again."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from deals.exports.services import export_job_run, export_jobs_sweep
from deals.models import ExportJob
from deals.tasks import export_totals_task
from tests import factories as f


@pytest.fixture
def job(registrations, cast, settings, tmp_path):
    settings.EXPORT_TMP_DIR = tmp_path / "tmp"
    settings.MEDIA_ROOT = tmp_path / "media"
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("10.00"))
    return ExportJob.objects.create(requested_by=cast.organiser, edition=registrations.s1.edition)


def running(job, *, task_id="delivery-1", minutes_ago=0, attempts=1):
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING,
        task_id=task_id,
        attempts=attempts,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    job.refresh_from_db()
    return job


def test_a_job_whose_worker_vanished_is_ended_with_a_message_and_its_files_removed(
    job, client, cast, settings
):
    settings.EXPORT_TIME_LIMIT_SECONDS = 600
    running(job, minutes_ago=12)
    left_behind = settings.EXPORT_TMP_DIR / f"job-{job.pk}"
    left_behind.mkdir(parents=True)
    (left_behind / "tmp123.xml").write_text("half a worksheet")
    orphan = settings.EXPORT_TMP_DIR / "job-999999"
    orphan.mkdir()

    # The ended job's folder goes with it; the orphan (no such job running) is removed too.
    assert export_jobs_sweep() == {"queued": 0, "ended": 1, "removed": 1}
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.finished_at
    assert not left_behind.exists() and not orphan.exists()

    client.force_login(cast.organiser)
    page = client.get(reverse("exports:export-detail", args=[job.pk])).content.decode()
    assert job.error in page and 'http-equiv="refresh"' not in page
    restart = reverse("exports:export-restart", args=[job.pk])
    assert restart in page


def test_a_job_still_within_its_time_limit_is_left_running(job, settings):
    settings.EXPORT_TIME_LIMIT_SECONDS = 600
    running(job, minutes_ago=5)
    assert export_jobs_sweep()["ended"] == 0
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.RUNNING


def test_a_failed_job_started_again_is_built(job, client, cast, django_capture_on_commit_callbacks):
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error="stopped")
    client.force_login(cast.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:export-restart", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.error == "" and job.attempts == 1
    download = client.get(reverse("exports:export-download", args=[job.pk]))
    assert download.status_code == 200


def test_only_the_requester_may_start_a_job_again(job, client, cast):
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED)
    client.force_login(cast.b_organiser)
    assert client.post(reverse("exports:export-restart", args=[job.pk])).status_code == 404


def test_a_duplicate_message_does_not_build_a_job_another_delivery_is_building(job):
    running(job, task_id="delivery-1")
    assert export_job_run(job=job, task_id="delivery-2") is None
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.RUNNING


def test_the_same_delivery_back_after_its_worker_died_builds_the_job(job, settings):
    running(job, task_id="delivery-1")
    (settings.EXPORT_TMP_DIR / f"job-{job.pk}").mkdir(parents=True)
    export_totals_task.apply(kwargs={"job_id": job.pk}, task_id="delivery-1")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.attempts == 2 and job.file
    assert not (settings.EXPORT_TMP_DIR / f"job-{job.pk}").exists()


def test_a_job_that_keeps_killing_its_worker_fails_after_a_few_attempts(job, settings):
    settings.EXPORT_MAX_ATTEMPTS = 3
    running(job, task_id="delivery-1", attempts=3)
    export_totals_task.apply(kwargs={"job_id": job.pk}, task_id="delivery-1")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "3" in job.error


def test_the_sweep_queues_a_job_the_broker_never_took(job):
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert export_jobs_sweep()["queued"] == 1  # the (eager) task builds it
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.queued_at


def test_export_tasks_have_time_limits_and_their_own_queue(settings):
    assert export_totals_task.soft_time_limit == settings.EXPORT_TIME_LIMIT_SECONDS
    assert export_totals_task.time_limit > export_totals_task.soft_time_limit
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > export_totals_task.time_limit
    assert settings.CELERY_TASK_ROUTES["deals.tasks.export_totals_task"] == {"queue": "exports"}
