"""A lead decides with the firm in view: the review page shows the whole registration
(firm, type, contacts, attendees with titles and masked ID numbers, checks, history) and
links to it; approve, return and reject are separate, rejection behind a page of its own;
after a decision the next registration waiting under the queue's filter opens; the queue
has tabs (waiting, decided by me, all) and approves everything its filter shows."""

import pytest
from django.urls import reverse

from purchasers.models import Registration, RegistrationEvent
from purchasers.review import services as review
from tests import factories as f

Status = Registration.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _submitted(world, cast, name, **firm):
    registration = f.RegistrationFactory(
        lead_agency=world.s1_hospitals,
        unit=world.units.tourism,
        registered_by=cast.registrant,
        status=Status.SUBMITTED,
        purchaser=f.PurchaserFactory(name=name, **firm),
    )
    f.AttendeeFactory(registration=registration, name=f"{name}院长", title="副院长")
    return registration


@pytest.fixture
def hospital(world, cast):
    return _submitted(
        world,
        cast,
        "西宁第一医院",
        kind="hospital",
        industry="医疗卫生",
        region=f.region("630000"),
        contact_name="马主任",
        contact_phone="13997260001",
        contact_email="ma@example.org",
    )


def test_the_lead_sees_the_whole_registration_with_masked_personal_data(client, cast, hospital):
    client.force_login(cast.lead)
    html = client.get(reverse("review:detail", args=[hospital.pk])).content.decode()
    person = hospital.attendees.get()
    assert "hospital or medical institution" in html and "医疗卫生" in html
    assert "Qinghai" in html or "青海" in html
    assert "马主任" in html and "ma@example.org" in html
    assert "139****0001" in html and "13997260001" not in html
    assert "副院长" in html and "西宁第一医院院长" in html
    assert person.id_number not in html and person.id_number[-4:] in html
    assert f'href="/registrations/{hospital.pk}/"' in html
    assert 'id="checks"' in html and 'id="history"' in html


def test_each_checker_sees_what_their_check_needs(client, cast, hospital):
    person = hospital.attendees.get()
    client.force_login(cast.credit_checker)
    html = client.get(reverse("review:detail", args=[hospital.pk])).content.decode()
    assert "hospital or medical institution" in html
    assert "西宁第一医院院长" not in html and "13997260001" not in html
    client.force_login(cast.background_checker)
    html = client.get(reverse("review:detail", args=[hospital.pk])).content.decode()
    assert person.id_number in html  # public security checks the people by their IDs
    client.force_login(cast.organiser)
    html = client.get(reverse("review:detail", args=[hospital.pk])).content.decode()
    assert "13997260001" in html  # the office reports the people up: everything


def test_approve_return_and_reject_are_separate_and_reject_asks_on_its_own_page(
    client, cast, hospital
):
    client.force_login(cast.lead)
    html = client.get(reverse("review:detail", args=[hospital.pk])).content.decode()
    assert 'id="approve-form"' in html and 'id="return-form"' in html
    assert f'href="/review/{hospital.pk}/reject/"' in html
    approve_form = html[html.index('id="approve-form"') : html.index('id="return-form"')]
    assert 'name="reason"' not in approve_form

    confirm = client.get(reverse("review:reject", args=[hospital.pk]))
    assert confirm.status_code == 200
    assert "A rejection is final" in confirm.content.decode()
    assert Registration.objects.get(pk=hospital.pk).status == Status.SUBMITTED

    refused = client.post(reverse("review:reject", args=[hospital.pk]), {"reason": " "})
    assert refused.status_code == 400
    assert "Give a reason" in refused.content.decode()
    assert Registration.objects.get(pk=hospital.pk).status == Status.SUBMITTED

    client.post(reverse("review:reject", args=[hospital.pk]), {"reason": "不属于采购主体"})
    assert Registration.objects.get(pk=hospital.pk).status == Status.REJECTED


def test_after_a_decision_the_next_waiting_item_of_the_filtered_queue_opens(client, cast, world):
    first, second, third = (_submitted(world, cast, n) for n in ("甲医院", "乙医院", "丙医院"))
    other = _submitted(world, cast, "丁诊所")
    client.force_login(cast.lead)
    response = client.post(
        reverse("review:approve", args=[first.pk]), {"q": "医院", "sub_delegation": ""}
    )
    assert response.url == f"/review/{second.pk}/?q=%E5%8C%BB%E9%99%A2"
    response = client.post(
        reverse("review:return", args=[second.pk]), {"q": "医院", "reason": "请补全联系人"}
    )
    assert response.url.startswith(f"/review/{third.pk}/")
    page = client.get(response.url).content.decode()
    assert "Returned to the registrant for correction: 乙医院." in page
    # The last one under the filter: back to the queue as filtered, the clinic not opened.
    response = client.post(reverse("review:approve", args=[third.pk]), {"q": "医院"})
    assert response.url == "/review/?q=%E5%8C%BB%E9%99%A2"
    assert Registration.objects.get(pk=other.pk).status == Status.SUBMITTED


def test_a_return_without_reason_stays_on_the_registration(client, cast, world):
    first, _second = (_submitted(world, cast, n) for n in ("甲医院", "乙医院"))
    client.force_login(cast.lead)
    response = client.post(reverse("review:return", args=[first.pk]), {"reason": ""})
    assert response.url.startswith(f"/review/{first.pk}/")
    assert Registration.objects.get(pk=first.pk).status == Status.SUBMITTED


def test_queue_tabs_waiting_decided_by_me_and_all(client, cast, world):
    waiting, mine, co_leads = (_submitted(world, cast, n) for n in ("甲医院", "乙医院", "丙医院"))
    review.registration_lead_approve(registration=mine, by=cast.lead)
    # Decided by someone else (the office sent it back and the lead approved it): not "mine".
    Registration.objects.filter(pk=co_leads.pk).update(status=Status.LEAD_APPROVED)
    client.force_login(cast.lead)

    def names(tab):
        html = client.get(f"/review/?tab={tab}").content.decode()
        return {r.name for r in (waiting, mine, co_leads) if f">{r.name}</a>" in html}

    assert names("pending") == {"甲医院"}
    assert names("mine") == {"乙医院"}
    assert names("all") == {"甲医院", "乙医院", "丙医院"}
    html = client.get("/review/?tab=mine").content.decode()
    assert 'id="bulk-approve"' not in html  # bulk approval belongs to what is waiting
    assert 'aria-current="page">Decided by me (1)' in html


def test_approve_all_the_filter_shows_and_come_back_to_the_filtered_queue(client, cast, world):
    hospitals = [_submitted(world, cast, n) for n in ("甲医院", "乙医院")]
    clinic = _submitted(world, cast, "丁诊所")
    client.force_login(cast.lead)
    html = client.get("/review/?q=医院").content.decode()
    assert 'id="select-all"' in html and "Approve all shown (2)" in html
    data = {"mode": "filter", "q": "医院", "sub_delegation": ""}
    confirm = client.post(reverse("review:bulk-approve"), data).content.decode()
    assert "Approve 2 registrations?" in confirm
    response = client.post(
        reverse("review:bulk-approve"), {**data, "confirm": "yes", "expected": "2"}
    )
    assert response.url == "/review/?q=%E5%8C%BB%E9%99%A2"
    assert {r.status for r in Registration.objects.filter(pk__in=[h.pk for h in hospitals])} == {
        Status.LEAD_APPROVED
    }
    assert Registration.objects.get(pk=clinic.pk).status == Status.SUBMITTED
    assert RegistrationEvent.objects.filter(kind="lead_approved", actor=cast.lead).count() == 2
