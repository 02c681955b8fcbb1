"""The fixed cast every test uses, and the rules for real services.

Two delegations of the same edition: "A" (two sub-delegations, S1 co-led by two lead
agencies with their own targets, S2 with one) and "B" (another province). The cast:
organiser of A, lead of S1's first agency, lead of S2, registrant of a member unit of A,
another registrant of A, organiser and registrant of B, the credit and background checkers
of a member unit of A, the national viewer, the national administrator, a superuser and a
user with no role.
"""

import importlib
import os
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps
from django.db import connection, connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from ciie_delegations import celery_app
from delegations.models import Region, Role
from purchasers.models import Ownership, Registration

from . import factories as f
from .languages import speaking
from .local_servers import Inbox, free_port

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    if IN_CI and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError("CI=true: DATABASE_URL must point at PostgreSQL.")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher takes a noticeable fraction of a second per user by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fixed_data(request):
    """Zones, regions and ownerships that migrations load, reloaded after a transactional
    test's flush.

    (``serialized_rollback`` would do it too, but collides on PostgreSQL with the content
    types that a flush by an earlier transactional test re-creates.)
    """
    if "django_db" not in {m.name for m in request.node.iter_markers()} and not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("db")

    if not Region.objects.exists():
        importlib.import_module("delegations.migrations.0002_zones_and_regions").load(apps, None)
    if not Ownership.objects.exists():
        importlib.import_module("purchasers.migrations.0012_dims_ownership").seed(apps, None)


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in the test's own process even when a Redis broker is configured, so
    nothing is left queued for a worker that never comes. Tests of the real broker and
    worker opt out with ``@pytest.mark.real_broker``."""

    if request.node.get_closest_marker("real_broker"):
        yield
        return
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture
def english():
    """The test reads the product in English, the source texts its assertions quote."""
    with speaking("en"):
        yield


@pytest.fixture
def postgres(db):
    """For tests that need PostgreSQL: skipped on SQLite locally, never under CI."""
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI=true but the database is not PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def world(db):
    edition = f.EditionFactory(number=5, year=2022)
    a = f.DelegationFactory(edition=edition, name="交易团A", region=f.region("630000"))
    b = f.DelegationFactory(edition=edition, name="交易团B", region=f.region("310000"))
    s1 = f.SubDelegationFactory(delegation=a, name="卫生分团")
    s2 = f.SubDelegationFactory(delegation=a, name="商贸分团")
    sb = f.SubDelegationFactory(delegation=b, name="国资分团")
    health = f.MemberUnitFactory(name="卫生健康委")
    drugs = f.MemberUnitFactory(name="药品监管局")
    commerce_lead = f.MemberUnitFactory(name="商贸牵头单位")
    tourism = f.MemberUnitFactory(name="文化和旅游厅")
    other_member = f.MemberUnitFactory(name="工商联")
    b_lead = f.MemberUnitFactory(name="国资委", region=f.region("310000"))
    a.member_units.set([health, drugs, commerce_lead, tourism, other_member])
    b.member_units.set([b_lead])
    s1_hospitals = f.LeadAgencyFactory(sub_delegation=s1, units=[health], target=10, focus="医院")
    s1_firms = f.LeadAgencyFactory(sub_delegation=s1, units=[drugs], target=20, focus="企业")
    s2_agency = f.LeadAgencyFactory(sub_delegation=s2, units=[commerce_lead], target=70)
    sb_agency = f.LeadAgencyFactory(sub_delegation=sb, units=[b_lead], target=50)
    return SimpleNamespace(
        edition=edition,
        a=a,
        b=b,
        s1=s1,
        s2=s2,
        sb=sb,
        s1_hospitals=s1_hospitals,
        s1_firms=s1_firms,
        s2_agency=s2_agency,
        sb_agency=sb_agency,
        units=SimpleNamespace(
            health=health,
            drugs=drugs,
            commerce_lead=commerce_lead,
            tourism=tourism,
            other_member=other_member,
            b_lead=b_lead,
        ),
    )


@pytest.fixture
def cast(world):
    R = Role
    return SimpleNamespace(
        organiser=f.UserFactory(username="organiser", role=R.ORGANISER, unit=world.a.office_unit),
        lead=f.UserFactory(username="lead", role=R.LEAD, unit=world.units.health),
        other_lead=f.UserFactory(
            username="other_lead", role=R.LEAD, unit=world.units.commerce_lead
        ),
        registrant=f.UserFactory(
            username="registrant", role=R.REGISTRANT, unit=world.units.tourism
        ),
        other_registrant=f.UserFactory(
            username="other_registrant", role=R.REGISTRANT, unit=world.units.other_member
        ),
        b_organiser=f.UserFactory(
            username="b_organiser", role=R.ORGANISER, unit=world.b.office_unit
        ),
        b_registrant=f.UserFactory(
            username="b_registrant", role=R.REGISTRANT, unit=world.units.b_lead
        ),
        # The checkers work for a member unit of A (市场监管局 and 公安厅 in real life).
        credit_checker=f.UserFactory(
            username="credit_checker", role=R.CREDIT_CHECKER, unit=world.units.other_member
        ),
        background_checker=f.UserFactory(
            username="background_checker",
            role=R.BACKGROUND_CHECKER,
            unit=world.units.other_member,
        ),
        viewer=f.UserFactory(username="viewer", role=R.NATIONAL_VIEWER),
        national_admin=f.UserFactory(username="national_admin", role=R.NATIONAL_ADMIN),
        superuser=f.UserFactory(username="root", is_superuser=True, is_staff=True),
        nobody=f.UserFactory(username="nobody"),
    )


@pytest.fixture
def registrations(world, cast):
    """One registration in each corner of the world, made by the registrants."""
    return SimpleNamespace(
        s1=f.RegistrationFactory(
            lead_agency=world.s1_hospitals, unit=world.units.tourism, registered_by=cast.registrant
        ),
        s1_firms=f.RegistrationFactory(
            lead_agency=world.s1_firms, unit=world.units.tourism, registered_by=cast.registrant
        ),
        s2=f.RegistrationFactory(
            lead_agency=world.s2_agency,
            unit=world.units.other_member,
            registered_by=cast.other_registrant,
        ),
        b=f.RegistrationFactory(lead_agency=world.sb_agency, unit=world.units.b_lead),
    )


@pytest.fixture
def submitted(registrations):
    """The cast's registrations, submitted for review, each with one attendee."""
    for registration in vars(registrations).values():
        registration.status = Registration.Status.SUBMITTED
        registration.save()
        f.AttendeeFactory(registration=registration, name=f"参会人{registration.pk}")
    return registrations


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Django sends over SMTP to the local server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = "https://ciie.example.org"
    return smtp_server


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """pytest-django's live server, stopped before the test database is dropped.

    Its request threads hold database connections; stopped after the database teardown
    they would keep the test database from being dropped.
    """

    server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    yield server
    server.stop()


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium driven by Playwright. Skipped locally without it, never under CI."""
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        if IN_CI:
            pytest.fail("CI=true but /usr/bin/chromium is missing: `make test` installs it")
        pytest.skip("needs Debian's chromium (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # happen in another, so Django's async-safety check does not apply here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # Playwright's greenlets carry their own context, and with it their own database
        # connections: close the ones opened here, or the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def login(live_server, browser):
    """A page logged in as the given user, through the real login form."""

    def _login(user, password="pw-for-tests-1", language="zh-hans"):
        context = browser.new_context(locale=language)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login
