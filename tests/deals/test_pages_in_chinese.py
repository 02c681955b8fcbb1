"""Every deal page renders for the office in Chinese, the users' first language."""

import pytest

from deals.models import Meeting, ProcurementNeed
from tests import factories as f


@pytest.fixture
def chinese_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_office_reads_every_deal_page_in_chinese(chinese_client, cast, approved, world, rmb_rate):
    deal = f.DealFactory(registration=approved.s1)
    exhibitor = f.ExhibitorFactory(edition=world.edition, products="CT")
    need = ProcurementNeed.objects.create(
        registration=approved.s1, zone=f.zone("medical"), product="CT", published_by=cast.registrant
    )
    Meeting.objects.create(
        need=need, exhibitor=exhibitor, meets_on=world.edition.opens_on, recorded_by=cast.lead
    )
    chinese_client.force_login(cast.organiser)
    pages = {
        "/deals/": "意向成交",
        "/deals/new/": "登记意向成交",
        f"/deals/{deal.pk}/": "跟踪落实",
        f"/deals/{deal.pk}/edit/": "更正意向成交",
        "/deals/follow-up/": "各届履约率",
        "/deals/rates/": "设置汇率",
        "/deals/exhibitors/": "展商",
        "/deals/exhibitors/new/": "录入展商",
        f"/deals/exhibitors/{exhibitor.pk}/edit/": "展位",
        "/deals/exhibitors/import/": "导入展商",
        "/deals/import/": "导入意向成交",
        "/deals/needs/": "采购需求",
        "/deals/needs/new/": "发布采购需求",
        f"/deals/needs/{need.pk}/": "展品匹配的展商",
    }
    for url, heading in pages.items():
        response = chinese_client.get(url)
        assert response.status_code == 200, url
        assert heading in response.content.decode(), url
