"""A deal knows its delegation (its purchaser's), whichever way it was written or its
purchaser moved, so that an office's deal list reads its own deals only: the same deals
as through the purchaser, in an index of the office's delegations on PostgreSQL."""

import pytest
from django.db import connection

from deals.imports import services as imports
from deals.models import Deal
from deals.permissions import deals_visible_to
from deals.records import services
from deals.records.selectors import TOTALS_LIMIT, deal_list
from purchasers.models import Registration
from purchasers.permissions import registrations_visible_to
from purchasers.registration.services import registration_save_draft
from tests import factories as f
from tests.purchasers.helpers import firm

from .posts import api_post, form_post
from .test_directory_and_imports import DEAL_HEAD, xlsx


def test_a_deal_recorded_on_the_page_or_by_the_api_is_its_purchasers_delegations(
    client, cast, world, rmb_rate, deal_data
):
    client.force_login(cast.registrant)
    assert client.post("/deals/new/", form_post(deal_data)).status_code == 302
    response = client.post(
        "/api/deals/", api_post(deal_data, product="MRI"), content_type="application/json"
    )
    assert response.status_code == 201
    assert [deal.delegation for deal in Deal.objects.order_by("pk")] == [world.a, world.a]


def test_an_imported_deal_is_its_purchasers_delegations(cast, world, approved, rmb_rate):
    code = approved.s1.purchaser.credit_code
    row = [code, "S", "德国", "medical", "CT", 1000, "cny", "2022-11-06", ""]
    rows = imports.sheet_rows(xlsx([DEAL_HEAD, row]), "deals")
    deals = imports.import_deals(by=cast.registrant, edition=world.edition, rows=rows)
    assert [deal.delegation for deal in deals] == [world.a]


def test_a_deal_corrected_to_another_purchaser_moves_to_its_delegation(cast, world, approved):
    deal = f.DealFactory(registration=approved.s1)
    data = {name: getattr(deal, name) for name in services.ENTERED}
    services.deal_update(
        deal=deal, by=cast.superuser, data={**data, "registration": approved.b}, version=1
    )
    deal.refresh_from_db()
    assert deal.delegation == world.b
    assert deals_visible_to(cast.b_organiser).filter(pk=deal.pk).exists()
    assert not deals_visible_to(cast.organiser).filter(pk=deal.pk).exists()


def test_deals_follow_their_purchaser_to_another_delegation(cast, world, approved):
    """The registering unit sits in both delegations and moves a returned registration."""
    world.b.member_units.add(world.units.tourism)
    world.b.registration_open = True
    world.b.save()
    registration = approved.s1
    deal = f.DealFactory(registration=registration)
    registration.status = Registration.Status.RETURNED
    registration.save()
    registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.sb,
        lead_agency=world.sb_agency,
        purchaser=firm(1, name=registration.name, credit_code=registration.credit_code),
        attendees=[],
        registration=registration,
    )
    deal.refresh_from_db()
    assert deal.delegation == world.b
    assert list(deals_visible_to(cast.b_organiser)) == [deal]
    assert list(deals_visible_to(cast.organiser)) == []


def test_deals_follow_a_sub_delegation_moved_in_the_admin(cast, world, approved):
    deal = f.DealFactory(registration=approved.s2)
    world.s2.delegation = world.b
    world.s2.save()
    deal.refresh_from_db()
    assert deal.delegation == world.b


def test_status_changes_leave_the_deals_alone(cast, world, approved, django_assert_num_queries):
    f.DealFactory(registration=approved.s1)
    registration = approved.s1
    registration.status = Registration.Status.REPORTED
    # The roll-up's check of the purchaser's place, the save; no deal is looked at.
    with django_assert_num_queries(2):
        registration.save(update_fields=["status", "updated_at"])


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


def test_the_offices_list_reads_its_own_delegations_deals_by_index(postgres, cast, approved):
    for registration in (approved.s1, approved.s2, approved.b):
        f.DealFactory.create_batch(3, registration=registration)
    deals = deals_visible_to(cast.organiser)
    assert sorted(deals.values_list("registration", flat=True)) == sorted(
        [approved.s1.pk] * 3 + [approved.s2.pk] * 3
    )
    first_page = _plan(deals.order_by("-signed_on", "-pk")[:51])
    # The scope is the deal's own column, read in the office's delegations' index: no
    # sub-query through the purchasers. (At a million deals the first page walks
    # deal_list_newest_first instead, filtering on that column: `make bench` says so.)
    assert "SubPlan" not in first_page and "Semi Join" not in first_page
    assert "deal_delegation_newest_first" in first_page
    assert "(delegation_id = delegations_delegation.id)" in first_page
    totals = _plan(deals.order_by().values_list("pk", flat=True)[: TOTALS_LIMIT + 1])
    assert "deal_delegation_newest_first" in totals
    edition = _plan(deal_list(deals, edition="5").order_by("-signed_on", "-pk")[:26])
    assert "deal_delegation_newest_first" in edition


@pytest.mark.parametrize(
    "role",
    ["organiser", "b_organiser", "lead", "other_lead", "registrant", "b_registrant", "viewer"],
)
def test_every_scope_sees_the_deals_it_saw_through_the_purchaser(cast, approved, role):
    for registration in vars(approved).values():
        f.DealFactory(registration=registration)
    user = getattr(cast, role)
    # The rule before deals knew their delegation: the deals of the purchasers one sees.
    through_purchaser = Deal.objects.filter(registration__in=registrations_visible_to(user))
    assert set(deals_visible_to(user)) == set(through_purchaser)
    assert set(deals_visible_to(cast.credit_checker)) == set()
