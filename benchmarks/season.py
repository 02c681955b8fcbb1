"""A provincial season through the bulk paths: 3,000 purchasers with 7,000 attendees
imported from one sheet, submitted in one request, approved by the lead in one, credit- and
background-checked by the bureaus' returned sheets (preview, then confirm), and reported by
the office in one. Sichuan registered 3,200 purchasers and 7,000 people for the 1st edition.

The season's time is printed as a ratio to the bare import of the same sheet (aim ≤ 3×);
each bulk request's query count is printed against the same request in a small season: a
ratio of 1.00 means the count does not grow with the rows.

Runs inside a transaction that is rolled back, as the import benchmark does.
"""

import datetime
import io
import os
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook

from .registration_import import credit_code, resident_id

PURCHASERS = int(os.environ.get("SEASON_BENCH_PURCHASERS", "3000"))
ATTENDEES = int(os.environ.get("SEASON_BENCH_ATTENDEES", str(PURCHASERS * 7 // 3)))
SMALL = 30


class _Rollback(Exception):
    pass


def _people(purchasers: int, attendees: int) -> list[int]:
    """How many attendees each firm sends: ``attendees`` spread over ``purchasers``."""
    base, extra = divmod(attendees, purchasers)
    return [base + (1 if i < extra else 0) for i in range(purchasers)]


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_sheets(purchasers: int, attendees: int, *, offset: int = 0):
    """The registration sheet and the two bureaus' returned sheets for it."""
    from purchasers.checks.sheet import CHECK_RESULT_SHEET
    from purchasers.imports.sheet import COLUMNS, data_sheet_title
    from purchasers.models import Attendee, Purchaser

    language = "zh-hans"
    with translation.override(language):
        kind = str(Purchaser.Kind.WHOLESALE_RETAIL.label)
        id_type = str(Attendee.IdType.RESIDENT_ID.label)
        headers = [str(c.header) for c in COLUMNS]
        results = list(CHECK_RESULT_SHEET.headers(language).values())[:3]
    registrations = Workbook(write_only=True)
    sheet = registrations.create_sheet(data_sheet_title(language))
    sheet.append(headers)
    credit = Workbook(write_only=True)
    credit_sheet = credit.create_sheet()
    credit_sheet.append(results)
    background = Workbook(write_only=True)
    background_sheet = background.create_sheet()
    background_sheet.append(results)
    person = offset * 10
    for firm, count in enumerate(_people(purchasers, attendees)):
        code = credit_code(offset + firm)
        firm_columns = [
            code,
            f"赛季采购商{offset + firm}有限公司",
            kind,
            "民营",
            "批发零售",
            "成都市武侯区",
            "王经理",
            "028-85321489",
            "",
        ]
        credit_sheet.append([code, "通过", ""])
        for _n in range(count):
            number = resident_id(person)
            sheet.append(
                firm_columns
                + [f"参会人{person}", id_type, number, f"139{person:08d}", "", "采购经理"]
            )
            background_sheet.append([number, "通过", ""])
            person += 1
    return _save(registrations), _save(credit), _save(background)


def _world(tag: str):
    from delegations.models import Delegation, Edition, LeadAgency, MemberUnit, SubDelegation, User

    edition, _created = Edition.objects.get_or_create(
        number=98,
        defaults={
            "year": 2115,
            "opens_on": datetime.date(2115, 11, 5),
            "closes_on": datetime.date(2115, 11, 10),
        },
    )
    office = MemberUnit.objects.create(name=f"赛季商务厅{tag}")
    unit = MemberUnit.objects.create(name=f"赛季成员单位{tag}")
    lead_unit = MemberUnit.objects.create(name=f"赛季牵头单位{tag}")
    bureau = MemberUnit.objects.create(name=f"赛季公安厅{tag}")
    delegation = Delegation.objects.create(
        edition=edition, name=f"赛季交易团{tag}", office_unit=office
    )
    delegation.member_units.add(unit, lead_unit, bureau)
    sub = SubDelegation.objects.create(delegation=delegation, name=f"赛季分团{tag}")
    agency = LeadAgency.objects.create(sub_delegation=sub, target=3000)
    agency.units.add(lead_unit)
    R = User.Role

    def user(name, role, of):
        return User.objects.create(username=f"season-{name}{tag}", role=role, unit=of)

    return {
        "sub": sub,
        "agency": agency,
        "registrant": user("registrant", R.REGISTRANT, unit),
        "lead": user("lead", R.LEAD, lead_unit),
        "organiser": user("organiser", R.ORGANISER, office),
        "credit": user("credit", R.CREDIT_CHECKER, bureau),
        "background": user("background", R.BACKGROUND_CHECKER, bureau),
    }


def _api(user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api


def season(purchasers: int, attendees: int, *, tag: str) -> tuple[dict, dict]:
    """One season, rolled back: each step's seconds (the first is the bare import) and each
    bulk request's query count."""
    from purchasers.checks.sheet import check_results_import
    from purchasers.imports.services import registration_import
    from purchasers.models import Registration

    sheet, credit, background = build_sheets(purchasers, attendees, offset=0)
    seconds: dict[str, float] = {}
    queries: dict[str, int] = {}
    try:
        with transaction.atomic():
            world = _world(tag)
            started = time.perf_counter()
            result = registration_import(
                user=world["registrant"],
                sub_delegation=world["sub"],
                lead_agency=world["agency"],
                file=io.BytesIO(sheet),
                dry_run=False,
            )
            seconds["import"] = time.perf_counter() - started
            assert result.imported and not result.errors, result.errors[:3]
            ids = sorted(r.pk for r in result.created)

            def request(step, user, url, data, expect):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = _api(user).post(url, data, format="json")
                seconds[step] = time.perf_counter() - started
                queries[step] = len(captured)
                assert response.status_code == 200, (step, response.content[:500])
                counted = Registration.objects.filter(pk__in=ids, status=expect).count()
                assert counted == len(ids), (step, counted)

            request(
                "submit",
                world["registrant"],
                "/api/registrations/bulk-submit/",
                {"ids": ids},
                Registration.Status.SUBMITTED,
            )
            request(
                "lead approve",
                world["lead"],
                "/api/review/bulk-approve/",
                {"ids": ids},
                Registration.Status.LEAD_APPROVED,
            )
            for step, who, data in (
                ("credit check sheet", "credit", credit),
                ("background check sheet", "background", background),
            ):
                started = time.perf_counter()
                preview = check_results_import(user=world[who], file=io.BytesIO(data), dry_run=True)
                assert preview.ok and not preview.unmatched, preview.errors[:3]
                with CaptureQueriesContext(connection) as captured:
                    done = check_results_import(
                        user=world[who], file=io.BytesIO(data), dry_run=False
                    )
                seconds[step] = time.perf_counter() - started
                queries[step] = len(captured)
                assert done.done == len(preview.verdicts)
            request(
                "office report",
                world["organiser"],
                "/api/review/bulk-report/",
                {"ids": ids},
                Registration.Status.REPORTED,
            )
            raise _Rollback
    except _Rollback:
        pass
    return seconds, queries


def run():
    translation.activate("zh-hans")
    small_attendees = max(SMALL, SMALL * ATTENDEES // PURCHASERS)
    _small_seconds, small_queries = season(SMALL, small_attendees, tag="-small")
    seconds, queries = season(PURCHASERS, ATTENDEES, tag="")
    total = sum(seconds.values())
    steps = ", ".join(f"{step} {value:.2f}s" for step, value in seconds.items())
    rows = [
        (
            f"season, {PURCHASERS:,} purchasers / {ATTENDEES:,} attendees ÷ bare import",
            total / seconds["import"],
            f"season {total:.2f}s: {steps} (rolled back)",
        )
    ]
    for step, count in queries.items():
        rows.append(
            (
                f"season bulk {step}: queries at {PURCHASERS:,} ÷ at {SMALL}",
                count / small_queries[step],
                f"{count} queries for {PURCHASERS:,} purchasers, {small_queries[step]} for {SMALL}",
            )
        )
    return rows
