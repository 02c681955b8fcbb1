"""Pages under national load: locust against gunicorn on PostgreSQL.

On the national data set of the roll-up benchmark (8 editions × 43 delegations × 700
sub-delegations, ROLLUP_BENCH_DEALS deals, one registration per 8 deals), plus 30,000
attendees of the latest edition and users of every role, LOAD_BENCH_USERS simulated users
(default 50: organisers, leads, registrant staff and national viewers alike) open their home
page, registration list, review queue, progress, dashboard and deal list for
LOAD_BENCH_SECONDS (default 60) on gunicorn bound to a free loopback port.

Each page's p95 is divided by the p95 of a trivial authenticated page (the password form)
measured by the same users on the same server in the same run (aim ≤ 3).
"""

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
ROLES = ("organiser", "lead", "registrant", "national_viewer")
ATTENDEES = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _national_data(n_deals: int) -> None:
    """The roll-up benchmark's data set, built here when that benchmark has not run."""
    from benchmarks import rollups
    from deals.models import Deal
    from deals.rollups import rollup_recompute

    if Deal.objects.count() >= n_deals * 0.9:
        return
    editions, subs, agencies, lead_unit, users = rollups._structure()
    organiser = users["organiser"]
    registrations = rollups._purchasers_and_registrations(
        n_deals, editions, subs, agencies, lead_unit, organiser
    )
    rollups._deals(0, n_deals, registrations, organiser)
    rollup_recompute()


def _cast(per_role: int) -> dict[str, list[dict]]:
    """Users of every role in the latest edition, each with its own pages and session."""
    from django.test import Client

    from delegations.models import Delegation, Edition, LeadAgency, MemberUnit, User
    from purchasers.models import Attendee, Registration

    edition = Edition.objects.order_by("-number").first()
    delegations = list(Delegation.objects.filter(edition=edition).order_by("pk")[:per_role])
    agencies = list(
        LeadAgency.objects.filter(sub_delegation__delegation__edition=edition)
        .select_related("sub_delegation")
        .order_by("pk")[:per_role]
    )
    registrations = Registration.objects.filter(edition=edition).order_by("pk")
    # Some registrations wait for a lead's review, some for the office's.
    ids = list(registrations.values_list("pk", flat=True))
    Registration.objects.filter(pk__in=ids[::10]).update(status=Registration.Status.SUBMITTED)
    Registration.objects.filter(pk__in=ids[5::10]).update(status=Registration.Status.LEAD_APPROVED)
    if not Attendee.objects.filter(edition=edition).exists():
        Attendee.objects.bulk_create(
            (
                Attendee(
                    registration_id=ids[i % len(ids)],
                    edition=edition,
                    name=f"参会人{i}",
                    id_number=f"{110101199001010000 + i}",
                    phone=f"139{i:08d}",
                )
                for i in range(ATTENDEES)
            ),
            batch_size=5000,
        )
    cast: dict[str, list[dict]] = {role: [] for role in ROLES}
    for i in range(per_role):
        delegation = delegations[i % len(delegations)]
        organiser, _ = User.objects.update_or_create(
            username=f"load_organiser{i}",
            defaults={"role": User.Role.ORGANISER, "unit": delegation.office_unit},
        )
        cast["organiser"].append(
            {"user": organiser, "progress": f"/review/progress/delegations/{delegation.pk}/"}
        )
        agency = agencies[i % len(agencies)]
        unit, _ = MemberUnit.objects.get_or_create(name=f"负载牵头单位{i}", region=None)
        agency.units.add(unit)
        lead, _ = User.objects.update_or_create(
            username=f"load_lead{i}", defaults={"role": User.Role.LEAD, "unit": unit}
        )
        cast["lead"].append(
            {
                "user": lead,
                "progress": f"/review/progress/sub-delegations/{agency.sub_delegation_id}/",
            }
        )
        staff_unit, _ = MemberUnit.objects.get_or_create(name=f"负载登记单位{i}", region=None)
        Registration.objects.filter(pk__in=ids[i * 100 : (i + 1) * 100]).update(unit=staff_unit)
        registrant, _ = User.objects.update_or_create(
            username=f"load_registrant{i}",
            defaults={"role": User.Role.REGISTRANT, "unit": staff_unit},
        )
        cast["registrant"].append({"user": registrant, "progress": None})
        viewer, _ = User.objects.update_or_create(
            username=f"load_viewer{i}", defaults={"role": User.Role.NATIONAL_VIEWER}
        )
        cast["national_viewer"].append(
            {"user": viewer, "progress": f"/review/progress/delegations/{delegation.pk}/"}
        )
    sessions: dict[str, list[dict]] = {}
    for role, people in cast.items():
        sessions[role] = []
        for person in people:
            client = Client()
            client.force_login(person["user"])
            sessions[role].append(
                {"session": client.cookies["sessionid"].value, "progress": person["progress"]}
            )
    return sessions


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _percentile(row: dict, name: str) -> float:
    value = row.get(name) or "0"
    return float(value) if value != "N/A" else 0.0


