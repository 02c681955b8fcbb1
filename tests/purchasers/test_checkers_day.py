"""A checker's home page is their queue, counted by sub-delegation and where each stands."""

import pytest

from purchasers.models import CheckStatus, Registration

Status = Registration.Status
pytestmark = pytest.mark.django_db


def test_credit_checker_home_counts_the_queue_by_sub_delegation(client, world, cast, submitted):
    submitted.s1_firms.status = Status.LEAD_APPROVED
    submitted.s1_firms.save()
    submitted.s2.credit_check = CheckStatus.PASSED  # already checked: not waiting
    submitted.s2.save()
    client.force_login(cast.credit_checker)
    html = client.get("/").content.decode()
    assert "作为信用审查人员的任务" in html
    assert "有2份报名等待您审查" in html
    start = html.index(f'href="/review/?sub_delegation={world.s1.pk}"')
    row = html[start : html.index("</tr>", start)]
    # 卫生分团: one with the lead, one with the office.
    assert [c.split(">", 1)[1].split("<")[0] for c in row.split('<td class="num')[1:]] == [
        "1",
        "1",
        "2",
    ]
    assert f"?sub_delegation={world.s2.pk}" not in html
    assert world.sb.name not in html  # another delegation's


def test_checker_queue_filters_by_the_sub_delegations_they_check(client, world, cast, submitted):
    client.force_login(cast.credit_checker)
    html = client.get(f"/review/?sub_delegation={world.s1.pk}").content.decode()
    assert f'<option value="{world.s1.pk}" selected>' in html
    assert submitted.s1.purchaser.name in html
    assert submitted.s2.purchaser.name not in html
