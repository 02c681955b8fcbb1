"""The settings a newcomer and a production server get from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _django(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ciie_delegations.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nothing_set_means_sqlite_and_eager_celery():
    result = _django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"], result.stderr


def test_database_and_broker_urls_switch_to_postgresql_and_real_workers():
    result = _django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somedb",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "somedb",
        "False",
        "redis://127.0.0.1:6379/0",
    ], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _django("", DJANGO_PRODUCTION="1", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    # Only what a server would have: no test-run variables such as DJANGO_ALLOW_ASYNC_UNSAFE.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(
        DJANGO_PRODUCTION="1",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-1234567890",
        ALLOWED_HOSTS="ciie.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key():
    result = _django("", DJANGO_PRODUCTION="1", SECRET_KEY="x", ALLOWED_HOSTS="ciie.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert "50" in result.stderr


def test_production_refuses_djangos_insecure_generated_key():
    key = "django-insecure-" + "k" * 60
    result = _django("", DJANGO_PRODUCTION="1", SECRET_KEY=key, ALLOWED_HOSTS="ciie.example.org")
    assert result.returncode != 0
    assert "django-insecure" in result.stderr


def test_production_starts_with_a_long_random_key():
    result = _django(
        "print('started')",
        DJANGO_PRODUCTION="1",
        SECRET_KEY="q7-" + "Zr4" * 20,
        ALLOWED_HOSTS="ciie.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
