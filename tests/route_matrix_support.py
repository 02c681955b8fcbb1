"""The route matrix's cast, objects, path filling and table checksums (tests/test_route_matrix.py).

Every object is made twice: once in delegation A (inside the scope of A's identities) and
once in delegation B (outside it). The expectations (tests/route_expectations.py) are
written for A's objects; on B's objects every identity of A must be refused.
"""

import datetime
import hashlib
import re
import secrets
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.utils import timezone

from deals.bulletins.models import Bulletin, UnitReport
from deals.bulletins.reports import report_up_create
from deals.models import ExchangeRate, ExhibitorProposal, Meeting, ProcurementNeed
from deals.money import RateQuote
from deals.rollups.models import ExportJob
from delegations.models import Deadline, Reminder, User
from purchasers.invitations.models import Invitation
from purchasers.logistics.models import Hotel, TravelGroup
from purchasers.models import Registration
from tests import factories as f

R = User.Role

# The identities of the cast, in the order the matrix prints them. "b_*" belong to
# delegation B; "other_*" to another sub-delegation or unit of A.
IDENTITIES = [
    "anonymous",
    "organiser",
    "lead",
    "other_lead",
    "registrant",
    "other_registrant",
    "credit_checker",
    "background_checker",
    "viewer",
    "national_admin",
    "superuser",
    "b_organiser",
    "b_registrant",
]
# The identities whose scope holds A's objects in some way (organiser .. background_checker):
# on B's objects all of them are refused.
A_SIDE = IDENTITIES[IDENTITIES.index("organiser") : IDENTITIES.index("background_checker") + 1]
# Objects everybody may read (shared by the edition or the country): not scoped.
SHARED = {"edition", "edition_number", "zone", "region", "exhibitor", "junk", "literal"}
# Tables whose rows a refused request may still write: sessions and the login throttle.
UNCHECKED_TABLES = {"django_session"}
UNCHECKED_PREFIXES = ("axes_",)


def make_identities(world, cast) -> dict:
    """The cast of ``tests/conftest.py`` by identity name (the anonymous visitor has none)."""
    return {name: getattr(cast, name) for name in IDENTITIES if name != "anonymous"}


def make_objects(world, *, delegation, sub, agency, unit, registrant, office, lead_user):
    """One of each kind of object a path can name, in one delegation."""
    draft = f.RegistrationFactory(lead_agency=agency, unit=unit, registered_by=registrant)
    submitted = f.RegistrationFactory(
        lead_agency=agency,
        unit=unit,
        registered_by=registrant,
        status=Registration.Status.SUBMITTED,
    )
    attendee = f.AttendeeFactory(registration=submitted)
    approved = f.RegistrationFactory(
        lead_agency=agency,
        unit=unit,
        registered_by=registrant,
        status=Registration.Status.LEAD_APPROVED,
    )
    deal = f.DealFactory(registration=approved)
    exhibitor = f.ExhibitorFactory(edition=world.edition, delegation=delegation)
    need = ProcurementNeed.objects.create(
        registration=approved, zone=f.zone("medical"), product="CT", published_by=registrant
    )
    meeting = Meeting.objects.create(
        need=need, exhibitor=exhibitor, meets_on=world.edition.opens_on, recorded_by=registrant
    )
    proposal = ExhibitorProposal.objects.create(
        exhibitor=exhibitor, changes={"booth": ["1.1A", "2.2B"]}, proposed_by=office
    )
    rate = ExchangeRate.objects.create(
        delegation=delegation,
        currency="EUR",
        rate="1.1",
        quote=RateQuote.USD_PER_UNIT,
        usd_rate="1.1",
        set_by=office,
    )
    deadline = Deadline.objects.create(
        edition=world.edition,
        delegation=delegation,
        kind=Deadline.Kind.REGISTRATION,
        due_on=world.edition.opens_on,
    )
    reminder = Reminder.objects.create(
        deadline=deadline,
        deadline_kind=deadline.kind,
        delegation=delegation,
        lead_agency=agency,
        step=7,
        due_on=deadline.due_on,
        claimed_at=timezone.now(),
    )
    export = ExportJob.objects.create(requested_by=office, edition=world.edition)
    invitation = Invitation.objects.create(
        name="邀请",
        sub_delegation=sub,
        lead_agency=agency,
        unit=unit,
        issued_by=registrant,
        token=secrets.token_urlsafe(32),
        code=secrets.token_hex(4).upper(),
        expires_on=world.edition.opens_on,
    )
    hotel = Hotel.objects.create(delegation=delegation, name="宾馆")
    opens = datetime.datetime.combine(world.edition.opens_on, datetime.time(8), datetime.UTC)
    group = TravelGroup.objects.create(
        delegation=delegation,
        direction="there",
        number="G1",
        departs_at=opens,
        arrives_at=opens + datetime.timedelta(hours=5),
        from_place="西宁",
        to_place="上海",
    )
    bulletin = Bulletin.objects.create(delegation=delegation, number=1, composed_by=office)
    report = report_up_create(delegation=delegation, by=office)
    unit_report = UnitReport.objects.create(
        delegation=delegation, unit=unit, kind="progress", title="进展", posted_by=registrant
    )
    return SimpleNamespace(
        invitation=invitation.pk,
        hotel=hotel.pk,
        group=group.pk,
        day=str(world.edition.opens_on),
        bulletin=bulletin.pk,
        report=report.pk,
        unit_report=unit_report.pk,
        delegation=delegation.pk,
        sub=sub.pk,
        agency=agency.pk,
        unit=unit.pk,
        lead_user=lead_user.pk,
        draft=draft.pk,
        submitted=submitted.pk,
        attendee=attendee.pk,
        approved=approved.pk,
        deal=deal.pk,
        exhibitor=exhibitor.pk,
        need=need.pk,
        meeting=meeting.pk,
        proposal=proposal.pk,
        rate=rate.pk,
        deadline=deadline.pk,
        reminder=reminder.pk,
        export=export.pk,
        edition=world.edition.pk,
        edition_number=world.edition.number,
        zone=f.zone("medical").pk,
        region=f.region("630000").pk,
        junk="junk",
    )


