"""One audit trail (issue 15, item 2), deals' side: every deal, directory and rate service
leaves an entry of its kind; the deal, exhibitor and rate pages and the deal history API name
each kind by its label in the reader's language, with the changed values as the reader names
them (currencies, statuses, amounts with separators), never the stored codes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from deals.directory.services import ProposalRecorded, exhibitor_proposal_decide, exhibitor_save
from deals.models import ExhibitorEvent, ExhibitorProposal
from deals.money import RateQuote
from deals.rates.services import exchange_rate_set
from deals.records import services
from delegations.audit.models import EventKind
from delegations.models import SetupEvent
from purchasers.models import Registration
from tests import factories as f

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def followed_deal(cast, rmb_rate, deal_data):
    deal = services.deal_record(by=cast.registrant, data=deal_data)
    deal = services.deal_update(
        deal=deal, by=cast.organiser, data={**deal_data, "amount": Decimal("7000000")}, version=1
    )
    deal = services.deal_move(deal=deal, by=cast.organiser, to_status="contracted")
    services.follow_up_note_add(
        deal=deal, by=cast.organiser, text="首批设备已到港", noted_on=datetime.date(2023, 3, 1)
    )
    return deal


def test_every_deal_service_leaves_an_entry_of_its_kind(followed_deal, cast):
    assert list(followed_deal.events.order_by("pk").values_list("kind", "actor")) == [
        (EventKind.RECORDED, cast.registrant.pk),
        (EventKind.CORRECTED, cast.organiser.pk),
        (EventKind.MOVED, cast.organiser.pk),
        (EventKind.NOTE, cast.organiser.pk),
    ]


@pytest.mark.parametrize(
    "headers, labels, amount, currency, status",
    [
        (ZH, ["录入", "更正", "跟踪状态变更", "跟踪记录"], "金额", "人民币", "已签合同"),
        (
            EN,
            ["Recorded", "Corrected", "Follow-up status changed", "Follow-up note"],
            "Amount",
            "renminbi",
            "contracted",
        ),
    ],
)
def test_deal_page_names_kinds_fields_and_values_in_the_readers_language(
    client, followed_deal, cast, headers, labels, amount, currency, status
):
    client.force_login(cast.organiser)
    page = client.get(reverse("deals:deal-detail", args=[followed_deal.pk]), **headers)
    history = page.content.decode().split('id="history-table"')[1]
    for label in labels:
        assert f'class="kind">{label}' in history
    assert f"{amount}: 1,234,567.89 → 7,000,000.00" in history
    assert f"{currency}" in history and ">CNY<" not in history
    assert f"→ {status})" in history
    assert 'class="kind">moved' not in history and 'class="kind">recorded' not in history


def test_deal_history_api_gives_the_kind_and_its_label_in_the_callers_language(
    client, followed_deal, cast
):
    client.force_login(cast.organiser)
    url = f"/api/deals/{followed_deal.pk}/history/"
    english = client.get(url, **EN).json()
    chinese = client.get(url, **ZH).json()
    assert [e["kind"] for e in english] == ["recorded", "corrected", "moved", "note"]
    assert [e["kind_label"] for e in chinese] == ["录入", "更正", "跟踪状态变更", "跟踪记录"]
    assert english[2]["from_status"] == "intended" and english[2]["to_status"] == "contracted"
    assert [Decimal(v) for v in english[1]["changes"]["amount"]] == [
        Decimal("1234567.89"),
        Decimal("7000000"),
    ]


def _entry(world, **changes) -> dict:
    data = {
        "edition": world.edition.pk,
        "name": "Siemens Healthineers",
        "name_en": "",
        "country": "德国",
        "zone": f.zone("medical").pk,
        "products": "CT",
        "booth": "",
    }
    return {**data, **changes}


@pytest.fixture
def corrected_exhibitor(client, world, cast):
    """Added and corrected by the office; then a correction other delegations' deals would see,
    proposed and accepted by the national administrator."""
    client.force_login(cast.organiser)
    client.post("/deals/exhibitors/new/", _entry(world))
    exhibitor = ExhibitorEvent.objects.get().exhibitor
    client.post(f"/deals/exhibitors/{exhibitor.pk}/edit/", _entry(world, booth="7.1A"))
    registration = f.RegistrationFactory(
        lead_agency=world.sb_agency, status=Registration.Status.LEAD_APPROVED
    )
    f.DealFactory(registration=registration, exhibitor=exhibitor)
    exhibitor.refresh_from_db()
    with pytest.raises(ProposalRecorded):
        exhibitor_save(by=cast.organiser, data={"booth": "7.2B"}, exhibitor=exhibitor)
    exhibitor_proposal_decide(
        by=cast.national_admin, proposal=ExhibitorProposal.objects.get(), accept=True
    )
    return exhibitor


def test_every_directory_service_leaves_an_entry_of_its_kind(corrected_exhibitor, cast):
    assert list(corrected_exhibitor.events.order_by("pk").values_list("kind", "actor")) == [
        (EventKind.ADDED, cast.organiser.pk),
        (EventKind.CORRECTED, cast.organiser.pk),
        (EventKind.PROPOSED, cast.organiser.pk),
        (EventKind.ACCEPTED, cast.national_admin.pk),
    ]


@pytest.mark.parametrize(
    "headers, labels",
    [
        (ZH, ["已加入展商名录", "更正", "已提出更正", "更正已采纳"]),
        (EN, ["Added to the directory", "Corrected", "Correction proposed", "Correction accepted"]),
    ],
)
def test_exhibitor_page_shows_its_history_by_kind_label(
    client, corrected_exhibitor, cast, headers, labels
):
    client.force_login(cast.organiser)
    url = reverse("exhibitors:exhibitor-edit", args=[corrected_exhibitor.pk])
    history = client.get(url, **headers).content.decode().split('id="exhibitor-history"')[1]
    for label in labels:
        assert f'class="kind">{label}' in history
    assert "7.1A → 7.2B" in history


@pytest.mark.parametrize(
    "headers, set_label, changed_label, change",
    [
        (ZH, "汇率已设置", "汇率已修改", "每美元 7 CNY → 每美元 7.2 CNY"),
        (EN, "Exchange rate set", "Exchange rate changed", "7 CNY per USD → 7.2 CNY per USD"),
    ],
)
def test_a_rate_set_then_changed_shows_on_the_rates_history_with_who_and_from_what(
    client, world, cast, headers, set_label, changed_label, change
):
    for rate in ("7", "7.2"):
        exchange_rate_set(
            delegation=world.a,
            currency="CNY",
            by=cast.organiser,
            rate=Decimal(rate),
            quote=RateQuote.PER_USD,
            confirm=True,
        )
    # The same rate again is no change.
    exchange_rate_set(
        delegation=world.a,
        currency="CNY",
        by=cast.organiser,
        rate=Decimal("7.2"),
        quote=RateQuote.PER_USD,
        confirm=True,
    )
    assert list(
        SetupEvent.objects.filter(delegation=world.a).order_by("pk").values_list("kind", "actor")
    ) == [(EventKind.RATE_SET, cast.organiser.pk), (EventKind.RATE_CHANGED, cast.organiser.pk)]
    client.force_login(cast.organiser)
    page = client.get(reverse("rates:exchange-rates"), **headers).content.decode()
    history = page.split('id="rate-history"')[1]
    assert f'class="kind">{set_label} · CNY' in history
    assert f'class="kind">{changed_label} · CNY' in history
    assert "organiser" in history and change in history
