"""A season by bulk actions: a sheet imported through the page, every imported registration
opened, submitted in bulk, approved by the lead in bulk, checked by the bureaus' returned
sheets and reported by the office in bulk; and the refusals on the way."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from purchasers.models import Attendee, CheckStatus, Notice, Registration, RegistrationEvent
from tests import factories as f

from .import_sheets import CODE_A, CODE_B, good_rows, sheet, upload

pytestmark = pytest.mark.usefixtures("english")

Status = Registration.Status


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def results_sheet(rows: list[list], headers=("ID number or credit code", "Result", "Note")):
    workbook = Workbook()
    workbook.active.append(list(headers))
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload(buffer.getvalue())


def _confirm(client, url, data, *, button: str):
    """The confirmation page first (it must offer the button), then the confirmation."""
    page = client.post(url, data)
    assert page.status_code == 200, page.content.decode()[:500]
    assert f'id="{button}"' in page.content.decode(), page.content.decode()
    return page, client.post(url, {**data, "confirm": "yes"})


def test_an_imported_sheet_goes_through_both_tiers_by_bulk_actions_and_check_sheets(
    client, cast, world, media
):
    # The registrant imports the sheet through the page.
    client.force_login(cast.registrant)
    response = client.post(
        reverse("imports:upload"),
        {"sub_delegation": world.s2.pk, "file": upload(sheet(good_rows()))},
    )
    assert client.post(response.url).status_code == 302
    imported = list(Registration.objects.order_by("pk"))
    assert len(imported) == 2 and {r.status for r in imported} == {Status.DRAFT}

    # Every imported registration's page opens, with its history.
    for registration in imported:
        page = client.get(reverse("registrations:detail", args=[registration.pk]))
        assert page.status_code == 200
        history = page.content.decode().split('id="history"')[1]
        assert "imported" in history and cast.registrant.display_full_name in history

    # All complete drafts matching the list's filter, submitted at once.
    page, done = _confirm(
        client,
        reverse("registrations:bulk-submit"),
        {"mode": "filter", "edition": world.edition.number, "status": "draft", "expected": 2},
        button="confirm-bulk-submit",
    )
    assert "Submit 2 complete drafts for review?" in page.content.decode()
    assert done.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.SUBMITTED}

    # The lead approves both from the queue.
    client.force_login(cast.other_lead)
    ids = [r.pk for r in imported]
    _page, done = _confirm(
        client, reverse("review:bulk-approve"), {"ids": ids}, button="confirm-bulk-approve"
    )
    assert done.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.LEAD_APPROVED}

    # The office cannot report yet: the confirmation names what each one still misses.
    client.force_login(cast.organiser)
    page = client.post(reverse("review:bulk-report"), {"ids": ids}).content.decode()
    assert "confirm-bulk-report" not in page
    assert "Credit check of 青海昆仑商贸有限公司: pending" in page
    assert "Background check of Anna Li: pending" in page
    client.post(reverse("review:bulk-report"), {"ids": ids, "confirm": "yes"})
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.LEAD_APPROVED}

    # Market regulation returns its list: both firms pass, one code matches nobody here.
    client.force_login(cast.credit_checker)
    stranger = f.valid_credit_code(777)
    response = client.post(
        reverse("checks:import"),
        {"file": results_sheet([[CODE_A, "通过", ""], [CODE_B, "passed", ""], [stranger, "合格"]])},
    )
    preview = client.get(response.url).content.decode()
    assert "2 checks will change." in preview
    assert stranger in preview.split('id="check-unmatched"')[1]
    assert client.post(response.url).status_code == 302
    assert set(Registration.objects.values_list("credit_check", flat=True)) == {CheckStatus.PASSED}

    # Public security returns its list by ID number: everybody passes.
    client.force_login(cast.background_checker)
    numbers = list(Attendee.objects.values_list("id_number", flat=True))
    response = client.post(
        reverse("checks:import"),
        {"file": results_sheet([[n, "passed", ""] for n in numbers])},
    )
    assert "3 checks will change." in client.get(response.url).content.decode()
    client.post(response.url)
    assert set(Attendee.objects.values_list("background_check", flat=True)) == {CheckStatus.PASSED}

    # Now the office reports both at once.
    client.force_login(cast.organiser)
    page, done = _confirm(
        client, reverse("review:bulk-report"), {"ids": ids}, button="confirm-bulk-report"
    )
    assert "Report 2 registrations up?" in page.content.decode()
    assert done.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.REPORTED}
    assert Notice.objects.filter(kind=Notice.Kind.REPORTED).count() == 2

    # The whole season reads in each registration's history, tier by tier.
    client.force_login(cast.registrant)
    page = client.get(reverse("registrations:detail", args=[imported[0].pk])).content.decode()
    history = page.split('id="history"')[1]
    for words in ("Submitted for review", "Approved by lead agency", "reported by office"):
        assert words in history
    assert media.exists() and not [p for p in media.rglob("*") if p.is_file()]


def _drafts(cast, world, n: int, **kwargs) -> list[Registration]:
    drafts = [
        f.RegistrationFactory(
            lead_agency=world.s2_agency,
            unit=world.units.tourism,
            registered_by=cast.registrant,
            **kwargs,
        )
        for _ in range(n)
    ]
    for registration in drafts:
        f.AttendeeFactory(registration=registration)
    return drafts


def _set(registrations, **values) -> None:
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(**values)


@pytest.fixture
def outsiders(cast, world, registrations):
    """For each bulk action, a row of another scope: a draft of another unit, a submitted
    registration of another lead agency, one of another delegation, an attendee of it."""
    other = registrations.b
    _set([other], status=Status.LEAD_APPROVED)
    return {
        "draft": registrations.s2,  # the other registrant's unit's
        "registration": other,
        "attendee": f.AttendeeFactory(registration=other),
    }


def _bulk_cases(cast):
    """(who, page url, data builder, the kind of ids, status the rows start in)."""
    return [
        ("registrant", "registrations:bulk-submit", {}, "draft", Status.DRAFT),
        ("other_lead", "review:bulk-approve", {}, "registration", Status.SUBMITTED),
        ("organiser", "review:bulk-report", {}, "registration", Status.LEAD_APPROVED),
        (
            "organiser",
            "review:bulk-send-back",
            {"reason": "补充材料"},
            "registration",
            Status.LEAD_APPROVED,
        ),
        (
            "credit_checker",
            "checks:bulk",
            {"status": "failed", "note": "失信"},
            "registration",
            Status.SUBMITTED,
        ),
        (
            "background_checker",
            "checks:bulk",
            {"status": "failed", "note": "命中"},
            "attendee",
            Status.SUBMITTED,
        ),
    ]


@pytest.mark.parametrize("case", range(6))
@pytest.mark.parametrize("confirm", ["", "yes"])
def test_a_bulk_request_with_one_id_outside_the_scope_changes_nothing(
    client, cast, world, outsiders, case, confirm
):
    who, url, data, kind, status = _bulk_cases(cast)[case]
    user = getattr(cast, who)
    mine = _drafts(cast, world, 2)
    _set(mine, status=status, credit_check=CheckStatus.PASSED)
    Attendee.objects.filter(registration__in=mine).update(background_check=CheckStatus.PASSED)
    ids = [a.pk for r in mine for a in r.attendees.all()] if kind == "attendee" else mine
    ids = [getattr(x, "pk", x) for x in ids]
    smuggled = outsiders["draft"] if kind == "draft" else outsiders[kind]
    events = RegistrationEvent.objects.count()
    client.force_login(user)
    response = client.post(reverse(url), {**data, "ids": [*ids, smuggled.pk], "confirm": confirm})
    assert response.status_code == 404
    assert RegistrationEvent.objects.count() == events
    assert set(
        Registration.objects.filter(pk__in=[r.pk for r in mine]).values_list("status", flat=True)
    ) == {status}
    assert not Notice.objects.exists()
    # The same selection without the smuggled id goes through.
    response = client.post(reverse(url), {**data, "ids": ids, "confirm": "yes"})
    assert response.status_code == 302
    assert RegistrationEvent.objects.count() == events + len(ids)


@pytest.mark.parametrize("case", range(6))
def test_the_query_count_of_a_bulk_request_does_not_grow_with_its_rows(client, cast, world, case):
    who, url, data, kind, status = _bulk_cases(cast)[case]
    user = getattr(cast, who)
    client.force_login(user)
    counts = []
    for n in (2, 12):
        rows = _drafts(cast, world, n)
        extra = {}
        if who == "organiser":
            extra = {"credit_check": CheckStatus.PASSED}
            Attendee.objects.filter(registration__in=rows).update(
                background_check=CheckStatus.PASSED
            )
        _set(rows, status=status, **extra)
        if kind == "attendee":
            ids = list(Attendee.objects.filter(registration__in=rows).values_list("pk", flat=True))
        else:
            ids = [r.pk for r in rows]
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse(url), {**data, "ids": ids, "confirm": "yes"})
        assert response.status_code == 302, response.content.decode()[:800]
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_bulk_submit_of_a_selection_with_an_incomplete_draft_names_it_and_submits_nothing(
    client, cast, world
):
    complete = _drafts(cast, world, 2)
    empty = f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.tourism, registered_by=cast.registrant
    )
    client.force_login(cast.registrant)
    ids = [r.pk for r in complete] + [empty.pk]
    page = client.post(reverse("registrations:bulk-submit"), {"ids": ids}).content.decode()
    assert "Submit 3 registrations for review?" in page
    assert "confirm-bulk-submit" not in page
    refused = page.split('id="bulk-refused"')[1]
    assert empty.purchaser.name in refused and "Add at least one attendee." in refused
    response = client.post(reverse("registrations:bulk-submit"), {"ids": ids, "confirm": "yes"})
    assert response.status_code == 200
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_submitting_all_matching_the_filter_leaves_out_the_incomplete_and_says_why(
    client, cast, world
):
    complete = _drafts(cast, world, 3)
    empty = f.RegistrationFactory(
        lead_agency=world.s2_agency, unit=world.units.tourism, registered_by=cast.registrant
    )
    client.force_login(cast.registrant)
    data = {"mode": "filter", "edition": world.edition.number, "status": "draft"}
    page = client.post(reverse("registrations:bulk-submit"), data).content.decode()
    assert "Submit 3 complete drafts for review?" in page
    assert empty.purchaser.name in page.split('id="bulk-left-out"')[1]
    # Someone adds a complete draft meanwhile: the count no longer holds, nothing moves.
    _drafts(cast, world, 1)
    client.post(reverse("registrations:bulk-submit"), {**data, "confirm": "yes", "expected": 3})
    assert not Registration.objects.filter(status=Status.SUBMITTED).exists()
    client.post(reverse("registrations:bulk-submit"), {**data, "confirm": "yes", "expected": 4})
    assert Registration.objects.filter(status=Status.SUBMITTED).count() == 4
    assert Registration.objects.get(pk=empty.pk).status == Status.DRAFT
    assert all(Registration.objects.get(pk=r.pk).status == Status.SUBMITTED for r in complete)


def test_checkers_fail_many_from_the_filtered_list_with_one_reason(client, cast, world):
    rows = _drafts(cast, world, 3)
    _set(rows, status=Status.SUBMITTED)
    client.force_login(cast.background_checker)
    listing = client.get(reverse("checks:list")).content.decode()
    attendees = list(Attendee.objects.filter(registration__in=rows))
    assert all(f'id="select-{a.pk}"' in listing for a in attendees)
    data = {"status": "failed", "ids": [a.pk for a in attendees[:2]]}
    page = client.post(reverse("checks:bulk"), data).content.decode()
    assert "Say why the check failed." in page and "confirm-bulk-check" not in page
    page, done = _confirm(
        client,
        reverse("checks:bulk"),
        {**data, "note": "在逃人员库比对命中"},
        button="confirm-bulk-check",
    )
    assert "Set the background check of 2 people to “failed”?" in page.content.decode()
    assert done.status_code == 302
    failed = Attendee.objects.filter(background_check=CheckStatus.FAILED)
    assert sorted(failed.values_list("pk", flat=True)) == sorted(a.pk for a in attendees[:2])
    assert set(failed.values_list("background_check_note", flat=True)) == {"在逃人员库比对命中"}
    # Everything still pending under the filter, at once.
    page, done = _confirm(
        client,
        reverse("checks:bulk"),
        {"status": "passed", "mode": "filter", "check": "pending", "expected": 1},
        button="confirm-bulk-check",
    )
    assert Attendee.objects.filter(background_check=CheckStatus.PASSED).count() == 1


def test_a_check_sheet_with_a_bad_row_shows_it_and_records_nothing(client, world, cast):
    client.force_login(cast.credit_checker)
    response = client.post(
        reverse("checks:import"),
        {"file": results_sheet([[f.valid_credit_code(1), "failed", ""], ["", "也许"]])},
    )
    page = client.get(response.url).content.decode()
    errors = page.split('id="row-errors"')[1]
    assert re.search(r"<td class=\"num\">2</td><td>Note</td><td>Say why the check failed.", errors)
    assert "Unknown result “也许”" in errors
    assert "confirm-check-import" not in page
    client.post(response.url)
    assert not RegistrationEvent.objects.exists()


# The API: one call with a list of ids.


def _api(user):

    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_takes_a_list_of_ids_at_every_tier(cast, world):
    rows = _drafts(cast, world, 2)
    ids = [r.pk for r in rows]
    response = _api(cast.registrant).post(
        "/api/registrations/bulk-submit/", {"ids": ids}, format="json"
    )
    assert response.status_code == 200 and response.json()["count"] == 2
    assert [r["status"] for r in response.json()["submitted"]] == ["submitted"] * 2
    response = _api(cast.other_lead).post("/api/review/bulk-approve/", {"ids": ids}, format="json")
    assert [r["id"] for r in response.json()["approved"]] == ids
    response = _api(cast.organiser).post("/api/review/bulk-report/", {"ids": ids}, format="json")
    assert response.status_code == 400
    assert len(response.json()["refused"]) == 2
    assert "Credit check of" in response.json()["refused"][0]["reason"]
    response = _api(cast.credit_checker).post(
        "/api/review/bulk-credit-check/", {"ids": ids, "status": "passed"}, format="json"
    )
    assert response.json()["count"] == 2
    attendees = list(Attendee.objects.filter(registration__in=ids).values_list("pk", flat=True))
    response = _api(cast.background_checker).post(
        "/api/review/bulk-background-check/",
        {"ids": attendees, "status": "passed"},
        format="json",
    )
    assert response.json()["count"] == len(attendees)
    response = _api(cast.organiser).post(
        "/api/review/bulk-send-back/", {"ids": ids[:1], "reason": "补充材料"}, format="json"
    )
    assert response.status_code == 200
    response = _api(cast.organiser).post("/api/review/bulk-report/", {"ids": ids}, format="json")
    assert response.status_code == 400  # one is back with the lead: nothing is reported
    response = _api(cast.organiser).post(
        "/api/review/bulk-report/", {"ids": ids[1:]}, format="json"
    )
    assert response.json()["count"] == 1
    assert Registration.objects.get(pk=ids[1]).status == Status.REPORTED


def test_the_api_answers_404_for_a_smuggled_id_and_changes_nothing(cast, world, registrations):
    rows = _drafts(cast, world, 2)
    ids = [r.pk for r in rows] + [registrations.s2.pk]
    response = _api(cast.registrant).post(
        "/api/registrations/bulk-submit/", {"ids": ids}, format="json"
    )
    assert response.status_code == 404
    assert not Registration.objects.filter(status=Status.SUBMITTED).exists()
    schema = _api(cast.registrant).get("/api/schema/").content.decode()
    for path in ("bulk-submit", "bulk-report", "bulk-send-back", "bulk-credit-check"):
        assert f"/{path}/" in schema


def test_the_lead_approves_all_the_queue_shows_under_its_filter(client, cast, world):
    rows = _drafts(cast, world, 3)
    _set(rows, status=Status.SUBMITTED)
    client.force_login(cast.other_lead)
    assert 'id="bulk-approve-all"' in client.get(reverse("review:queue")).content.decode()
    data = {"mode": "filter", "q": "", "sub_delegation": world.s2.pk, "expected": 3}
    page, done = _confirm(
        client, reverse("review:bulk-approve"), data, button="confirm-bulk-approve"
    )
    assert "Approve 3 registrations?" in page.content.decode()
    assert done.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.LEAD_APPROVED}


def test_the_api_takes_the_bureaus_sheet_previews_then_records(cast, world):
    rows = _drafts(cast, world, 2)
    _set(rows, status=Status.SUBMITTED)
    codes = [r.purchaser.credit_code for r in rows]
    api = _api(cast.credit_checker)

    def sheet_of(lines):
        return {"file": results_sheet(lines)}

    lines = [[codes[0], "passed", ""], [codes[1], "failed", "经营异常名录"], ["X1", "passed"]]
    response = api.post("/api/review/check-results/?dry_run=1", sheet_of(lines), format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert [c["to"] for c in body["changes"]] == ["passed", "failed"]
    assert body["unmatched"] == [{"row": 4, "identifier": "X1"}]
    assert not RegistrationEvent.objects.exists()
    response = api.post("/api/review/check-results/", sheet_of(lines), format="multipart")
    assert response.json()["recorded"] == 2
    assert Registration.objects.get(pk=rows[1].pk).credit_check_note == "经营异常名录"
    response = _api(cast.registrant).post(
        "/api/review/check-results/", sheet_of(lines), format="multipart"
    )
    assert response.status_code == 404