# Which object each path parameter names, by the route's beginning (the first match wins).
# A value in quotes is put in the path as it is.
PARAMETERS = [
    ("review/progress/delegations/", {"pk": "delegation"}),
    ("review/progress/sub-delegations/", {"pk": "sub"}),
    ("review/", {"pk": "submitted", "attendee_pk": "attendee", "token": "junk"}),
    ("registrations/", {"pk": "draft", "token": "junk"}),
    ("deals/exhibitors/proposals/", {"pk": "proposal", "decision": "'accept'"}),
    ("deals/exhibitors/", {"pk": "exhibitor"}),
    ("deals/needs/", {"pk": "need"}),
    ("deals/import/template/", {"kind": "'deals'"}),
    ("deals/", {"pk": "deal"}),
    ("deadlines/", {"pk": "delegation", "deadline_pk": "deadline"}),
    ("setup/editions/", {"number": "edition_number"}),
    ("setup/ownerships/", {"code": "'private'"}),
    (
        "setup/",
        {
            "pk": "delegation",
            "sub_pk": "sub",
            "agency_pk": "agency",
            "unit_pk": "unit",
            "user_pk": "lead_user",
            "action": "'deactivate'",
        },
    ),
    ("dashboard/exports/", {"pk": "export"}),
    ("dashboard/delegations/", {"pk": "delegation"}),
    ("delegations/", {"pk": "delegation"}),
    ("sub-delegations/", {"pk": "sub"}),
    ("accounts/set-password/", {"uidb64": "junk", "token": "junk"}),
    ("logistics/itinerary/registration/", {"registration": "approved"}),
    ("logistics/itinerary/", {"attendee": "attendee"}),
    (
        "logistics/",
        {
            "pk": "delegation",
            "what": "'hotel'",
            "group": "group",
            "attendee": "attendee",
            "token": "junk",
            "hotel": "hotel",
            "day": "day",
        },
    ),
    ("badges/layouts/", {"pk": "edition"}),
    ("badges/import/", {"token": "junk"}),
    ("badges/attendees/", {"pk": "attendee"}),
    ("badges/delegations/", {"pk": "delegation", "unit_pk": "unit"}),
    ("invitations/", {"pk": "invitation"}),
    ("i/", {"token": "junk"}),
    ("bulletins/reports/", {"pk": "report"}),
    ("bulletins/unit-reports/", {"pk": "unit_report"}),
    ("bulletins/delegations/", {"pk": "delegation"}),
    ("bulletins/", {"pk": "bulletin"}),
    ("api/invitations/", {"pk": "invitation"}),
    ("api/badges/", {"pk": "attendee"}),
    ("api/bulletins/", {"pk": "bulletin"}),
    ("api/progress-reports/", {"pk": "report"}),
    ("api/unit-reports/", {"pk": "unit_report"}),
    ("api/editions/", {"pk": "edition"}),
    ("api/zones/", {"pk": "zone"}),
    ("api/regions/", {"pk": "region"}),
    ("api/delegations/", {"pk": "delegation"}),
    ("api/sub-delegations/", {"pk": "sub"}),
    ("api/review/", {"pk": "submitted"}),
    ("api/registrations/", {"pk": "draft"}),
    ("api/exhibitors/", {"pk": "exhibitor"}),
    ("api/exhibitor-proposals/", {"pk": "proposal"}),
    ("api/exchange-rates/", {"pk": "rate"}),
    ("api/deals/", {"pk": "deal"}),
    ("api/procurement-needs/", {"pk": "need"}),
    ("api/meetings/", {"pk": "meeting"}),
    ("api/deadlines/", {"pk": "deadline"}),
    ("api/reminders/", {"pk": "reminder"}),
]


def fill(route: str, objects) -> tuple[str, bool] | None:
    """The route's path with ``objects``' ids, and whether it names a scoped object (None: a
    parameter no entry of PARAMETERS covers)."""
    names = re.findall(r"\{(\w+)\}", route)
    if not names:
        return "/" + route, False
    params = next((p for prefix, p in PARAMETERS if route.startswith(prefix)), {})
    path, scoped = route, False
    for name in names:
        kind = params.get(name)
        if kind is None:
            return None
        if kind.startswith("'"):
            value = kind.strip("'")
        else:
            value = str(getattr(objects, kind))
            scoped = scoped or kind not in SHARED
        path = path.replace("{" + name + "}", value, 1)
    return "/" + path, scoped


def _tables() -> list[str]:
    return sorted(
        t
        for t in connection.introspection.table_names()
        if t not in UNCHECKED_TABLES and not t.startswith(UNCHECKED_PREFIXES)
    )


def checksum() -> dict[str, str]:
    """A fingerprint of every row of each table (but sessions and login counters)."""
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        sql = " UNION ALL ".join(
            f"SELECT '{t}', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
            f" FROM {qn(t)} x"
            for t in _tables()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return {table: f"{count}:{digest}" for table, count, digest in cursor.fetchall()}
    tables = set(_tables())
    return {
        model._meta.db_table: hashlib.md5(
            repr(list(model.objects.order_by("pk").values_list())).encode()
        ).hexdigest()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in before if before[t] != after.get(t))
