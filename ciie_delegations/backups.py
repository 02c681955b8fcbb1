"""Backups: the database (pg_dump's custom format) and the media folder, in one folder.

``make backup`` writes ``var/backups/<UTC time>/`` with ``database.dump``, ``media.tar.gz``
and ``manifest.json`` (row counts and the deals' total, to compare after a restore);
``make restore BACKUP=<folder>`` loads them into ``DATABASE_URL`` (which should be a new,
empty database) and ``MEDIA_ROOT``.

Queued tasks are not saved: nothing is lost with them, because every follow-up has a
durable mark that a sweep queues again (pending exports, unsent notice emails, roll-ups
marked out of date). Media on an S3-compatible store are backed up by that store.
"""

import datetime
import json
import os
import subprocess
import tarfile
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Sum

from deals.models import Deal


class BackupError(Exception):
    pass


def _libpq_env(database_url: str | None = None) -> tuple[list[str], dict]:
    """pg_dump / pg_restore connection arguments; the password through the environment."""

    db = dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://...).")
    args = [
        "--host",
        str(db.get("HOST") or "127.0.0.1"),
        "--port",
        str(db.get("PORT") or 5432),
        "--username",
        str(db.get("USER") or "postgres"),
        "--dbname",
        str(db["NAME"]),
    ]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def database_figures(cursor=None) -> dict:
    """Row counts of every table of the project's models, and the deals' USD total."""
    models = [m for m in apps.get_models() if not m._meta.proxy and m._meta.managed]
    counts = {}
    for model in models:
        counts[model._meta.db_table] = model.objects.count()

    total = Deal.objects.aggregate(total=Sum("amount_usd"))["total"]
    return {"counts": counts, "deals_amount_usd": str(total or 0)}


def backup_create(*, folder: Path | None = None) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(folder or Path(settings.BASE_DIR) / "var" / "backups" / stamp)
    folder.mkdir(parents=True, exist_ok=True)
    args, env = _libpq_env()
    connection.close()
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args]
        + ["--file", str(folder / "database.dump")],
        env=env,
        check=True,
    )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {"created_at": stamp, **database_figures()}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def backup_restore(*, folder: Path, database_url: str | None = None) -> dict:
    """Load a backup into an empty database and the media folder; returns its manifest."""
    folder = Path(folder)
    if not (folder / "database.dump").exists():
        raise BackupError(f"No database.dump in {folder}.")
    args, env = _libpq_env(database_url)
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args]
        + [str(folder / "database.dump")],
        env=env,
        check=True,
    )
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media")]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media, members=members, filter="data")
    return json.loads((folder / "manifest.json").read_text())
