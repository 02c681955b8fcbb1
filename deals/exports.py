"""Totals reports: one row generator per sheet, written as .xlsx or streamed as CSV.

Headers follow the active language (Chinese unless English is asked for). Amounts go out
as numbers with thousands separators, in USD and in 万美元 / 亿美元. Every text cell that a
spreadsheet could take for a formula is neutralised. Attendees, and so their ID numbers,
are never part of a totals report.
"""

import csv
import datetime
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import structlog
import xlsxwriter
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ciie_delegations.queueing import enqueue
from delegations.capabilities import check
from delegations.models import Delegation, Edition

from . import countries
from .models import Deal
from .permissions import deals_visible_to
from .rollups.models import ExportJob, RollupRow
from .rollups.selectors import TotalsScope, totals_scope

logger = structlog.get_logger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT, INT, USD, WAN, YI, PERCENT, DATE = "text", "int", "usd", "wan", "yi", "percent", "date"


def neutralise(value: str) -> str:
    """A leading quote keeps ``=cmd|...``, ``+1``, ``@SUM`` and the like from running."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: int = 14


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[tuple]


def _figure_columns() -> list[Column]:
    return [
        Column(_("Deals"), INT, 10),
        Column(_("Purchasers with deals"), INT, 12),
        Column(_("Purchasers above 100 million USD"), INT, 14),
        Column(_("Total (USD)"), USD, 20),
        Column(_("Total (10,000 USD)"), WAN, 16),
        Column(_("Total (100 million USD)"), YI, 14),
        Column(_("Previous edition (USD)"), USD, 20),
        Column(_("Change on the previous edition (USD)"), USD, 20),
        Column(_("Change on the previous edition (%)"), PERCENT, 12),
        Column(_("Accumulated over editions (USD)"), USD, 20),
        Column(_("First deal signed on"), DATE, 12),
    ]


def _figures(row: RollupRow) -> tuple:
    total = row.total_usd
    return (
        row.deals,
        row.purchasers,
        row.purchasers_over_100m,
        total,
        total,
        total,
        row.previous_total_usd,
        row.change_usd,
        row.change_percent,
        row.accumulated_usd,
        row.first_signed_on,
    )


def _name(obj) -> str:
    return obj.display_name if obj is not None else ""


def _rollup_sheet(title: str, label_columns: list[Column], rows, label: Callable) -> Sheet:
    qs = (
        rows.select_related("edition", "delegation", "sub_delegation", "zone").order_by(
            "-total_usd", "pk"
        )
        if isinstance(rows, QuerySet)
        else rows  # already in order
    )
    return Sheet(
        title, label_columns + _figure_columns(), (label(row) + _figures(row) for row in qs)
    )


def summary_sheets(scope: TotalsScope) -> list[Sheet]:
    def group(row: RollupRow) -> tuple:
        if row.level == RollupRow.Level.EDITION:
            return (str(row.edition), _("All delegations"))
        if row.level == RollupRow.Level.DELEGATION:
            return (str(row.edition), _name(row.delegation))
        return (str(row.edition), _name(row.sub_delegation))

    zone_key = lambda row: (_name(row.delegation) or _("All delegations"), _name(row.zone))  # noqa: E731
    country_key = lambda row: (  # noqa: E731
        _name(row.delegation) or _("All delegations"),
        countries.display(row.country),
    )
    return [
        _rollup_sheet(
            _("Summary"),
            [Column(_("Edition"), width=18), Column(_("Group"), width=24)],
            scope.summary_rows(),
            group,
        ),
        _rollup_sheet(
            _("By sub-delegation"),
            [Column(_("Delegation"), width=20), Column(_("Sub-delegation"), width=24)],
            scope.sub_delegation_rows(),
            lambda row: (_name(row.delegation), _name(row.sub_delegation)),
        ),
        _rollup_sheet(
            _("By zone"),
            [
                Column(
                    _("Delegation") if scope.whole_delegations else _("Sub-delegation"), width=20
                ),
                Column(_("Zone"), width=20),
            ],
            scope.zone_rows(),
            zone_key
            if scope.whole_delegations
            else (lambda row: (_name(row.sub_delegation), _name(row.zone))),
        ),
        _rollup_sheet(
            _("By country"),
            [Column(_("Delegation"), width=20), Column(_("Country or region"), width=20)],
            scope.country_rows(),
            country_key,
        ),
    ]


DEAL_FIELDS = (
    "pk",
    "registration__sub_delegation__delegation__name",
    "registration__sub_delegation__name",
    "registration__name",
    "registration__purchaser__credit_code",
    "exhibitor_name",
    "exhibitor_country",
    "zone__name",
    "zone__name_en",
    "product",
    "amount",
    "currency",
    "amount_usd",
    "signed_on",
    "at_signing_ceremony",
    "status",
    "registration__sub_delegation__delegation__name_en",
    "registration__sub_delegation__name_en",
    "registration__name_en",
)


def deal_columns() -> list[Column]:
    return [
        Column(_("No."), INT, 10),
        Column(_("Delegation"), width=18),
        Column(_("Sub-delegation"), width=18),
        Column(_("Purchaser"), width=30),
        Column(_("Unified social credit code"), width=22),
        Column(_("Exhibitor"), width=30),
        Column(_("Country or region"), width=14),
        Column(_("Zone"), width=16),
        Column(_("Product or service"), width=24),
        Column(_("Amount"), USD, 18),
        Column(_("Currency"), width=8),
        Column(_("Amount (USD)"), USD, 18),
        Column(_("Amount (10,000 USD)"), WAN, 16),
        Column(_("Date"), DATE, 12),
        Column(_("Signed at a signing ceremony"), width=10),
        Column(_("Follow-up status"), width=12),
    ]


def deals_in_scope(*, user, edition: Edition, delegation: Delegation | None = None):
    """The deal sheet of an export: refused (403) to whoever may not export totals."""
    check(user, "totals.export")
    deals = deals_visible_to(user).filter(registration__edition=edition)
    if delegation is not None:
        deals = deals.filter(registration__sub_delegation__delegation=delegation)
    return deals.order_by("pk")


def _country(value: str) -> str:
    return countries.display(value)


def deal_rows(deals) -> Iterator[tuple]:
    """The deal list, one tuple per deal, read in chunks so memory stays flat."""
    english = (translation.get_language() or "").startswith("en")
    statuses = dict(Deal.Status.choices)
    statuses = {key: str(label) for key, label in statuses.items()}
    currencies = {key: str(label) for key, label in Deal.Currency.choices}
    country_names: dict[str, str] = {}
    yes, no = _("yes"), _("no")
    for row in deals.values_list(*DEAL_FIELDS).iterator(chunk_size=5000):
        (pk, delegation, sub, purchaser, code, exhibitor, country, zone, zone_en, product,
         amount, currency, usd, signed_on, ceremony, status,
         delegation_en, sub_en, purchaser_en) = row  # fmt: skip
        if english:
            # In English where the English name exists, as typed otherwise.
            delegation, sub = delegation_en or delegation, sub_en or sub
            purchaser, zone = purchaser_en or purchaser, zone_en or zone
        yield (
            pk, delegation, sub, purchaser, code, exhibitor,
            country_names.get(country) or country_names.setdefault(country, _country(country)),
            zone,
            product, amount, currencies.get(currency, currency), usd, usd, signed_on,
            yes if ceremony else no, statuses.get(status, status),
        )  # fmt: skip


def deal_sheet(deals) -> Sheet:
    return Sheet(_("Deal list"), deal_columns(), deal_rows(deals))


def totals_sheets(*, user, edition: Edition, delegation: Delegation | None = None) -> list[Sheet]:
    check(user, "totals.export")
    scope = totals_scope(user=user, edition=edition, delegation=delegation)
    sheets = summary_sheets(scope) if scope else []
    sheets += [deal_sheet(deals_in_scope(user=user, edition=edition, delegation=delegation))]
    return sheets + records_sheets(scope)


def records_sheets(scope: TotalsScope | None) -> list[Sheet]:
    """The records the press quotes, for a report of one whole delegation."""
    from .bulletins.records import records_figures
    from .bulletins.reports import records_sheet

    ids = ([scope.delegation.pk] if scope.delegation else scope.delegation_ids) if scope else []
    if len(ids) != 1 or not scope.whole_delegations:
        return []
    delegation = Delegation.objects.get(pk=ids[0])
    return [records_sheet({"records": records_figures(delegation=delegation)})]


# --- .xlsx -------------------------------------------------------------------------------

_NUMBER_FORMATS = {
    INT: "#,##0",
    USD: "#,##0.00",
    WAN: "#,##0.00",
    YI: "#,##0.0000",
    PERCENT: "#,##0.00",
    DATE: "yyyy-mm-dd",
}
_SCALE = {USD: 1, WAN: 10_000, YI: 100_000_000}


def write_xlsx(
    target,
    sheets: list[Sheet],
    *,
    progress: Callable[[int], None] | None = None,
    tmpdir: str | None = None,
) -> int:
    """Write the sheets with xlsxwriter in constant-memory mode; returns the rows written.

    ``progress`` is called with the running count of rows every 2,000 rows;
    xlsxwriter's temporary files go to ``tmpdir`` (the system's folder by default).
    """
    options = {"constant_memory": True, "in_memory": False}
    if tmpdir:
        options["tmpdir"] = tmpdir
    workbook = xlsxwriter.Workbook(target, options)
    header_format = workbook.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    formats = {kind: workbook.add_format({"num_format": f}) for kind, f in _NUMBER_FORMATS.items()}
    written = 0
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet.title[:31])
        for col, column in enumerate(sheet.columns):
            ws.set_column(col, col, column.width)
            ws.write_string(0, col, column.header, header_format)
        ws.freeze_panes(1, 0)
        writers = [_cell_writer(ws, column.kind, formats) for column in sheet.columns]
        r = 0
        for r, row in enumerate(sheet.rows, start=1):  # noqa: B007
            for c, value in enumerate(row):
                if value is not None:
                    writers[c](r, c, value)
            written += 1
            if progress and written % 2000 == 0:
                progress(written)
    workbook.close()
    if progress:
        progress(written)
    return written


def _cell_writer(ws, kind: str, formats: dict) -> Callable:
    if kind == TEXT:
        write_string = ws.write_string
        return lambda r, c, v: write_string(r, c, neutralise(str(v)))
    fmt = formats[kind]
    if kind == DATE:
        write_datetime = ws.write_datetime
        return lambda r, c, v: write_datetime(r, c, v, fmt)
    write_number = ws.write_number
    scale = _SCALE.get(kind)
    if scale and scale != 1:
        return lambda r, c, v: write_number(r, c, float(v) / scale, fmt)
    return lambda r, c, v: write_number(r, c, float(v), fmt)


# --- CSV ---------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[Column], rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text line by line (with a BOM so spreadsheet programs read it as UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    kinds = [c.kind for c in columns]
    for row in rows:
        yield writer.writerow(
            [
                "" if v is None
                else neutralise(str(v)) if kind == TEXT
                else (f"{Decimal(v) / _SCALE[kind]:.2f}" if kind == WAN else str(v))
                for kind, v in zip(kinds, row, strict=True)
            ]
        )  # fmt: skip


# --- background exports --------------------------------------------------------------------
#
# A job survives faults: its task is queued after commit without letting a broker outage
# fail the request (the sweep queues it once the broker is back); the task has time limits;
# a worker killed while building it hands the message back (acks late, reject on worker
# lost) and the same delivery picks the job up again, a few times at most; a job whose
# builder vanished is ended by the sweep with a message the user sees, and can be started
# again. The workbook is written in a folder of the job's own (xlsxwriter's temporary
# files too), then saved through the default storage, so any web process can serve it.


def _job_tmp_dir(job_id: int) -> Path:
    return Path(settings.EXPORT_TMP_DIR) / f"job-{job_id}"


def _fail(job_id: int, language: str, message) -> None:
    with translation.override(language):
        text = str(message)
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=text, finished_at=timezone.now()
    )
    shutil.rmtree(_job_tmp_dir(job_id), ignore_errors=True)


def export_job_queue(*, job: ExportJob) -> bool:
    """Hand the job's task to the broker now; False when it is unreachable (the sweep
    queues it later)."""
    from .tasks import export_totals_task

    queued = enqueue(export_totals_task, kwargs={"job_id": job.pk})
    if queued:
        ExportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    return queued


def export_job_create(
    *, user, edition: Edition, delegation: Delegation | None = None, language: str = "zh-hans"
) -> ExportJob:
    check(user, "totals.export")
    job = ExportJob.objects.create(
        requested_by=user, edition=edition, delegation=delegation, language=language
    )
    transaction.on_commit(lambda: export_job_queue(job=job))
    return job


class ExportRestartError(Exception):
    pass


@transaction.atomic
def export_job_restart(*, job: ExportJob, by) -> ExportJob:
    """Start a failed export again, from the beginning."""
    check(by, "exports.download", job)
    locked = ExportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != ExportJob.Status.FAILED:
        raise ExportRestartError(_("Only a report that failed can be started again."))
    locked.status = ExportJob.Status.PENDING
    locked.error = locked.task_id = ""
    locked.rows_done = locked.attempts = 0
    locked.queued_at = locked.started_at = locked.finished_at = None
    locked.save()
    logger.info("export_restarted", job_id=locked.pk, by_user_id=by.pk)
    transaction.on_commit(lambda: export_job_queue(job=locked))
    return locked


def _claim(job_id: int, task_id: str) -> ExportJob | None:
    """Take the job for this delivery of its task: a pending job, or the one this same
    delivery was building when its worker died. A duplicate message (the sweep re-queued
    a job that was only waiting) finds it taken and does nothing."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        mine = job.status == ExportJob.Status.PENDING or (
            job.status == ExportJob.Status.RUNNING and job.task_id == task_id
        )
        if not mine:
            logger.info("export_skipped", job_id=job_id, status=job.status)
            return None
        if job.attempts >= settings.EXPORT_MAX_ATTEMPTS:
            _fail(
                job_id,
                job.language,
                _(
                    "The report was started %(count)s times and never finished. "
                    "Please tell the office."
                )
                % {"count": job.attempts},
            )
            return None
        job.status = ExportJob.Status.RUNNING
        job.task_id = task_id
        job.started_at = timezone.now()
        job.attempts += 1
        job.rows_done = 0
        job.save(update_fields=["status", "task_id", "started_at", "attempts", "rows_done"])
    return job


