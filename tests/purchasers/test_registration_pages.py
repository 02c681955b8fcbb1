import pytest
from django.urls import reverse

from purchasers.models import Registration
from purchasers.registration.services import registration_save_draft, registration_submit
from tests import factories as f

from .helpers import firm, page_post, person

Status = Registration.Status
CREATE = reverse("registrations:create")


def edit_url(registration):
    return reverse("registrations:edit", args=[registration.pk])


def detail_url(registration):
    return reverse("registrations:detail", args=[registration.pk])


def test_registrant_saves_a_draft_with_two_attendees(client, world, cast):
    client.force_login(cast.registrant)
    response = client.post(
        CREATE,
        page_post(
            lead_agency=world.s2_agency, purchaser=firm(), attendees=[person(1), person(2)], extra=2
        ),
    )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response.url == edit_url(registration)
    assert registration.status == Status.DRAFT
    assert registration.sub_delegation == world.s2
    assert sorted(a.name for a in registration.attendees.all()) == ["参会人1", "参会人2"]
    page = client.get(edit_url(registration)).content.decode()
    assert f'value="{person(2)["id_number"]}"' in page


def test_checksum_errors_show_next_to_the_field_and_keep_what_was_typed(
    english, client, world, cast
):
    client.force_login(cast.registrant)
    bad_code = firm()["credit_code"][:-1] + ("0" if firm()["credit_code"][-1] != "0" else "1")
    bad_id = person(2)["id_number"][:-1] + ("0" if person(2)["id_number"][-1] != "0" else "1")
    response = client.post(
        CREATE,
        page_post(
            lead_agency=world.s2_agency,
            purchaser=firm(credit_code=bad_code, address="西宁市城中区某路1号"),
            attendees=[person(1), person(2, id_number=bad_id, title="总经理")],
        ),
    )
    assert response.status_code == 400
    assert Registration.objects.count() == 0
    page = response.content.decode()
    assert page.count('class="field has-error"') == 2
    assert "西宁市城中区某路1号" in page and f'value="{bad_id}"' in page and "总经理" in page
    assert f'value="{bad_code}"' in page


def test_errors_are_in_english_when_english_is_chosen(client, world, cast):
    client.force_login(cast.registrant)
    client.cookies["django_language"] = "en"
    response = client.post(
        CREATE,
        page_post(lead_agency=world.s2_agency, purchaser=firm(credit_code="123"), attendees=[]),
    )
    assert (
        "A unified social credit code has 18 characters; this one has 3."
        in response.content.decode()
    )


def test_submit_from_the_page_needs_complete_data_then_goes_to_review(client, world, cast):
    client.force_login(cast.registrant)
    response = client.post(
        CREATE,
        page_post(
            lead_agency=world.s2_agency,
            purchaser=firm(contact_name=""),
            attendees=[],
            action="submit",
        ),
    )
    assert response.status_code == 400 and Registration.objects.count() == 0
    response = client.post(
        CREATE,
        page_post(
            lead_agency=world.s2_agency, purchaser=firm(), attendees=[person(1)], action="submit"
        ),
    )
    registration = Registration.objects.get()
    assert response.url == detail_url(registration)
    assert registration.status == Status.SUBMITTED
    page = client.get(detail_url(registration)).content.decode()
    assert 'id="review"' in page and 'id="history"' in page


