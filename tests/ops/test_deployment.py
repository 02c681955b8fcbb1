"""The image and compose file describe the processes of ``make services``, build without a
database, and serve over plain HTTP with hashed static files."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def procfile() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {
        name: shlex.split(command)
        for name, command in (line.split(": ", 1) for line in lines if line.strip())
    }


def test_compose_runs_the_procfiles_commands_with_a_healthcheck_on_every_service():
    services = compose()["services"]
    processes = procfile()
    assert services["web"]["command"] == processes["web"]
    assert services["beat"]["command"][:4] == processes["beat"][:4]
    # The Procfile's one worker takes both queues; compose runs a worker per queue.
    worker = processes["worker"]
    assert "--queues=celery,exports" in worker
    for name, queue in (("worker", "celery"), ("worker-exports", "exports")):
        assert services[name]["command"][:4] == worker[:4]
        assert f"--queues={queue}" in services[name]["command"]
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert "healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["web"]["environment"]["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-0}"
    assert "replicas" in services["web"]["deploy"] and "replicas" in services["worker"]["deploy"]


def test_the_image_leaves_out_the_virtualenv_repository_and_local_data():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var", "db.sqlite3", ".env", "staticfiles"} <= set(ignored)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "compilemessages" in dockerfile and "collectstatic" in dockerfile
    assert "USER ciie" in dockerfile and "HEALTHCHECK" in dockerfile


def test_built_without_a_database_it_serves_hashed_static_files_over_plain_http(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_PRODUCTION": "1",
        "SECRET_KEY": "build-only-collectstatic-never-serves-requests-0123456789abcdef",
        "ALLOW_CONSOLE_EMAIL": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
        # No DATABASE_URL, and one that cannot be reached: the build must not need it.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    build = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()

    serve = (
        "import django; django.setup(); import re; from django.test import Client; "
        "c = Client(); page = c.get('/healthz/'); print(page.status_code); "
        "login = c.get('/accounts/login/'); print(login.status_code); "
        "css = re.search(r'/static/css/app\\.[0-9a-f]{12}\\.css', login.content.decode()); "
        "print(css.group(0)); r = c.get(css.group(0)); print(r.status_code, r.get('Cache-Control'))"
    )
    served = subprocess.run(
        [sys.executable, "-c", serve],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "ciie_delegations.settings",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = served.stdout.split("\n")
    assert served.returncode == 0, served.stderr
    assert out[0] == "200" and out[1] == "200"  # no redirect to an https:// nobody serves
    assert out[3].startswith("200") and "immutable" in out[3]