def export_job_run(*, job: ExportJob, task_id: str = "") -> ExportJob | None:
    """Build the job's .xlsx, recording progress as it goes; None when it was not this
    call's to build (taken by another delivery, already done or failed)."""
    job = _claim(job.pk, task_id)
    if job is None:
        return None
    user = job.requested_by
    deals = deals_in_scope(user=user, edition=job.edition, delegation=job.delegation)
    total = deals.count()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, total))

    folder = _job_tmp_dir(job.pk)
    shutil.rmtree(folder, ignore_errors=True)  # what a killed attempt left
    folder.mkdir(parents=True)
    path = folder / "totals.xlsx"
    try:
        with translation.override(job.language):
            scope = totals_scope(user=user, edition=job.edition, delegation=job.delegation)
            sheets = (summary_sheets(scope) if scope else []) + [deal_sheet(deals)]
            write_xlsx(str(path), sheets, progress=progress, tmpdir=str(folder))
        with path.open("rb") as built:
            name = default_storage.save(f"exports/{uuid.uuid4().hex}.xlsx", File(built))
    except SoftTimeLimitExceeded:
        logger.warning("export_timed_out", job_id=job.pk)
        _fail(
            job.pk,
            job.language,
            _(
                "The report took longer than %(minutes)s minutes and was stopped. Start it "
                "again, or ask for one delegation at a time."
            )
            % {"minutes": max(1, settings.EXPORT_TIME_LIMIT_SECONDS // 60)},
        )
        return None
    except Exception:
        logger.exception("export_failed", job_id=job.pk)
        _fail(
            job.pk,
            job.language,
            _("The report could not be built. Please try again or tell the office."),
        )
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    job.refresh_from_db()
    job.file.name = name
    job.status = ExportJob.Status.DONE
    job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "rows_done", "finished_at"])
    return job


