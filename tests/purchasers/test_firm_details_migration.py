"""The data migration that gives each registration its own copy of the firm's details.

The database is taken back to today's schema (before the migration), filled the way the
shared purchaser row was used (one firm registered in two editions by two delegations, a
firm with a region and an English name, a purchaser row no registration points at any
more), then migrated forward: every value is still there, on every registration and on
the purchaser rows.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from purchasers.models import Purchaser, Registration
from purchasers.registration.services import registration_save_draft
from tests import factories as f

BEFORE = [("purchasers", "0005_history_is_never_cascaded_away")]
DETAILS = {
    "name": "青海昆仑商贸有限公司",
    "name_en": "Qinghai Kunlun Trading Co., Ltd.",
    "kind": "import_trader",
    "industry": "食品",
    "address": "西宁市城西区",
    "contact_name": "王经理",
    "contact_phone": "13912345678",
    "contact_email": "buyer@example.org",
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_copies_the_shared_firm_details_onto_every_registration(world, cast):
    fourth = f.EditionFactory(number=4, year=2021)
    qinghai_4th = f.DelegationFactory(edition=fourth, region=f.region("630000"))
    qinghai_4th.member_units.set([world.units.tourism])
    old_agency = f.LeadAgencyFactory(sub_delegation=f.SubDelegationFactory(delegation=qinghai_4th))
    try:
        old = _migrate(BEFORE)
        OldPurchaser = old.get_model("purchasers", "Purchaser")
        OldRegistration = old.get_model("purchasers", "Registration")
        shared = OldPurchaser.objects.create(
            credit_code=f.valid_credit_code(3001), region_id=f.region("630000").pk, **DETAILS
        )
        orphan = OldPurchaser.objects.create(
            credit_code=f.valid_credit_code(3002), name="已改代码的草稿", kind="other"
        )
        places = [
            (fourth, old_agency, cast.registrant.unit_id, "draft"),
            (world.edition, world.sb_agency, world.units.b_lead.pk, "reported"),
        ]
        old_ids = []
        for edition, agency, unit_id, status in places:
            old_ids.append(
                OldRegistration.objects.create(
                    purchaser=shared,
                    edition_id=edition.pk,
                    sub_delegation_id=agency.sub_delegation_id,
                    lead_agency_id=agency.pk,
                    unit_id=unit_id,
                    registered_by_id=cast.registrant.pk,
                    status=status,
                ).pk
            )
    finally:
        # Whatever happened, leave the database at the latest schema for the other tests.
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())

    registrations = list(Registration.objects.filter(pk__in=old_ids).order_by("edition__number"))
    assert len(registrations) == 2
    for registration in registrations:
        assert {name: getattr(registration, name) for name in DETAILS} == DETAILS
        assert registration.region.code == "630000"
        assert registration.credit_code == f.valid_credit_code(3001)
    # The purchaser rows lose nothing either: they are the latest known details now.
    assert Purchaser.objects.filter(pk=shared.pk, region__code="630000", **DETAILS).exists()
    assert Purchaser.objects.get(pk=orphan.pk).name == "已改代码的草稿"

    # And from now on the two registrations are apart: what Qinghai writes into its own
    # (4th-edition) draft is not what Shanghai's 5th-edition registration shows.
    qinghai_draft, shanghai = registrations
    before = Registration.objects.filter(pk=shanghai.pk).values().get()
    registration_save_draft(
        by=cast.registrant,
        registration=qinghai_draft,
        sub_delegation=old_agency.sub_delegation,
        lead_agency=old_agency,
        purchaser={**DETAILS, "credit_code": qinghai_draft.credit_code, "name": "HIJACKED"},
        attendees=[],
    )
    qinghai_draft.refresh_from_db()
    assert qinghai_draft.name == "HIJACKED"
    assert Registration.objects.filter(pk=shanghai.pk).values().get() == before
    # The older edition's registration does not become the latest known details either.
    assert Purchaser.objects.get(pk=shared.pk).name == DETAILS["name"]
