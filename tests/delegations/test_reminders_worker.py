"""The beat-scheduled job runs on a real Celery worker against the local Redis."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from ciie_delegations.celery import app
from delegations.deadlines.services import deadline_set
from delegations.models import Deadline, Reminder
from tests.conftest import IN_CI

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_broker(postgres):
    """The worker must share the test database (PostgreSQL) and a Redis broker."""
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        if IN_CI:
            pytest.fail("CI=true but CELERY_BROKER_URL is not a Redis URL")
        pytest.skip("needs Redis (set CELERY_BROKER_URL)")
    return settings.CELERY_BROKER_URL


@pytest.fixture
def worker(redis_broker, smtp):
    """``celery -A ciie_delegations worker`` on its own queue, seeing the live test database."""
    db = connection.settings_dict
    queue = f"reminders-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": redis_broker,
        "CELERY_RESULT_BACKEND": redis_broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SITE_URL": "https://ciie.example.org",
        "DB_CONN_MAX_AGE": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ciie_delegations",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


@pytest.mark.real_broker
def test_beat_scheduled_job_sends_through_a_real_worker(worker, smtp, world, cast):
    deadline_set(
        edition=world.edition,
        kind=Deadline.Kind.REGISTRATION,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        by=cast.national_admin,
    )
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders-daily"]
    # What beat does at 08:00: send the scheduled task by name to the broker.
    result = app.send_task(entry["task"], queue=worker)
    assert result.get(timeout=60) == "sent=4 failed=0 unknown=0"

    deadline = time.monotonic() + 30
    while len(smtp.messages) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(m.to[0] for m in smtp.messages) == sorted(
        [
            world.units.health.liaison_email,
            world.units.drugs.liaison_email,
            world.units.commerce_lead.liaison_email,
            world.units.b_lead.liaison_email,
        ]
    )
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 4
    # Beat firing again the same day sends nothing more.
    assert app.send_task(entry["task"], queue=worker).get(timeout=60) == (
        "sent=0 failed=0 unknown=0"
    )
    assert len(smtp.messages) == 4
