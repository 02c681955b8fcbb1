"""The processes of ``make services`` (gunicorn, a Celery worker, beat) on the test's
PostgreSQL and a Redis of their own: a broker outage and a killed worker lose nothing, and
two web processes behave as one."""

import json
import os
import signal
import time

import pytest
from django.conf import global_settings
from django.db import connection
from django.test import override_settings
from rest_framework.authtoken.models import Token

from deals.models import Deal, ExportJob, RollupRow
from purchasers.models import Notice, Registration
from tests import factories as f
from tests.conftest import IN_CI
from tests.purchasers.import_sheets import CODE_A, CODE_B, good_rows, sheet

from .helpers import Client, RedisServer, Services, free_port, healthz, service_env, wait_for

# The processes talk to their own Redis; what the test process itself sets off (a factory's
# deal refreshing the roll-ups) runs eagerly here, leaving nothing on the shared broker.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-real-password-for-gunicorn"
EXPORT_TIME_LIMIT = 30
BOOT = 120  # gunicorn and the worker starting on a busy two-core machine


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Redis, two web processes, a worker and beat, started once for this module's tests
    (they boot in parallel: on two busy cores each takes a while)."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            if IN_CI:
                pytest.fail("CI=true but the database is not PostgreSQL")
            pytest.skip("needs PostgreSQL (set DATABASE_URL)")
        if not os.path.exists("/usr/bin/redis-server"):
            if IN_CI:
                pytest.fail("CI=true but redis-server is missing")
            pytest.skip("needs redis-server")
        folder = tmp_path_factory.mktemp("services")
        redis = RedisServer(folder)
        redis.start()
        env = service_env(
            redis_url=redis.url,
            folder=folder,
            EXPORT_TIME_LIMIT_SECONDS=str(EXPORT_TIME_LIMIT),
            SWEEP_SECONDS="3",
            ROLLUP_REFRESH_DELAY_SECONDS="1",
            NOTICE_EMAIL_SWEEP_AFTER_SECONDS="2",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(folder / "mail"),
            WEB_CONCURRENCY="1",
        )
        running = Services(folder, env)
        ports = free_port(), free_port()
        running.start("web", WEB_BIND=f"127.0.0.1:{ports[0]}")
        running.start("web2", command="web", WEB_BIND=f"127.0.0.1:{ports[1]}")
        running.start("worker")
        running.start("beat")
        running.bases = [f"http://127.0.0.1:{port}" for port in ports]
        running.redis = redis
        try:
            yield running
        finally:
            running.stop_all(signal.SIGKILL)
            redis.stop()
            for name in ("web", "web2", "worker", "beat"):
                print(f"--- {name} ---\n" + running.log(name)[-3000:])


def with_gunicorn_passwords(*users):
    """The cast's passwords hashed with Django's own hashers (the tests' fast MD5 one is
    not among the web process's)."""
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        for user in users:
            user.set_password(PASSWORD)
            user.save()


def approve(registration):
    registration.status = registration.Status.LEAD_APPROVED
    registration.save()
    return registration


def deal_json(registration, product: str) -> dict:
    return {
        "registration": registration.pk,
        "exhibitor_name": f"Siemens Healthineers {product}",
        "exhibitor_country": "德国",
        "zone": f.zone("medical").code,
        "product": product,
        "amount": "1000000.00",
        "currency": "USD",
        "signed_on": registration.edition.opens_on.isoformat(),
    }


def many_deals(registration, count: int) -> None:
    """Enough deals that the workbook takes a few seconds to write: copies of one deal,
    made by the database in one statement."""
    deal = f.RollupDealFactory(registration=registration)
    columns = [field.column for field in Deal._meta.concrete_fields if not field.primary_key]
    copied = ", ".join(
        "exhibitor_name || ' ' || g" if column == "exhibitor_name" else column for column in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Deal._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {copied} FROM {Deal._meta.db_table}, generate_series(1, %s) AS g "
            "WHERE id = %s",
            [count - 1, deal.pk],
        )


