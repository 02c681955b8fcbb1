"""The production processes as ``make services`` starts them, for tests that inject faults.

Each process runs its ``Procfile`` command (the same line honcho runs) in a shell of its
own session, so that a test can kill one, with its children, by its id. They share the
test's PostgreSQL database and a Redis server the test starts on a free port.
"""

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.db import connection

from tests.local_servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


class RedisServer:
    """A redis-server of the test's own (never the shared one), stopped and started again
    on the same port to play a broker outage."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class Services:
    """Started Procfile processes, by name; their output goes to files in ``folder``."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder = folder
        self.env = env
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands = procfile()

    def start(self, name: str, command: str | None = None, **env) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(
            ["/bin/sh", "-c", "exec " + self.commands[command or name]],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self, sig: int = signal.SIGTERM) -> None:
        for name in list(self.processes):
            self.stop(name, sig)

    def children(self, name: str) -> list[int]:
        """The processes a service forked (the worker's pool, gunicorn's workers)."""
        pid = self.processes[name].pid
        path = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log_lines(self) -> list[str]:
        return [
            line for p in sorted(self.folder.glob("*.log")) for line in p.read_text().splitlines()
        ]


def service_env(*, redis_url: str, folder: Path, **extra) -> dict[str, str]:
    """What the processes see: the test's own database and Redis, short limits."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "PYTEST", "EXPORT_"))
    }
    env.update(
        {
            "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
            "DATABASE_URL": (
                f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "CELERY_BROKER_URL": redis_url,
            "DB_CONN_MAX_AGE": "0",
            "MEDIA_ROOT": str(folder / "media"),
            "EXPORT_TMP_DIR": str(folder / "tmp"),
            "BEAT_SCHEDULE": str(folder / "celerybeat-schedule"),
            "WEB_CONCURRENCY": "2",
            "WORKER_CONCURRENCY": "1",
            "LOG_FORMAT": "json",
            **extra,
        }
    )
    return env


class Client:
    """A browser without a browser: cookies, the CSRF token, JSON."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def on(self, base: str) -> "Client":
        """The same browser (its cookies) talking to another web process."""
        other = Client(base)
        other.jar = self.jar
        other.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        return other

    def request(self, method, path, data=None, headers=None, timeout=30):
        body = None
        headers = dict(headers or {})
        if isinstance(data, dict) and headers.get("Content-Type") == "application/json":
            body = json.dumps(data).encode()
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post_form(self, path, data: dict):
        return self.request(
            "POST", path, {**data, "csrfmiddlewaretoken": self.csrf()}, {"Referer": self.base}
        )

    def post_file(self, path, data: dict, *, field: str, name: str, content: bytes):
        """A form with one file, as a browser sends it (multipart/form-data)."""
        boundary = "----ops-test-" + uuid.uuid4().hex
        parts = []
        for key, value in {**data, "csrfmiddlewaretoken": self.csrf()}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        req = urllib.request.Request(
            self.base + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base,
            },
        )
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        status, headers, _body = self.post_form(
            "/accounts/login/", {"username": username, "password": password}
        )
        assert status == 302, f"login failed: {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(predicate, *, timeout: float, step: float = 0.5, what: str = "condition"):
    started = time.monotonic()
    try:
        return _wait_for(predicate, timeout=timeout, step=step, what=what)
    finally:
        print(f"[{time.strftime('%H:%M:%S')}] {what}: {time.monotonic() - started:.1f} s")


def _wait_for(predicate, *, timeout, step, what):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


def healthz(base: str) -> tuple[int, dict]:
    try:
        status, _headers, body = Client(base).get("/healthz/", timeout=15)
    except OSError:
        return 0, {}
    return status, json.loads(body) if body.startswith(b"{") else {}