def run() -> list[tuple[str, float, str]]:
    if connection.vendor != "postgresql":
        return [("load: skipped (set DATABASE_URL to PostgreSQL)", 0.0, "")]
    from benchmarks.rollups import _bench_database

    n_deals = int(os.environ.get("ROLLUP_BENCH_DEALS", "1000000"))
    users = int(os.environ.get("LOAD_BENCH_USERS", "50"))
    seconds = int(os.environ.get("LOAD_BENCH_SECONDS", "60"))
    workers = int(os.environ.get("LOAD_BENCH_WORKERS", "3"))
    database = _bench_database()
    _national_data(n_deals)
    sessions = _cast(max(1, -(-users // len(ROLES))))

    port = _free_port()
    base = settings.DATABASES["default"]
    url = (
        f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}/{database}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "ciie_delegations.settings",
    }
    env.pop("CELERY_BROKER_URL", None)
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as work:
        sessions_file = Path(work) / "sessions.json"
        sessions_file.write_text(json.dumps(sessions))
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "ciie_delegations.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(work) / "gunicorn.log", "w"),  # noqa: SIM115
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/accounts/login/")
            subprocess.run(
                [
                    str(bin_dir / "locust"),
                    "-f",
                    str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(1, users // 5)),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "10",
                    "--csv",
                    str(Path(work) / "load"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**env, "LOAD_BENCH_SESSIONS": str(sessions_file)},
                check=False,
                capture_output=True,
                timeout=seconds + 120,
            )
            with open(Path(work) / "load_stats.csv", encoding="utf-8") as stats:
                rows = {row["Name"]: row for row in csv.DictReader(stats)}
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = rows.pop("Aggregated", None)
    trivial = rows.pop("trivial page", None)
    if trivial is None or total is None:
        return [("load: no request completed (machine too busy?)", 0.0, str(seconds) + "s")]
    trivial_p95 = max(_percentile(trivial, "95%"), 1.0)
    lines = [
        (
            "load: trivial authenticated page (the baseline)",
            1.0,
            f"p95 {trivial_p95:.0f} ms, p50 {_percentile(trivial, '50%'):.0f} ms; {users} users, "
            f"{workers} gunicorn workers, {seconds}s; "
            f"all pages {float(total['Requests/s']):.1f} req/s, "
            f"{total['Failure Count']} failed of {total['Request Count']}",
        )
    ]
    for name in sorted(rows):
        row = rows[name]
        lines.append(
            (
                f"load: {name} p95 ÷ trivial page p95 (aim ≤ 3)",
                _percentile(row, "95%") / trivial_p95,
                f"p50 {_percentile(row, '50%'):.0f} ms, p95 {_percentile(row, '95%'):.0f} ms, "
                f"{float(row['Requests/s']):.1f} req/s, {row['Failure Count']} failed "
                f"of {row['Request Count']}",
            )
        )
    return lines