def test_submitted_registration_is_read_only_for_its_registrant(client, world, cast):
    registration = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s2,
        purchaser=firm(),
        attendees=[person(1)],
    )
    registration_submit(registration=registration, by=cast.registrant)
    client.force_login(cast.registrant)
    assert client.get(edit_url(registration)).url == detail_url(registration)
    response = client.post(
        edit_url(registration),
        page_post(lead_agency=world.s2_agency, purchaser=firm(name="改名"), attendees=[person(1)]),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.purchaser.name != "改名"
    assert "registration-edit" not in client.get(detail_url(registration)).content.decode()
    assert edit_url(registration) not in client.get(detail_url(registration)).content.decode()


def test_returned_registration_can_be_edited_and_resubmitted_on_the_page(client, world, cast):
    registration = registration_save_draft(
        by=cast.registrant, sub_delegation=world.s2, purchaser=firm(), attendees=[person(1)]
    )
    Registration.objects.filter(pk=registration.pk).update(status=Status.RETURNED)
    client.force_login(cast.registrant)
    attendee = registration.attendees.get()
    data = page_post(
        lead_agency=world.s2_agency,
        purchaser=firm(address="海东市"),
        attendees=[{"id": attendee.pk, **person(1)}],
        action="submit",
    )
    data["attendees-INITIAL_FORMS"] = "1"
    response = client.post(edit_url(registration), data)
    assert response.url == detail_url(registration)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.purchaser.address == "海东市"
    assert registration.attendees.get().pk == attendee.pk


def test_removing_an_attendee_row_removes_the_attendee_and_history_says_so(
    english, client, world, cast
):
    registration = registration_save_draft(
        by=cast.registrant,
        sub_delegation=world.s2,
        purchaser=firm(),
        attendees=[person(1), person(2)],
    )
    one, two = registration.attendees.order_by("pk")
    client.force_login(cast.registrant)
    data = page_post(
        lead_agency=world.s2_agency,
        purchaser=firm(),
        attendees=[{"id": one.pk, **person(1)}, {"id": two.pk, **person(2), "DELETE": True}],
    )
    data["attendees-INITIAL_FORMS"] = "2"
    client.post(edit_url(registration), data)
    assert [a.name for a in registration.attendees.all()] == ["参会人1"]
    page = client.get(detail_url(registration)).content.decode()
    assert "Attendee removed: 参会人2" in page


def test_duplicate_firm_on_the_page_says_where_without_details(client, world, cast):
    f.RegistrationFactory(
        purchaser=f.PurchaserFactory(credit_code=firm()["credit_code"], name="别处公司"),
        lead_agency=world.sb_agency,
    )
    client.force_login(cast.registrant)
    response = client.post(
        CREATE,
        page_post(lead_agency=world.s2_agency, purchaser=firm(name="我填的名字"), attendees=[]),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "交易团B" in page and "国资分团" in page
    assert "别处公司" not in page
    assert "我填的名字" in page


def test_same_attendee_twice_on_the_page_is_caught_on_the_second_row(english, client, world, cast):
    client.force_login(cast.registrant)
    response = client.post(
        CREATE,
        page_post(lead_agency=world.s2_agency, purchaser=firm(), attendees=[person(1), person(1)]),
    )
    assert response.status_code == 400
    assert "This ID number is already on this registration (row 1)." in response.content.decode()
    assert Registration.objects.count() == 0


def test_page_offers_only_own_sub_delegations_grouped_with_lead_agencies(client, world, cast):
    client.force_login(cast.registrant)
    page = client.get(CREATE).content.decode()
    assert "卫生分团" in page and "商贸分团" in page and "国资分团" not in page
    assert f'value="{world.s1_hospitals.pk}"' in page and f'value="{world.s1_firms.pk}"' in page
    assert 'id="attendee-template"' in page and "attendees-2-name" not in page
    assert "attendees-1-name" in page  # two empty rows work without JavaScript


def test_list_filters_searches_and_counts(client, world, cast, registrations):
    registrations.s1.status = Status.SUBMITTED
    registrations.s1.save()
    client.force_login(cast.registrant)
    url = reverse("registrations:list")
    page = client.get(url).content.decode()
    assert registrations.s1.purchaser.name in page and registrations.s1_firms.purchaser.name in page
    assert registrations.s2.purchaser.name not in page
    assert detail_url(registrations.s1) in page
    page = client.get(url, {"status": "submitted"}).content.decode()
    assert registrations.s1.purchaser.name in page
    assert registrations.s1_firms.purchaser.name not in page
    page = client.get(url, {"q": registrations.s1_firms.purchaser.credit_code}).content.decode()
    assert (
        registrations.s1_firms.purchaser.name in page
        and registrations.s1.purchaser.name not in page
    )
    response = client.get(url, {"sub_delegation": world.s1.pk})
    assert response.context["counts"]["submitted"] == 1
    assert response.context["counts"]["draft"] == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("organiser", 200),
        ("lead", 200),
        ("other_lead", 404),
        ("registrant", 200),
        ("other_registrant", 404),
        ("b_organiser", 404),
        ("viewer", 200),
        ("nobody", 404),
    ],
)
def test_registration_page_is_seen_only_in_scope(client, cast, registrations, role, expected):
    client.force_login(getattr(cast, role))
    assert client.get(detail_url(registrations.s1)).status_code == expected


