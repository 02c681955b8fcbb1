"""One audit trail (issue 15, item 2): deadlines, reminder rules and the set-up leave a
history entry of their kind, the pages show the kind's label in the reader's language (never
the code), and the migration keeps every entry recorded before it, labelled."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from deals.models import DealEvent, ExhibitorEvent
from delegations.accounts.services import account_invite
from delegations.audit.models import EventKind
from delegations.audit.presenters import history_rows
from delegations.deadlines.services import deadline_delete, deadline_set, reminder_rule_set
from delegations.models import Deadline, SetupEvent
from delegations.setup.services import delegation_copy_forward, sub_delegation_save
from purchasers.models import BadgeEvent, RegistrationEvent
from tests import factories as f

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
Kind = Deadline.Kind


def test_every_kind_has_a_chinese_label_and_an_english_one():
    with translation.override("zh-hans"):
        chinese = {kind: str(kind.label) for kind in EventKind}
    with translation.override("en"):
        english = {kind: str(kind.label) for kind in EventKind}
    untranslated = [kind for kind in EventKind if chinese[kind] == english[kind]]
    assert not untranslated
    assert len(set(english.values())) == len(EventKind)  # no two kinds read the same


def test_office_sets_moves_and_removes_a_date_and_the_history_says_who_and_from_what(world, cast):
    deadline = deadline_set(
        edition=world.edition,
        kind=Kind.REVIEW,
        lead_agency=world.s2_agency,
        due_on=datetime.date(2022, 10, 15),
        by=cast.organiser,
    )
    deadline_set(
        edition=world.edition,
        kind=Kind.REVIEW,
        lead_agency=world.s2_agency,
        due_on=datetime.date(2022, 10, 12),
        by=cast.organiser,
    )
    deadline_delete(deadline=Deadline.objects.get(pk=deadline.pk), by=cast.organiser)

    events = list(SetupEvent.objects.filter(delegation=world.a).order_by("pk"))
    assert [(e.kind, e.actor, e.changes.get("due_on")) for e in events] == [
        (EventKind.DEADLINE_SET, cast.organiser, [None, "2022-10-15"]),
        (EventKind.DEADLINE_CHANGED, cast.organiser, ["2022-10-15", "2022-10-12"]),
        (EventKind.DEADLINE_REMOVED, cast.organiser, ["2022-10-12", None]),
    ]


def test_saving_the_same_date_again_records_nothing(world, cast):
    for _ in range(2):
        deadline_set(
            edition=world.edition,
            kind=Kind.REVIEW,
            delegation=world.a,
            due_on=datetime.date(2022, 10, 15),
            by=cast.organiser,
        )
    assert SetupEvent.objects.filter(delegation=world.a).count() == 1


def test_reminder_rule_changes_are_recorded_before_and_after(world, cast):
    reminder_rule_set(
        delegation=world.a, kind=Kind.REVIEW, steps=[7, 1], active=True, by=cast.organiser
    )
    reminder_rule_set(
        delegation=world.a, kind=Kind.REVIEW, steps=[10, 5, 2], active=False, by=cast.organiser
    )
    events = list(SetupEvent.objects.filter(delegation=world.a).order_by("pk"))
    assert [e.kind for e in events] == [
        EventKind.REMINDER_RULE_SET,
        EventKind.REMINDER_RULE_CHANGED,
    ]
    assert events[1].changes["steps"] == [[7, 1], [10, 5, 2]]
    assert events[1].changes["active"] == [True, False]


@pytest.mark.parametrize(
    "headers, removed, kind_word, no",
    [(ZH, "截止日期已删除", "审核截止", "否"), (EN, "Deadline removed", "Reviews due", "no")],
)
def test_deadline_page_shows_the_changes_of_dates_and_rules_in_the_readers_language(
    client, world, cast, headers, removed, kind_word, no
):
    deadline = deadline_set(
        edition=world.edition,
        kind=Kind.REVIEW,
        delegation=world.a,
        due_on=datetime.date(2022, 10, 15),
        by=cast.organiser,
    )
    deadline_delete(deadline=deadline, by=cast.organiser)
    reminder_rule_set(
        delegation=world.a, kind=Kind.REVIEW, steps=[3], active=False, by=cast.organiser
    )
    client.force_login(cast.organiser)
    page = client.get(reverse("deadlines:detail", args=[world.a.pk]), **headers).content.decode()
    history = page[page.index('id="deadline-history"') :]
    assert f'class="kind">{removed} · ' in history
    assert kind_word.lower() in history.lower()
    assert "2022-10-15 → —" in history
    assert f"→ {no}" in history  # reminders switched off, as a word


def test_a_lead_does_not_see_who_changed_the_offices_dates(client, world, cast):
    deadline_set(
        edition=world.edition,
        kind=Kind.REVIEW,
        delegation=world.a,
        due_on=datetime.date(2022, 10, 15),
        by=cast.organiser,
    )
    client.force_login(cast.lead)
    page = client.get(reverse("deadlines:detail", args=[world.a.pk])).content.decode()
    assert 'id="deadline-history"' not in page


@pytest.mark.parametrize(
    "headers, label, field", [(ZH, "分团已修改", "名称"), (EN, "Sub-delegation changed", "Name")]
)
def test_setup_page_shows_the_kind_label_and_field_label_not_the_codes(
    client, world, cast, headers, label, field
):
    sub_delegation_save(
        by=cast.organiser, delegation=world.a, data={"name": "医疗分团"}, sub=world.s1
    )
    client.force_login(cast.organiser)
    page = client.get(reverse("setup:detail", args=[world.a.pk]), **headers).content.decode()
    history = page[page.index('id="setup-history"') :]
    assert f'class="kind">{label} · ' in history
    assert f"{field}: 卫生分团 → 医疗分团" in history


@pytest.mark.parametrize(
    "headers, label, subs",
    [
        (ZH, "以上一届为基础建立", "交易分团"),
        (EN, "Started from the last edition", "Sub-delegations"),
    ],
)
def test_a_copied_edition_shows_where_it_started_from(client, world, cast, headers, label, subs):
    sixth = f.EditionFactory(number=6, year=2023)
    copy = delegation_copy_forward(by=cast.organiser, source=world.a, edition=sixth)
    client.force_login(cast.organiser)
    page = client.get(reverse("setup:detail", args=[copy.pk]), **headers).content.decode()
    history = page[page.index('id="setup-history"') :]
    assert f'class="kind">{label} · ' in history
    assert f"{subs}: — → 卫生分团、商贸分团" in history


@pytest.mark.parametrize(
    "headers, role", [(ZH, "角色: — → 分团牵头单位"), (EN, "Role: — → sub-delegation lead")]
)
def test_an_invited_accounts_role_reads_in_the_readers_language(client, world, cast, headers, role):
    account_invite(
        by=cast.organiser,
        delegation=world.a,
        email="staff@example.org",
        role="lead",
        unit=world.units.health,
    )
    client.force_login(cast.organiser)
    page = client.get(reverse("setup:detail", args=[world.a.pk]), **headers).content.decode()
    assert role in page[page.index('id="setup-history"') :]


# --- the migration ------------------------------------------------------------------

BEFORE = [
    ("delegations", "0008_setup_lineage_history_draft"),
    ("purchasers", "0010_invitations"),
    ("deals", "0014_leading_group_reads"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_every_history_entry_with_its_kind_labelled(world, cast):
    deal = f.DealFactory(registration__lead_agency=world.s1_hospitals)
    exhibitor = f.ExhibitorFactory(edition=world.edition)
    attendee = f.AttendeeFactory(registration=deal.registration)
    try:
        old = _migrate(BEFORE)
        actor = {"actor_id": cast.organiser.pk}
        old.get_model("delegations", "SetupEvent").objects.create(
            delegation_id=world.a.pk,
            edition_id=world.edition.pk,
            action="rate_set",
            subject="CNY",
            note="已确认",
            **actor,
        )
        old.get_model("purchasers", "RegistrationEvent").objects.create(
            registration_id=deal.registration_id,
            action="lead_approved",
            from_status="submitted",
            to_status="lead_approved",
            **actor,
        )
        badge = old.get_model("purchasers", "Badge").objects.create(
            attendee_id=attendee.pk, status="ready", status_since=timezone.now()
        )
        old.get_model("purchasers", "BadgeEvent").objects.create(
            badge_id=badge.pk, action="set", from_status="not_applied", to_status="ready", **actor
        )
        old.get_model("deals", "DealEvent").objects.create(
            deal_id=deal.pk, action="changed", version=2, changes={"amount": ["1", "2"]}, **actor
        )
        old.get_model("deals", "ExhibitorEvent").objects.create(
            exhibitor_id=exhibitor.pk, action="added", **actor
        )
    finally:
        # Whatever happened, leave the database at the latest schema for the other tests.
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())

    setup = SetupEvent.objects.get(delegation=world.a)
    assert (setup.kind, setup.reason) == ("rate_set", "已确认")
    assert RegistrationEvent.objects.get(registration=deal.registration).kind == "lead_approved"
    assert BadgeEvent.objects.get().kind == "set"
    # A deal's correction was "changed": it is "corrected" now, like an exhibitor's.
    assert DealEvent.objects.get(deal=deal).kind == EventKind.CORRECTED
    assert ExhibitorEvent.objects.get(exhibitor=exhibitor).kind == EventKind.ADDED
    with translation.override("zh-hans"):
        labels = [
            row.kind_label
            for model in (SetupEvent, RegistrationEvent, BadgeEvent, DealEvent, ExhibitorEvent)
            for row in history_rows(model.objects.select_related("actor"))
        ]
    assert labels == ["汇率已设置", "牵头单位已审核", "已登记证件状态", "更正", "已加入展商名录"]