def export_jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What beat runs every minute or so: queue the jobs whose task never reached the
    broker (or was lost), end the jobs whose builder is gone, and remove what they left in
    this machine's temporary folder."""
    now = now or timezone.now()
    Status = ExportJob.Status
    unqueued = ExportJob.objects.filter(status=Status.PENDING).filter(
        models.Q(queued_at__isnull=True, created_at__lt=now - datetime.timedelta(seconds=5))
        | models.Q(
            queued_at__lt=now - datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER_SECONDS)
        )
    )
    queued = sum(export_job_queue(job=job) for job in unqueued)
    # The hard time limit ends any build after this long, so a job still "running" is one
    # whose worker died and whose message never came back.
    gone = now - datetime.timedelta(seconds=settings.EXPORT_TIME_LIMIT_SECONDS + 60)
    ended = 0
    for job in ExportJob.objects.filter(status=Status.RUNNING, started_at__lt=gone):
        logger.warning("export_abandoned", job_id=job.pk, attempts=job.attempts)
        _fail(
            job.pk,
            job.language,
            _("The report stopped before it was finished. Start it again."),
        )
        ended += 1
    removed = 0
    running = set(ExportJob.objects.filter(status=Status.RUNNING).values_list("pk", flat=True))
    root = Path(settings.EXPORT_TMP_DIR)
    for folder in root.glob("job-*") if root.exists() else []:
        job_id = folder.name.removeprefix("job-")
        if not (job_id.isdigit() and int(job_id) in running):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return {"queued": queued, "ended": ended, "removed": removed}


def export_jobs_clean_up(*, now: datetime.datetime | None = None) -> int:
    """Remove exports (and their files) older than EXPORT_RETENTION_HOURS."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file:
            default_storage.delete(job.file.name)
        job.delete()
        removed += 1
    return removed
