"""`make bench` keeps working as the schema grows: every benchmark runs, small, on PostgreSQL.

The figures themselves mean nothing at this size; that each one is produced is what counts.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db(transaction=True)
def test_every_benchmark_runs_and_prints_its_ratios(postgres):
    database = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "ROLLUP_BENCH_DEALS": "3000",
        "DEAL_LIST_BENCH_DEALS": "3000",
        "IMPORT_BENCH_ROWS": "400",
        "LOAD_BENCH_USERS": "4",
        "LOAD_BENCH_SECONDS": "15",
        "LOAD_BENCH_WORKERS": "1",
        "SEASON_BENCH_PURCHASERS": "90",
        "BADGE_BENCH_PEOPLE": "300",
        "LOGISTICS_BENCH_ATTENDEES": "200",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    connection.close()  # the benchmark creates its own database from this one
    try:
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}_rollup_bench"')
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}_deal_list_bench"')
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}_deal_list_bench_small"')
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}_badge_bench"')
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if "x   " in line]
    labels = " ".join(lines)
    for expected in (
        "registration import",
        "full roll-up",
        "per-deal refresh",
        "load: trivial authenticated page",
        "p95 ÷ trivial page p95",
        "organiser dashboard",
        "national dashboard",
        "xlsx",
        "CSV",
        "season, 90 purchasers",
        "season bulk submit",
        "season bulk lead approve",
        "season bulk credit check sheet",
        "season bulk background check sheet",
        "season bulk office report",
        "stay: bulk assignment of 200 attendees",
        "deal list: viewer page",
        "deal list: office API",
        "deal list: viewer deep",
        "walks deal_list_newest_first",
        "office's totals walks deal_delegation_newest_first",
        "badge status import, 300 people",
        "next week's status file, 300 badges moved on",
    ):
        assert expected in labels, result.stdout
