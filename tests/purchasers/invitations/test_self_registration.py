"""Firms register themselves through an invitation's link: the staff form's rules, the
lead's review queue, and nothing more reachable than the one registration."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from delegations.models import Deadline
from purchasers.invitations.models import FirmAccess, Invitation
from purchasers.models import Registration
from purchasers.permissions import registrations_reviewable_by
from purchasers.registration.obligations import awaiting_review
from purchasers.registration.selectors import lead_agency_progress
from purchasers.review.services import registration_lead_approve, registration_return
from tests import factories as f
from tests.local_servers import free_port

from ..helpers import firm, person
from .conftest import code_in, firm_post, issue, register_through

Status = Registration.Status
pytestmark = pytest.mark.django_db


def test_a_firm_registers_itself_and_lands_in_the_leads_queue(
    world, cast, invitation, smtp, django_capture_on_commit_callbacks
):
    client = Client()
    assert client.get(f"/i/{invitation.token}/").status_code == 200
    bad = firm_post(firm(950, credit_code="91630100MA7XXXXXX1", contact_email="wang@firm.example"))
    response = client.post(f"/i/{invitation.token}/", bad)
    assert response.status_code == 400
    assert (
        "统一社会信用代码" in response.content.decode()
        or "credit code" in response.content.decode()
    )
    assert not smtp.messages, "no code is sent for a form with errors"

    with django_capture_on_commit_callbacks(execute=True):
        location = register_through(client, invitation, smtp)
    assert location.startswith("/i/status/")
    page = client.get(location).content.decode()
    assert "已提交" in page

    registration = Registration.objects.get(invitation=invitation)
    assert registration.status == Status.SUBMITTED
    assert registration.lead_agency == world.s1_hospitals
    assert registration.unit == cast.lead.unit
    assert registrations_reviewable_by(cast.lead).filter(pk=registration.pk).exists()
    # The history says the firm's confirmed contact did it.
    events = list(registration.events.order_by("pk"))
    assert [e.kind for e in events] == ["created", "self_registered", "submitted"]
    assert {e.actor for e in events} == {registration.registered_by}
    assert "wang@firm.example" in events[0].actor.display_full_name
    assert not events[0].actor.has_usable_password() and not events[0].actor.is_active
    # The status link came by email too, to the confirmed address.
    assert any(location in m.text for m in smtp.to("wang@firm.example"))


def test_the_code_must_match_before_anything_is_registered(invitation, smtp):
    client = Client()
    client.post(f"/i/{invitation.token}/", firm_post())
    wrong = "000000" if code_in(smtp, "wang@firm.example") != "000000" else "111111"
    response = client.post(f"/i/{invitation.token}/confirm/", {"code": wrong})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_expired_revoked_and_guessed_links_answer_404(world, cast, smtp):
    expired = issue(cast.lead, world.s1_hospitals)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    revoked = issue(cast.lead, world.s1_hospitals)
    revoked.revoked_at = timezone.now()
    revoked.save()
    client = Client()
    for token in (expired.token, revoked.token, "x" * 43):
        assert client.get(f"/i/{token}/").status_code == 404
        assert client.post(f"/i/{token}/", firm_post()).status_code == 404
    assert client.get("/i/status/" + "y" * 43 + "/").status_code == 404
    # Their short codes lead nowhere either.
    response = client.post("/i/", {"code": revoked.code})
    assert response.status_code == 200
    assert "没有与此邀请码对应的有效邀请" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_short_code_leads_to_the_link(invitation):
    code = invitation.code.lower()
    response = Client().post("/i/", {"code": f"{code[:4]}-{code[4:]}"})
    assert response.status_code == 302
    assert response["Location"] == f"/i/{invitation.token}/"


def test_a_capped_link_takes_no_more_firms(world, cast, smtp):
    capped = issue(cast.lead, world.s1_hospitals, max_firms=1)
    register_through(Client(), capped, smtp)
    second = Client()
    assert second.get(f"/i/{capped.token}/").status_code == 410
    data = firm_post(firm(951, contact_email="li@firm.example"), [person(951)])
    assert second.post(f"/i/{capped.token}/", data).status_code == 410
    assert Registration.objects.filter(invitation=capped).count() == 1


def test_a_link_restricted_to_credit_codes_refuses_other_firms(world, cast, smtp):
    listed = firm(960, contact_email="a@firm.example")
    restricted = issue(cast.lead, world.s1_hospitals, credit_codes=[listed["credit_code"]])
    client = Client()
    other = firm_post(firm(961, contact_email="b@firm.example"), [person(961)])
    response = client.post(f"/i/{restricted.token}/", other)
    assert response.status_code == 400
    assert "此邀请仅限指定企业" in response.content.decode()
    assert not smtp.messages
    register_through(client, restricted, smtp, firm_post(listed, [person(960)]))
    assert Registration.objects.get(invitation=restricted).credit_code == listed["credit_code"]


def test_the_duplicate_message_says_nothing_of_who_holds_the_firm_or_the_person(
    world, cast, invitation, smtp
):
    held = f.RegistrationFactory(lead_agency=world.sb_agency, unit=world.units.b_lead)
    someone = f.AttendeeFactory(registration=held)
    world.b.registration_contact_name = "赵联系"
    world.b.registration_contact_phone = "021-12345678"
    world.b.save()
    data = firm_post(
        firm(970, credit_code=held.credit_code, contact_email="c@firm.example"),
        [person(970, id_number=someone.id_number)],
    )
    page = Client().post(f"/i/{invitation.token}/", data).content.decode()
    assert "本届已登记，请联系邀请单位" in page
    assert "此人本届已登记，请联系邀请单位" in page
    for secret in (
        world.b.display_name,
        world.sb.display_name,
        held.name,
        "赵联系",
        "021-12345678",
        world.b.office_unit.display_name,
    ):
        assert secret not in page
    assert not smtp.messages


def test_rate_limits_per_address_and_per_link(invitation, smtp, settings):
    settings.INVITATION_LIMITS = {"email_codes": (2, 3600), "link_posts": (4, 3600)}
    client = Client()
    for _ in range(2):
        assert client.post(f"/i/{invitation.token}/", firm_post()).status_code == 302
    response = client.post(f"/i/{invitation.token}/", firm_post())
    assert response.status_code == 429
    assert len(smtp.to("wang@firm.example")) == 2
    other = firm_post(firm(980, contact_email="d@firm.example"), [person(980)])
    assert client.post(f"/i/{invitation.token}/", other).status_code == 302
    assert Client().post(f"/i/{invitation.token}/", other).status_code == 429  # the link's


def test_wrong_codes_and_short_code_guesses_are_limited(invitation, smtp, settings):
    settings.INVITATION_LIMITS = {"code_attempts": (3, 3600), "client_lookups": (3, 3600)}
    client = Client()
    client.post(f"/i/{invitation.token}/", firm_post())
    right = code_in(smtp, "wang@firm.example")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        assert client.post(f"/i/{invitation.token}/confirm/", {"code": wrong}).status_code == 400
    assert client.post(f"/i/{invitation.token}/confirm/", {"code": right}).status_code == 429
    assert not Registration.objects.exists()
    guesser = Client()
    for _ in range(3):
        guesser.post("/i/", {"code": "ABCDEFGH"})
    assert guesser.post("/i/", {"code": invitation.code}).status_code == 429


def test_a_status_link_opens_its_own_registration_only(world, cast, invitation, smtp):
    first = register_through(Client(), invitation, smtp)
    second = register_through(
        Client(),
        invitation,
        smtp,
        firm_post(firm(990, name="第二家公司", contact_email="e@firm.example"), [person(990)]),
    )
    mine = Registration.objects.get(purchaser__credit_code=firm(950)["credit_code"])
    theirs = Registration.objects.get(name="第二家公司")
    page = Client().get(first).content.decode()
    assert mine.name in page and theirs.name not in page
    assert "e@firm.example" not in page and theirs.attendees.get().name not in page
    # A return of the second registration opens a form only on its own link.
    registration_return(registration=theirs, by=cast.lead, reason="请补充职务")
    assert "请补充职务" not in Client().get(first).content.decode()
    response = Client().post(first, firm_post())
    assert response.status_code == 200  # nothing to answer on this one
    theirs.refresh_from_db()
    assert theirs.status == Status.RETURNED
    assert "请补充职务" in Client().get(second).content.decode()
    # The tokens are kept hashed only.
    assert first.split("/")[3] not in {a.token_hash for a in FirmAccess.objects.all()}


def test_the_firm_corrects_a_return_through_its_status_link(
    world, cast, invitation, smtp, django_capture_on_commit_callbacks
):
    link = register_through(Client(), invitation, smtp)
    registration = Registration.objects.get(invitation=invitation)
    with django_capture_on_commit_callbacks(execute=True):
        registration_return(registration=registration, by=cast.lead, reason="请填写地址全称")
    # The notice email to the firm points it to its status link, not to a staff page.
    notice_mail = smtp.to("wang@firm.example")[-1]
    assert "请填写地址全称" in notice_mail.text and "/review/" not in notice_mail.text
    page = Client().get(link).content.decode()
    assert "请填写地址全称" in page
    corrected = firm_post(
        firm(950, address="西宁市城西区五四大街1号", contact_email="wang@firm.example")
    )
    corrected["attendees-0-id"] = str(registration.attendees.get().pk)
    corrected["attendees-INITIAL_FORMS"] = "1"
    changed_code = dict(corrected, **{"p-credit_code": f.valid_credit_code(999)})
    assert Client().post(link, changed_code).status_code == 400
    assert Client().post(link, corrected).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.address == "西宁市城西区五四大街1号"
    assert registration.attendees.count() == 1
    assert registration.events.order_by("-pk").first().kind == "resubmitted"
    registration_lead_approve(registration=registration, by=cast.lead)
    registration.refresh_from_db()
    assert registration.get_status_display() in Client().get(link).content.decode()


def test_self_registered_firms_count_towards_the_target_like_the_others(
    world, cast, invitation, smtp
):
    before = lead_agency_progress(world.s1.lead_agencies.filter(pk=world.s1_hospitals.pk))[0]
    f.RegistrationFactory(
        lead_agency=world.s1_hospitals, unit=world.units.tourism, status=Status.SUBMITTED
    )
    register_through(Client(), invitation, smtp)
    after = lead_agency_progress(world.s1.lead_agencies.filter(pk=world.s1_hospitals.pk))[0]
    assert after.counted == before.counted + 2

    deadline = Deadline(kind=Deadline.Kind.REVIEW)
    assert awaiting_review(agency=world.s1_hospitals, deadline=deadline)[0].params["count"] == 2


def test_a_mail_server_away_says_so_and_keeps_nothing(invitation, smtp, settings):

    settings.EMAIL_PORT = free_port()  # nobody listens there
    client = Client()
    response = client.post(f"/i/{invitation.token}/", firm_post())
    assert response.status_code == 400
    assert "暂时无法发送验证码邮件" in response.content.decode()
    assert client.get(f"/i/{invitation.token}/confirm/")["Location"] == f"/i/{invitation.token}/"


def test_without_javascript_the_form_offers_more_attendee_rows(invitation, smtp):
    data = dict(firm_post(), action="more")
    response = Client().post(f"/i/{invitation.token}/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="attendees-TOTAL_FORMS" value="3"' in page
    assert 'name="attendees-2-name"' in page
    assert "王经理" in page  # what was typed stays
    assert not smtp.messages and not Registration.objects.exists()


def test_the_firm_gives_its_ownership_on_its_own_form(world, invitation, smtp):
    client = Client()
    form = client.get(f"/i/{invitation.token}/").content.decode()
    assert 'name="p-ownership"' in form and "外商投资" in form
    data = firm_post(firm(951, contact_email="li@firm.example", ownership="foreign_invested"))
    register_through(client, invitation, smtp, data)
    registration = Registration.objects.get(invitation=invitation)
    assert registration.ownership.code == "foreign_invested"