def start_export(client: Client) -> ExportJob:
    status, headers, _ = client.post_form("/dashboard/exports/", {"edition": "5"})
    assert status == 302, status
    return ExportJob.objects.get(pk=int(headers["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_services_answer_through_a_broker_outage_and_a_killed_worker(
    stack, postgres, cast, registrations, capsys
):
    services, redis_server = stack, stack.redis
    base = stack.bases[0]
    registration = approve(registrations.s1)
    token = Token.objects.create(user=cast.registrant)
    api = {"Content-Type": "application/json", "Authorization": f"Token {token.key}"}
    lead_api = {"Authorization": f"Token {Token.objects.create(user=cast.other_lead).key}"}
    to_review = registrations.s2
    to_review.status = to_review.Status.SUBMITTED
    to_review.save()
    with_gunicorn_passwords(cast.organiser)
    organiser = Client(base)

    wait_for(lambda: healthz(base)[0] == 200, timeout=BOOT, what="/healthz/ 200")
    assert healthz(base)[1] == {
        "status": "ok",
        "down": [],
        "checks": {"database": "ok", "broker": "ok", "workers": "ok"},
    }

    # A deal through the API; the worker refreshes the roll-up.
    status, _, body = Client(base).request(
        "POST", "/api/deals/", deal_json(registration, "CT"), api
    )
    assert status == 201, body
    wait_for(
        lambda: RollupRow.objects.filter(level="edition", deals=1).exists(),
        timeout=30,
        what="the roll-up refreshed by the worker",
    )

    # The broker goes away: health says so, a deal is still recorded.
    redis_server.stop()
    status, answer = healthz(base)
    assert status == 503 and answer["down"] == ["broker", "workers"], answer
    assert answer["checks"]["database"] == "ok"
    with capsys.disabled():
        print("\n/healthz/ with Redis stopped:", status, json.dumps(answer, ensure_ascii=False))
    status, _, body = Client(base).request(
        "POST", "/api/deals/", deal_json(registration, "MRI"), api
    )
    assert status == 201, body
    assert Deal.objects.filter(product="MRI").exists()
    # An export asked for and a review decided while the broker is down: both answer, and
    # their follow-up is queued by the sweeps once it is back.
    organiser.login("organiser", PASSWORD)
    waiting = start_export(organiser)
    assert waiting.status == "pending" and waiting.queued_at is None
    status, _, body = Client(base).request(
        "POST", f"/api/review/{to_review.pk}/approve/", headers=lead_api
    )
    assert status == 200, body
    notice = Notice.objects.get(registration=to_review)
    assert notice.emailed_at is None
    # The dashboard says its figures wait for a refresh (the deal is not in them yet).
    assert "等待刷新" in organiser.get("/dashboard/")[2].decode()
    assert RollupRow.objects.get(level="edition").deals == 1

    redis_server.start()
    back = time.monotonic()
    wait_for(
        lambda: RollupRow.objects.filter(level="edition", deals=2).exists(),
        timeout=90,
        what="the roll-up caught up after the broker's return",
    )
    with capsys.disabled():
        print(f"\nroll-up caught up {time.monotonic() - back:.1f} s after Redis came back")
    page = organiser.get("/dashboard/")[2].decode()
    assert "等待刷新" not in page
    wait_for(lambda: healthz(base)[0] == 200, timeout=60, what="the worker back on the broker")
    wait_for(
        lambda: ExportJob.objects.filter(pk=waiting.pk, status="done").exists(),
        timeout=40,
        what="the export queued by the sweep",
    )
    wait_for(
        lambda: Notice.objects.filter(pk=notice.pk, emailed_at__isnull=False).exists(),
        timeout=30,
        what="the notice emailed after the sweep",
    )
    assert len(list((services.folder / "mail").iterdir())) == 1

    # A worker process killed in the middle of an export: the job ends, never stuck.
    many_deals(registration, 8_000)
    job = start_export(organiser)
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status="running", rows_done__gt=0).exists(),
        timeout=60,
        step=0.1,
        what="the export under way",
    )
    pool = services.children("worker")
    assert pool, "the worker has a pool process"
    for pid in pool:
        os.kill(pid, signal.SIGKILL)
    job = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first(),
        timeout=EXPORT_TIME_LIMIT + 90,
        what="the export to end",
    )
    page = organiser.get(f"/dashboard/exports/{job.pk}/")[2].decode()
    if job.status == "done":
        assert job.attempts == 2  # the killed build, then the same message again
        assert organiser.get(f"/dashboard/exports/{job.pk}/download/")[0] == 200
    else:
        assert job.error and job.error in page and "restart" in page
    assert not (services.folder / "tmp" / f"job-{job.pk}").exists()
    assert "WorkerLostError" in services.log("worker")

    # What the processes logged (beside the banners) is one JSON object a line, in UTC;
    # requests carry their id and duration.
    records = [json.loads(line) for line in services.log_lines() if line.startswith("{")]
    finished = [r for r in records if r.get("event") == "request_finished"]
    assert finished and all("request_id" in r and "duration_ms" in r for r in finished)
    assert all(r["timestamp"].endswith("Z") for r in records)


