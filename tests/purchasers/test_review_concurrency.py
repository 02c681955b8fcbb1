"""Two reviewers acting on one registration at once: one transition, one history entry.

Real threads, each with its own database connection, on PostgreSQL where the row lock
(SELECT ... FOR UPDATE) is what serialises them.
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from delegations.models import User
from purchasers import bulk
from purchasers.models import Notice, Registration, RegistrationEvent
from purchasers.review import services as review
from tests import factories as f

Status = Registration.Status
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


def _race(n: int, act) -> list:
    """Run ``act(i)`` in n threads released together; their results or exceptions."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = act(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_concurrent_approvals_through_the_page_give_one_transition(
    postgres, cast, world, submitted
):
    second_lead = f.UserFactory(
        username="second_lead", role=User.Role.LEAD, unit=world.units.health, last_name="王"
    )
    reviewers = [cast.lead, second_lead]
    url = reverse("review:approve", args=[submitted.s1.pk])

    def approve(i):
        client = Client()
        client.force_login(reviewers[i])
        return client.post(url, follow=True).content.decode()

    pages = _race(2, approve)
    assert all(isinstance(p, str) for p in pages), pages
    assert RegistrationEvent.objects.filter(registration=submitted.s1).count() == 1
    event = RegistrationEvent.objects.get(registration=submitted.s1)
    assert event.to_status == Status.LEAD_APPROVED
    winner = event.actor.display_full_name
    assert sum(f"Approved: {submitted.s1.name}." in p for p in pages) == 1
    assert sum(f"Already decided by {winner}" in p for p in pages) == 1
    assert Notice.objects.count() == 1 and len(mail.outbox) == 1


def test_many_reviewers_at_once_through_the_services(postgres, cast, world, submitted):
    reviewers = [cast.lead] + [
        f.UserFactory(username=f"lead{i}", role=User.Role.LEAD, unit=world.units.health)
        for i in range(5)
    ]

    def act(i):
        registration = Registration.objects.get(pk=submitted.s1.pk)
        if i % 2:
            return review.registration_return(
                registration=registration, by=reviewers[i], reason="缺材料"
            )
        return review.registration_lead_approve(registration=registration, by=reviewers[i])

    results = _race(len(reviewers), act)
    done = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, review.AlreadyDecided)]
    assert len(done) == 1 and len(refused) == len(reviewers) - 1, results
    assert RegistrationEvent.objects.filter(registration=submitted.s1).count() == 1
    submitted.s1.refresh_from_db()
    assert submitted.s1.status == done[0].status


def test_concurrent_bulk_approvals_overlapping_approve_each_once(postgres, cast, world, submitted):
    more = [
        f.RegistrationFactory(
            lead_agency=world.s1_hospitals,
            registered_by=cast.registrant,
            status=Status.SUBMITTED,
        )
        for _ in range(4)
    ]
    ids = [submitted.s1.pk] + [r.pk for r in more]
    second_lead = f.UserFactory(
        username="second_lead", role=User.Role.LEAD, unit=world.units.health
    )
    reviewers = [cast.lead, second_lead]
    results = _race(
        2,
        lambda i: review.registrations_bulk_approve(
            registration_ids=ids if i == 0 else list(reversed(ids)), by=reviewers[i]
        ),
    )
    # All or nothing: one reviewer approves every one, the other is told, row by row, that
    # they are already approved, and changes nothing.
    done = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, bulk.BulkRefused)]
    assert len(done) == 1 and len(refused) == 1, results
    assert sorted(r.pk for r in done[0]) == sorted(ids)
    assert len(refused[0].reasons) == len(ids)
    assert RegistrationEvent.objects.filter(registration__in=ids).count() == len(ids)
