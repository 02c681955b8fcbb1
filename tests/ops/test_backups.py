"""A backup restores into a new database with every row, the same totals and the files."""

import uuid
from decimal import Decimal

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from ciie_delegations.backups import backup_restore
from deals.exports.services import export_job_create
from deals.models import ExportJob
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _admin_dsn(name: str) -> dict:
    db = connection.settings_dict
    return {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or "",
        "dbname": name,
    }


@pytest.fixture
def new_database(postgres):
    name = f"ciie_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(**_admin_dsn("postgres"))
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    yield (
        name,
        (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{name}"
        ),
    )
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_restores_into_a_new_database_with_the_same_rows_totals_and_files(
    new_database, cast, registrations, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    f.AttendeeFactory(registration=registrations.s1)
    for amount in ("150000000.00", "20000000.55", "99000000.10"):
        f.RollupDealFactory(registration=registrations.s2, amount_usd=Decimal(amount))
    job = export_job_create(user=cast.organiser, edition=registrations.s1.edition)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    exported = (settings.MEDIA_ROOT / job.file.name).read_bytes()

    call_command("backup", "--to", str(tmp_path / "backup"))

    name, url = new_database
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    monkeypatch.setenv("DATABASE_URL", url)

    manifest = backup_restore(folder=tmp_path / "backup", database_url=url)
    assert manifest["counts"]["deals_deal"] == 3
    assert manifest["counts"]["purchasers_attendee"] >= 1
    restored = psycopg2.connect(**_admin_dsn(name))
    with restored.cursor() as cursor:
        for table, count in manifest["counts"].items():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            assert cursor.fetchone()[0] == count, table
        cursor.execute("SELECT sum(amount_usd) FROM deals_deal")
        assert str(cursor.fetchone()[0]) == manifest["deals_amount_usd"] == "269000000.65"
    restored.close()
    assert (settings.MEDIA_ROOT / job.file.name).read_bytes() == exported