def test_two_web_processes_serve_one_export(stack, postgres, cast, registrations):
    services = stack
    one, other = stack.bases
    f.RollupDealFactory(registration=approve(registrations.s1))
    with_gunicorn_passwords(cast.organiser)
    for base in (one, other):
        wait_for(lambda b=base: healthz(b)[0] == 200, timeout=BOOT, what=f"{base}/healthz/")

    on_one = Client(one)
    on_one.login("organiser", PASSWORD)
    job = start_export(on_one)
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(),
        timeout=60,
        what="the export built by the worker",
    )
    # The session (in the database) and the file (in the shared storage) work on the other.
    on_other = on_one.on(other)
    status, headers, body = on_other.get(f"/dashboard/exports/{job.pk}/download/")
    assert status == 200 and body[:2] == b"PK"
    assert "spreadsheetml" in headers["Content-Type"]

    # The worker's line for the export carries the id of the request that asked for it.
    def lines(name):
        return [json.loads(line) for line in services.log(name).splitlines() if line[:1] == "{"]

    asked = [r for r in lines("web") if r.get("request") == "POST /dashboard/exports/"][-1]
    built = [
        r
        for r in lines("worker")
        if r.get("task") == "deals.tasks.export_totals_task"
        and r.get("request_id") == asked["request_id"]
    ]
    assert [(r["event"], r["user_id"]) for r in built] == [("task_succeeded", cast.organiser.pk)]
    assert "duration_ms" in built[0] and "task_id" in built[0]


def test_an_import_previewed_on_one_web_process_is_confirmed_on_the_other(
    stack, postgres, cast, world
):
    """The uploaded sheet waits between preview and confirmation in the shared storage, the
    session in the database: the second request may land on any web process."""
    one, other = stack.bases
    with_gunicorn_passwords(cast.registrant)
    for base in (one, other):
        wait_for(lambda b=base: healthz(b)[0] == 200, timeout=BOOT, what=f"{base}/healthz/")

    on_one = Client(one)
    on_one.login("registrant", PASSWORD)
    status, headers, body = on_one.post_file(
        "/registrations/import/",
        {"sub_delegation": world.s2.pk},
        field="file",
        name="登记表.xlsx",
        content=sheet(good_rows()),
    )
    assert status == 302, body[:2000]
    preview = headers["Location"]
    assert preview.startswith("/registrations/import/"), preview
    assert not Registration.objects.filter(sub_delegation=world.s2).exists()

    on_other = on_one.on(other)
    status, _headers, page = on_other.get(preview)
    assert status == 200 and 'id="ready"' in page.decode(), page[:2000]
    status, headers, _body = on_other.post_form(preview, {})
    assert status == 302 and "status=draft" in headers["Location"]
    imported = Registration.objects.filter(sub_delegation=world.s2)
    assert sorted(imported.values_list("purchaser__credit_code", flat=True)) == sorted(
        [CODE_A, CODE_B]
    )
    assert imported.filter(status=Registration.Status.DRAFT).count() == 2
    # Confirmed once: the stored sheet is gone, from both web processes.
    assert on_one.get(preview)[0] == 404
