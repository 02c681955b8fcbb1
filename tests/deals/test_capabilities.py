"""Every write service checks its capability itself: pages, API, tasks and commands alike."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from deals.exports.sheets import deals_in_scope, totals_sheets
from deals.models import Deal
from deals.rates import services as rate_services
from deals.records import services
from delegations.capabilities import can, vocabulary
from tests import factories as f

pytestmark = pytest.mark.django_db

DECISIONS = [
    "registrations.create",
    "registrations.edit",
    "registrations.submit",
    "registrations.withdraw",
    "registrations.import",
    "review.lead_decide",
    "review.office_decide",
    "review.resubmit",
    "review.progress",
    "checks.set_credit",
    "checks.set_background",
    "deals.record",
    "deals.change",
    "deals.move",
    "deals.follow_up",
    "directory.add",
    "directory.correct",
    "directory.decide_proposal",
    "rates.set",
    "deadlines.set",
    "deadlines.remove",
    "setup.manage",
    "editions.administer",
    "totals.view",
    "totals.export",
    "exports.download",
    "reminders.send",
    "reminders.view_history",
]


def test_every_decision_has_one_registered_rule():
    assert set(DECISIONS) <= set(vocabulary())


def test_export_totals_command_refuses_a_registrant_the_deal_sheet(cast, approved, tmp_path):
    f.DealFactory(registration=approved.s1)
    out = tmp_path / "deals.csv"
    args = ["--edition", "5", "--format", "csv", "--output", str(out)]
    with pytest.raises(CommandError, match="may not export"):
        call_command("export_totals", "--as", "registrant", *args)
    assert not out.exists()
    call_command("export_totals", "--as", "organiser", *args)
    assert "CT scanners" in out.read_text(encoding="utf-8")


def test_the_deal_sheet_reader_itself_refuses_a_registrant(cast, world):

    with pytest.raises(PermissionDenied):
        deals_in_scope(user=cast.registrant, edition=world.edition)
    with pytest.raises(PermissionDenied):
        totals_sheets(user=cast.registrant, edition=world.edition)


def test_moving_a_deal_is_refused_to_a_registrant_by_the_service(cast, approved):
    deal = f.DealFactory(registration=approved.s1)
    with pytest.raises(PermissionDenied):
        services.deal_move(deal=deal, by=cast.registrant, to_status=Deal.Status.CONTRACTED)
    with pytest.raises(PermissionDenied):
        services.follow_up_note_add(deal=deal, by=cast.registrant, text="signed")
    moved = services.deal_move(deal=deal, by=cast.organiser, to_status=Deal.Status.CONTRACTED)
    assert moved.status == Deal.Status.CONTRACTED


def test_an_office_cannot_set_another_delegations_rate_even_through_the_service(cast, world):
    with pytest.raises(PermissionDenied):
        rate_services.exchange_rate_set(
            delegation=world.a, currency="EUR", by=cast.b_organiser, usd_rate=Decimal("1.1")
        )
    assert not world.a.exchange_rates.exists()
    rate = rate_services.exchange_rate_set(
        delegation=world.a, currency="EUR", by=cast.organiser, usd_rate=Decimal("1.1")
    )
    assert rate.delegation == world.a


def test_directory_rules_are_one_answer_per_role(cast):
    assert can(cast.national_admin, "directory.decide_proposal")
    assert not can(cast.organiser, "directory.decide_proposal")
    assert can(cast.organiser, "directory.add") and can(cast.lead, "directory.add")
    assert not can(cast.registrant, "directory.add")
    assert not can(cast.viewer, "deals.move") and can(cast.viewer, "deals.follow_up")
