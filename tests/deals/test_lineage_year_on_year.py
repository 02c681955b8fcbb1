"""Year on year and accumulated figures follow a sub-delegation's lineage, not its name."""

from decimal import Decimal

from deals.models import Deal, RollupRow
from deals.rollups.services import rollup_recompute, rollup_refresh_dirty
from tests import factories as f

Level = RollupRow.Level


def _qingpu_over_three_editions(*, linked: bool):
    """青浦分团 (5th, 6th) renamed 青浦交易分团 at the 7th; a 合作交流 group beside it."""
    region = f.region("310000")
    subs = []
    for number, name, usd in [
        (5, "青浦分团", "10000000.00"),
        (6, "青浦分团", "12000000.00"),
        (7, "青浦交易分团", "15000000.00"),
    ]:
        edition = f.EditionFactory(number=number, year=2017 + number)
        delegation = f.DelegationFactory(edition=edition, name="上海交易团", region=region)
        sub = f.SubDelegationFactory(
            delegation=delegation,
            name=name,
            continues=subs[-1] if (subs and linked) else None,
        )
        other = f.SubDelegationFactory(delegation=delegation, name="合作交流采购团")
        for target, amount in ((sub, usd), (other, "1000000.00")):
            f.RollupDealFactory(
                registration=f.RegistrationFactory(
                    lead_agency=f.LeadAgencyFactory(sub_delegation=target)
                ),
                amount_usd=Decimal(amount),
            )
        subs.append(sub)
    rollup_recompute()
    return subs


def _row(sub) -> RollupRow:
    return RollupRow.objects.get(level=Level.SUB_DELEGATION, sub_delegation=sub)


def test_renamed_sub_delegation_keeps_its_year_on_year_and_accumulated_figures(db):
    fifth, sixth, seventh = _qingpu_over_three_editions(linked=True)
    row = _row(seventh)
    assert row.previous_total_usd == Decimal("12000000.00")  # 青浦分团 of the 6th edition
    assert row.change_usd == Decimal("3000000.00")
    assert row.change_percent == Decimal("25.00")
    assert row.accumulated_usd == Decimal("37000000.00")  # 10 + 12 + 15 million
    assert _row(sixth).accumulated_usd == Decimal("22000000.00")


def test_without_the_lineage_a_renamed_sub_delegation_starts_over(db):
    *_, seventh = _qingpu_over_three_editions(linked=False)
    row = _row(seventh)
    assert row.previous_total_usd is None and row.change_percent is None
    assert row.accumulated_usd == Decimal("15000000.00")


def test_lineage_wins_over_a_name_another_sub_delegation_takes(db):
    """The 7th's 青浦交易分团 continues 青浦分团; a new 青浦分团 at the 7th starts afresh."""
    fifth, sixth, seventh = _qingpu_over_three_editions(linked=True)
    newcomer = f.SubDelegationFactory(delegation=seventh.delegation, name="青浦分团")
    f.RollupDealFactory(
        registration=f.RegistrationFactory(
            lead_agency=f.LeadAgencyFactory(sub_delegation=newcomer)
        ),
        amount_usd=Decimal("5000000.00"),
    )
    rollup_recompute()
    assert _row(newcomer).previous_total_usd is None
    assert _row(seventh).previous_total_usd == Decimal("12000000.00")


def _edit_one_deal_of(sub, amount: str) -> None:
    deal = Deal.objects.get(registration__sub_delegation=sub)
    deal.amount_usd = deal.amount = Decimal(amount)
    deal.save()


def test_the_refresh_per_change_follows_the_lineage_as_the_full_run_does(db):
    """Deals edited along a renamed lineage, beside a newcomer taking the old name: the
    refresh per change gives what a full recompute gives."""
    fifth, sixth, seventh = _qingpu_over_three_editions(linked=True)
    newcomer = f.SubDelegationFactory(delegation=seventh.delegation, name="青浦分团")
    f.RollupDealFactory(
        registration=f.RegistrationFactory(
            lead_agency=f.LeadAgencyFactory(sub_delegation=newcomer)
        ),
        amount_usd=Decimal("5000000.00"),
    )
    rollup_recompute()
    _edit_one_deal_of(sixth, "14000000.00")
    rollup_refresh_dirty()
    assert _row(seventh).previous_total_usd == Decimal("14000000.00")
    assert _row(seventh).accumulated_usd == Decimal("39000000.00")
    assert _row(newcomer).previous_total_usd is None
    _edit_one_deal_of(newcomer, "6000000.00")
    _edit_one_deal_of(fifth, "9000000.00")
    rollup_refresh_dirty()
    assert _row(seventh).accumulated_usd == Decimal("38000000.00")
    assert _row(newcomer).accumulated_usd == Decimal("6000000.00")
    assert rollup_recompute().corrected == 0


def test_the_refresh_per_change_keeps_unlinked_editions_apart(db):
    fifth, sixth, seventh = _qingpu_over_three_editions(linked=False)
    _edit_one_deal_of(sixth, "13000000.00")
    rollup_refresh_dirty()
    assert _row(sixth).previous_total_usd == Decimal("10000000.00")  # same name at the 5th
    assert _row(seventh).previous_total_usd is None
    assert rollup_recompute().corrected == 0
