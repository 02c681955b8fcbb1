"""Start an edition from the last one: the structure is copied, the registrations are not."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from delegations.models import Delegation, SetupEvent, SubDelegation
from delegations.setup import services as setup
from purchasers.models import Registration
from tests import factories as f


@pytest.fixture
def sixth(db):
    return f.EditionFactory(number=6, year=2023)


def test_copy_forward_copies_the_structure_with_lineage_and_no_registrations(
    world, cast, registrations, sixth
):
    world.units.health.liaison_name = "卫联络"
    world.units.health.save()
    copy = setup.delegation_copy_forward(by=cast.organiser, source=world.a, edition=sixth)

    assert (copy.edition, copy.region, copy.office_unit) == (
        sixth,
        world.a.region,
        world.a.office_unit,
    )
    assert not copy.registration_open  # a draft until the office opens it
    subs = {s.name: s for s in copy.sub_delegations.all()}
    assert set(subs) == {"卫生分团", "商贸分团"}
    assert subs["卫生分团"].continues == world.s1 and subs["商贸分团"].continues == world.s2
    agencies = [(a.target, a.focus, [u.name for u in a.units.all()])
                for a in subs["卫生分团"].lead_agencies.order_by("sort_order", "pk")]  # fmt: skip
    assert agencies == [(10, "医院", ["卫生健康委"]), (20, "企业", ["药品监管局"])]
    assert set(copy.member_units.all()) == set(world.a.member_units.all())
    assert copy.member_units.get(name="卫生健康委").liaison_name == "卫联络"
    assert not Registration.objects.filter(edition=sixth).exists()
    assert SetupEvent.objects.get(kind="copied_forward").delegation == copy


def test_copy_forward_fills_the_delegation_the_bureau_created(world, cast, sixth):
    created = setup.delegation_create(
        by=cast.national_admin,
        edition=sixth,
        region=world.a.region,
        name="交易团A",
        office_unit_name=world.a.office_unit.name,
    )
    copy = setup.delegation_copy_forward(by=cast.organiser, source=world.a, edition=sixth)
    assert copy.pk == created.pk and copy.sub_delegations.count() == 2
    with pytest.raises(ValidationError):  # not twice
        setup.delegation_copy_forward(by=cast.organiser, source=world.a, edition=sixth)


def test_copy_forward_only_into_a_later_edition(world, cast):
    with pytest.raises(ValidationError):
        setup.delegation_copy_forward(by=cast.organiser, source=world.a, edition=world.edition)


def test_lineage_is_editable_among_the_previous_editions_sub_delegations(
    client, world, cast, sixth
):
    copy = setup.delegation_copy_forward(by=cast.organiser, source=world.a, edition=sixth)
    trade = copy.sub_delegations.get(name="商贸分团")
    client.force_login(cast.organiser)
    url = reverse("setup:sub-edit", args=[copy.pk, trade.pk])
    data = {"name": "商贸流通分团", "kind": "sector", "sort_order": 2}
    # Another delegation's sub-delegation cannot be chosen.
    assert client.post(url, {**data, "continues": world.sb.pk}).status_code == 400
    assert client.post(url, {**data, "continues": world.s1.pk}).status_code == 302
    trade.refresh_from_db()
    assert trade.continues == world.s1 and trade.name == "商贸流通分团"


def test_the_page_copies_for_the_office_and_is_404_for_another(client, world, cast, sixth):
    client.force_login(cast.b_organiser)
    response = client.post(reverse("setup:index"), {"source": world.a.pk, "edition": sixth.pk})
    assert response.status_code == 200  # A is not among B's choices: nothing copied
    assert not Delegation.objects.filter(edition=sixth).exists()
    client.force_login(cast.organiser)
    response = client.post(reverse("setup:index"), {"source": world.a.pk, "edition": sixth.pk})
    copy = Delegation.objects.get(edition=sixth)
    assert response.status_code == 302 and response["Location"] == reverse(
        "setup:detail", args=[copy.pk]
    )
    client.force_login(cast.b_organiser)
    assert client.get(reverse("setup:detail", args=[copy.pk])).status_code == 404
    assert SubDelegation.objects.filter(delegation=copy).count() == 2


def test_the_command_copies_like_the_page_for_the_office_only(world, cast, sixth):

    with pytest.raises(CommandError):
        call_command("copy_forward", world.a.pk, 6, user=cast.b_organiser.username)
    out = StringIO()
    call_command("copy_forward", world.a.pk, 6, user=cast.organiser.username, stdout=out)
    assert "2 sub-delegations" in out.getvalue()
    assert Delegation.objects.get(edition=sixth).sub_delegations.count() == 2