@pytest.mark.parametrize(
    "role",
    ["organiser", "lead", "other_lead", "other_registrant", "b_organiser", "viewer", "nobody"],
)
def test_only_the_registering_unit_may_edit_or_submit(client, cast, registrations, role):
    client.force_login(getattr(cast, role))
    assert client.get(edit_url(registrations.s1)).status_code == 404
    assert client.post(edit_url(registrations.s1), {}).status_code == 404
    submit = reverse("registrations:submit", args=[registrations.s1.pk])
    assert client.post(submit).status_code == 404
    registrations.s1.refresh_from_db()
    assert registrations.s1.status == Status.DRAFT


def test_registering_unit_may_edit_and_submit(client, cast, registrations):
    client.force_login(cast.registrant)
    assert client.get(edit_url(registrations.s1)).status_code == 200
    submit = reverse("registrations:submit", args=[registrations.s1.pk])
    assert client.get(submit).status_code == 405
    assert client.post(submit).status_code == 302


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("organiser", 200),
        ("lead", 200),
        ("other_lead", 200),
        ("registrant", 200),
        ("other_registrant", 200),
        ("b_organiser", 200),
        ("viewer", 403),
        ("nobody", 403),
    ],
)
def test_who_may_open_a_new_registration(client, cast, role, expected):
    client.force_login(getattr(cast, role))
    assert client.get(CREATE).status_code == expected
    assert client.get(reverse("registrations:list")).status_code == 200


def test_list_shows_nothing_to_a_user_without_role(client, cast, registrations):
    client.force_login(cast.nobody)
    response = client.get(reverse("registrations:list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 0


@pytest.mark.parametrize(
    "name", ["registrations:list", "registrations:create", "registrations:carry-over"]
)
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_draft_may_leave_contact_phone_empty_but_not_wrong(client, world, cast):
    client.force_login(cast.registrant)
    data = page_post(
        lead_agency=world.s2_agency, purchaser=firm(contact_phone="", kind=""), attendees=[]
    )
    assert client.post(CREATE, data).status_code == 302
    data = page_post(
        lead_agency=world.s2_agency, purchaser=firm(1, contact_phone="123"), attendees=[]
    )
    assert client.post(CREATE, data).status_code == 400


def test_history_lists_changes_in_page_order_with_labels(english, client, world, cast):
    registration = registration_save_draft(
        by=cast.registrant, sub_delegation=world.s2, purchaser=firm(), attendees=[]
    )
    client.force_login(cast.registrant)
    page = client.get(detail_url(registration)).content.decode()
    assert page.index("Unified social credit code: — →") < page.index("Name: — →")
    assert "Purchaser type: — → import trader" in page


def test_page_and_its_errors_are_in_chinese_by_default(client, world, cast):
    client.force_login(cast.registrant)
    assert "保存草稿" in client.get(CREATE).content.decode()
    response = client.post(
        CREATE,
        page_post(lead_agency=world.s2_agency, purchaser=firm(), attendees=[person(1), person(1)]),
    )
    page = response.content.decode()
    assert "该证件号码已在本次报名中填写（第1行）。" in page
    assert "请更正下面标出的错误" in page


def test_list_and_form_follow_the_latest_edition_the_user_works_in(
    client, world, cast, registrations
):
    later = f.EditionFactory(number=6, year=2023)
    f.DelegationFactory(edition=later, name="交易团B", region=f.region("310000"))
    client.force_login(cast.registrant)
    response = client.get(reverse("registrations:list"))
    assert response.context["edition"] == world.edition  # edition 6 has no delegation A
    assert registrations.s1.purchaser.name in response.content.decode()
    client.force_login(cast.viewer)
    response = client.get(reverse("registrations:list"))
    assert response.context["edition"] == later
    response = client.get(reverse("registrations:list"), {"edition": "5"})
    assert registrations.s1.purchaser.name in response.content.decode()
