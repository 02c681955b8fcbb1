"""A returned registration is one click from the registrant's home page, and its reason
stands at the top of the registration until it is submitted again."""

import pytest

from purchasers.review import services as review

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(cast, submitted):
    review.registration_return(
        registration=submitted.s1, by=cast.lead, reason="联系电话缺少区号，请补全"
    )
    return submitted.s1


def test_home_links_each_returned_registration_with_its_reason(client, cast, returned):
    client.force_login(cast.registrant)
    html = client.get("/").content.decode()
    assert "有1份报名被退回修改" in html
    assert f'href="/registrations/{returned.pk}/">{returned.purchaser.name}</a>' in html
    assert "联系电话缺少区号，请补全" in html


def test_reason_stands_at_the_top_until_resubmitted(client, cast, returned):
    client.force_login(cast.registrant)
    html = client.get(f"/registrations/{returned.pk}/").content.decode()
    assert 'id="return-reason"' in html
    assert html.index("联系电话缺少区号") < html.index("采购商单位")
    review.registration_resubmit(registration=returned, by=cast.registrant)
    html = client.get(f"/registrations/{returned.pk}/").content.decode()
    assert 'id="return-reason"' not in html
    # The reason is still in the history, just not asking for action any more.
    assert "联系电话缺少区号" in html


def test_reason_stands_at_the_top_of_the_form_while_it_is_corrected(client, cast, returned):
    client.force_login(cast.registrant)
    html = client.get(f"/registrations/{returned.pk}/edit/").content.decode()
    assert 'id="return-reason"' in html
    assert html.index("联系电话缺少区号") < html.index('name="p-credit_code"')


def test_the_review_page_shows_the_registrant_the_reason_above_the_firm(client, cast, returned):
    client.force_login(cast.registrant)
    html = client.get(f"/review/{returned.pk}/").content.decode()
    assert html.index('id="return-reason"') < html.index('id="firm"')
    assert html.index("联系电话缺少区号") < html.index('id="resubmit"')
