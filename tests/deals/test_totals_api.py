"""/api/totals/ gives each role the figures its dashboard shows, and nothing beyond."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deals.rollups.services import rollup_recompute
from tests import factories as f


@pytest.fixture
def figures(registrations):
    f.RollupDealFactory(registration=registrations.s1, amount_usd=Decimal("150000000.00"))
    f.RollupDealFactory(
        registration=registrations.s2,
        amount_usd=Decimal("20000000.00"),
        zone=f.zone("food"),
        exhibitor_country="法国",
    )
    f.RollupDealFactory(registration=registrations.b, amount_usd=Decimal("99000000.00"))
    rollup_recompute()
    return registrations


def totals(client, user, **params):
    client.force_login(user)
    return client.get("/api/totals/", params)


def groups(response) -> list[tuple]:
    assert response.status_code == 200, response.content
    return [
        (
            row["delegation"]["name"] if row["delegation"] else None,
            row["sub_delegation"]["name"] if row["sub_delegation"] else None,
            row["zone"],
            row["country"],
            row["total_usd"],
        )
        for row in response.json()["results"]
    ]


def test_national_viewer_reads_the_national_total_and_every_delegation(client, cast, figures):
    assert groups(totals(client, cast.viewer, by="edition")) == [
        (None, None, None, "", "269000000.00")
    ]
    assert groups(totals(client, cast.viewer, by="delegation")) == [
        ("交易团A", None, None, "", "170000000.00"),
        ("交易团B", None, None, "", "99000000.00"),
    ]
    by_zone = totals(client, cast.viewer, by="zone").json()["results"]
    assert {(r["level"], r["zone"]) for r in by_zone} == {
        ("edition_zone", "medical"),
        ("edition_zone", "food"),
    }


def test_organiser_reads_their_delegation_only(client, cast, figures, world):
    assert groups(totals(client, cast.organiser, by="delegation")) == [
        ("交易团A", None, None, "", "170000000.00")
    ]
    assert groups(totals(client, cast.organiser, by="sub_delegation")) == [
        ("交易团A", "卫生分团", None, "", "150000000.00"),
        ("交易团A", "商贸分团", None, "", "20000000.00"),
    ]
    countries = groups(totals(client, cast.organiser, by="country"))
    assert [(c[3], c[4]) for c in countries] == [("德国", "150000000.00"), ("法国", "20000000.00")]
    assert groups(totals(client, cast.organiser, by="edition")) == []
    assert totals(client, cast.organiser, delegation=world.b.pk).status_code == 404
    assert totals(client, cast.b_organiser, sub_delegation=world.s1.pk).status_code == 404


def test_lead_reads_their_own_sub_delegations_only(client, cast, figures, world):
    assert groups(totals(client, cast.lead, by="sub_delegation")) == [
        ("交易团A", "卫生分团", None, "", "150000000.00")
    ]
    assert groups(totals(client, cast.lead, by="delegation")) == []
    assert groups(totals(client, cast.lead, by="country")) == [
        ("交易团A", None, None, "德国", "150000000.00")
    ]
    zones = totals(client, cast.lead, by="zone", sub_delegation=world.s1.pk).json()["results"]
    assert [(z["level"], z["sub_delegation"]["name"]) for z in zones] == [
        ("sub_delegation_zone", "卫生分团")
    ]
    assert totals(client, cast.lead, sub_delegation=world.s2.pk).status_code == 404


@pytest.mark.parametrize("who", ["registrant", "other_registrant", "nobody"])
def test_roles_without_a_dashboard_read_no_totals(client, cast, figures, who):
    assert totals(client, getattr(cast, who)).status_code == 404


def test_anonymous_callers_are_refused(client, figures):
    assert client.get("/api/totals/").status_code in (401, 403)


def test_totals_are_paginated_and_their_query_count_does_not_grow(client, cast, registrations):
    client.force_login(cast.viewer)

    def queries() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            body = client.get("/api/totals/", {"by": "sub_delegation"}).json()
        return len(captured), body

    f.RollupDealFactory(registration=registrations.s1)
    rollup_recompute()
    few, _ = queries()
    world_edition = registrations.s1.edition
    for i in range(60):
        delegation = f.DelegationFactory(edition=world_edition, name=f"交易团{i}", region=None)
        agency = f.LeadAgencyFactory(
            sub_delegation=f.SubDelegationFactory(delegation=delegation, name=f"分团{i}")
        )
        f.RollupDealFactory(registration=f.RegistrationFactory(lead_agency=agency))
    rollup_recompute()
    many, body = queries()
    assert many == few
    assert body["count"] == 61 and len(body["results"]) == 50 and body["next"]


def test_schema_documents_the_totals_and_deals_carry_their_delegation(client, cast, figures, world):
    client.force_login(cast.organiser)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/totals/"]["get"]["parameters"]}
    assert {"by", "edition", "delegation", "sub_delegation", "page"} <= parameters
    deal = client.get("/api/deals/").json()["results"][0]
    assert (deal["delegation"], deal["delegation_name"]) == (world.a.pk, "交易团A")
    assert deal["sub_delegation_name"] in ("卫生分团", "商贸分团")
    assert deal["sub_delegation"] in (world.s1.pk, world.s2.pk)
