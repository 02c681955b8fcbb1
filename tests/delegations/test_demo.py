"""The demo data is the Qinghai delegation to the 5th CIIE set up as a provincial delegation is."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from deals.models import Deal, ExchangeRate, RollupRow
from delegations.models import Deadline, Delegation, Edition, LeadAgency, SubDelegation, User
from delegations.validators import validate_credit_code, validate_resident_id
from purchasers.models import Registration


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _qinghai():
    return Delegation.objects.get(edition__number=5, region__code="630000")


def test_qinghai_has_the_plans_seven_sub_delegations_and_targets(demo):
    subs = {
        sub.name: [
            (a.target, sorted(u.name for u in a.units.all())) for a in sub.lead_agencies.all()
        ]
        for sub in _qinghai().sub_delegations.all()
    }
    assert subs == {
        "商贸分团": [(70, ["省商务厅"])],
        "教育分团": [(4, ["省教育厅"])],
        "科技分团": [(15, ["省科技厅"])],
        "工业分团": [(15, ["省国资委", "省工业和信息化厅"])],
        "生态环保分团": [(20, ["省生态环境厅"])],
        "农牧分团": [(20, ["省农业农村厅"])],
        "卫生分团": [(10, ["省卫生健康委"]), (20, ["省药品监管局"])],
    }
    assert (
        sum(
            LeadAgency.objects.filter(sub_delegation__delegation=_qinghai()).values_list(
                "target", flat=True
            )
        )
        == 174
    )


def test_health_co_leads_have_their_own_focus(demo):
    hospitals, firms = SubDelegation.objects.get(
        delegation=_qinghai(), name="卫生分团"
    ).lead_agencies.all()
    assert "医院" in hospitals.focus
    assert "医疗器械" in firms.focus


def test_qinghai_office_sits_in_the_department_of_commerce(demo):
    qinghai = _qinghai()
    assert qinghai.office_unit.name == "省商务厅"
    assert qinghai.edition.opens_on.isoformat() == "2022-11-05"
    assert qinghai.member_units.filter(name="省公安厅").exists()


def test_shanghai_has_its_three_sub_delegations(demo):
    shanghai = Delegation.objects.get(edition__number=7, region__code="310000")
    kinds = dict(shanghai.sub_delegations.values_list("name", "kind"))
    assert kinds == {
        "国资分团": "state_owned",
        "青浦交易分团": "district",
        "合作交流采购团": "partner_group",
    }


def test_national_totals_of_every_edition(demo):
    totals = dict(Edition.objects.values_list("number", "national_intended_usd"))
    assert totals[1] == Decimal("57830000000.00")
    assert totals[4] == Decimal("70720000000.00")
    assert totals[7] == Decimal("80010000000.00")
    change = (totals[4] - totals[3]) / totals[3] * 100
    assert round(change, 1) == Decimal("-2.6")  # "down 2.6% on the last edition"


def test_one_login_per_role(demo):
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert {"organiser", "lead", "registrant", "national_viewer"} <= roles
    assert User.objects.get(username="admin").is_superuser


def test_loading_twice_changes_nothing(demo):
    counts = (Delegation.objects.count(), LeadAgency.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Delegation.objects.count(),
        LeadAgency.objects.count(),
        Registration.objects.count(),
    )


def test_demo_purchasers_have_valid_codes(demo):

    for registration in Registration.objects.prefetch_related("attendees"):
        validate_credit_code(registration.purchaser.credit_code)
        for attendee in registration.attendees.all():
            validate_resident_id(attendee.id_number)


def test_shanghai_state_owned_deals_are_the_reported_figures(demo):
    """上海国资分团, 7th edition: 136 orders, 2.837 bn USD, 7 firms above 100 million USD."""

    row = RollupRow.objects.get(
        level="sub_delegation", sub_delegation__name="国资分团", edition__number=7
    )
    assert (row.deals, row.total_usd, row.purchasers_over_100m) == (
        136,
        Decimal("2837000000.00"),
        7,
    )


def test_qinghai_has_deadlines_and_a_renminbi_rate(demo):

    qinghai = _qinghai()
    assert ExchangeRate.objects.get(delegation=qinghai, currency="CNY").usd_rate == Decimal(
        "0.14285714"
    )
    own = Deadline.objects.get(delegation=qinghai, kind="registration")
    bureau = Deadline.objects.get(delegation=None, edition=qinghai.edition, kind="registration")
    assert own.due_on < bureau.due_on


def test_demo_shows_qingpus_lineage_rates_as_quoted_and_each_roles_edition(demo, client):

    qingpu = SubDelegation.objects.get(delegation__edition__number=7, name="青浦交易分团")
    assert qingpu.continues.name == "青浦分团" and qingpu.continues.delegation.edition.number == 6
    row = RollupRow.objects.get(level="sub_delegation", sub_delegation=qingpu)
    assert (row.total_usd, row.previous_total_usd, row.change_percent) == (
        Decimal("25000000.00"),
        Decimal("20000000.00"),
        Decimal("25.00"),
    )
    rate = ExchangeRate.objects.get(delegation=_qinghai(), currency="CNY")
    assert (rate.rate, rate.quote) == (Decimal("7"), "per_usd")
    # 35,000,000 CNY × k at 7 CNY per USD: whole dollars, no cents lost.
    for deal in Deal.objects.filter(currency="CNY"):
        assert deal.amount_usd * 7 == deal.amount
    assert Edition.objects.filter(number=8).exists()
    assert not Delegation.objects.filter(edition__number=8).exists()
    client.login(username="qh_office", password="ciie-demo-2026")
    assert client.get("/dashboard/").context["edition"].number == 5
    client.login(username="sh_office", password="ciie-demo-2026")
    assert client.get("/dashboard/").context["edition"].number == 7
