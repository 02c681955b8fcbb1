"""Every path an entity's fields take (form, serializers, import template, history), read
as the user meets them, for the tests that each is its declaration's.

The tests run them also in a fresh interpreter whose declarations were changed before the
apps were loaded (``paths_with``), so this module is imported only after ``django.setup()``."""

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.utils import translation
from openpyxl import load_workbook

from deals.directory import fields as exhibitor_fields
from deals.directory import forms as exhibitor_forms
from deals.directory import serializers as exhibitor_serializers
from deals.directory import services as exhibitor_services
from deals.directory.models import Exhibitor
from deals.imports import services as deal_imports
from deals.needs import api as need_api
from deals.needs import fields as need_fields
from deals.needs import forms as need_forms
from deals.needs import serializers as need_serializers
from deals.needs import services as need_services
from deals.records import fields as deal_fields
from deals.records import forms as deal_forms
from deals.records import serializers as deal_serializers
from deals.records.models import Deal, DealEvent
from delegations.audit.presenters import history_row
from delegations.models import User
from delegations.setup import fields as setup_fields
from delegations.setup import forms as setup_forms
from delegations.setup import serializers as setup_serializers
from purchasers.imports.sheet import registration_template
from purchasers.models import RegistrationEvent
from purchasers.registration import fields as registration_fields
from purchasers.registration import forms as registration_forms
from purchasers.registration import serializers as registration_serializers
from purchasers.templatetags.purchasers import difference_lines

ROOT = Path(__file__).resolve().parent.parent


def _header_row(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [str(cell.value).rstrip("*") for cell in sheet[1] if cell.value]


def _by_label(declaration, headers: list[str]) -> list[str]:
    """Headers back to field names (a header no field is called stays as it is)."""
    names = {str(declaration.label(name)): name for name in declaration.names}
    return [names.get(header, header) for header in headers]


def _history_order(lines: list[str], names: list[str]) -> list[str]:
    """The fields in the order the history shows them: each was given the value ``v-name``."""
    text = "\n".join(lines)
    return sorted((n for n in names if f"v-{n}" in text), key=lambda n: text.index(f"v-{n}"))


def _history(event):
    """The one history presenter's row for an unsaved entry of the given changes."""
    event.actor = User(username="reader")
    row = history_row(event)
    return [change.name for change in row.changes], row.lines


def purchaser_paths() -> dict:
    fields, forms, serializers = registration_fields, registration_forms, registration_serializers
    firm, attendee = fields.FIRM_FIELDS, fields.ATTENDEE_FIELDS
    # The ownerships are the bureau's data, kept in the database, not a declaration: the
    # paths are read without a database, the template's list and the history's names empty.
    no_ownerships = (
        mock.patch("purchasers.imports.sheet.ownership_labels", return_value=[]),
        mock.patch("purchasers.templatetags.purchasers.ownership_names", return_value={}),
        mock.patch.dict(RegistrationEvent.value_formats, {"ownership": str}),
    )
    with translation.override("en"), no_ownerships[0], no_ownerships[1], no_ownerships[2]:
        headers = _header_row(registration_template(language="en"))
        reversed_firm = {name: ["", f"v-{name}"] for name in reversed(firm.names)}
        changed = {name: ["", f"v-{name}"] for name in reversed(attendee.names)}
        event = RegistrationEvent(changes={"attendees": {"changed": {"someone": changed}}})
        firm_history, _lines = _history(RegistrationEvent(changes=reversed_firm))
        known = difference_lines(reversed_firm)
        _names, attendee_history = _history(event)
        firm_headers = [h for h in _by_label(firm, headers) if h in firm.names]
        attendee_headers = _by_label(attendee, headers[len(firm_headers) :])
    return {
        "firm": {
            "declared": firm.names,
            "entered": firm.entered,
            "form": list(forms.PurchaserForm.base_fields),
            "page form": list(forms.RegistrationPurchaserForm.base_fields),
            "serializer": list(serializers.PurchaserSerializer().fields),
            "input serializer": list(serializers.PurchaserInputSerializer().fields),
            "template": firm_headers,
            "history": firm_history,
            "known firm": _history_order(known, firm.names),
        },
        "attendee": {
            "declared": attendee.names,
            "entered": attendee.entered,
            "form": list(forms.AttendeeForm.base_fields),
            "serializer": [n for n in serializers.AttendeeSerializer().fields if n != "id"],
            "input serializer": [
                n for n in serializers.AttendeeInputSerializer().fields if n != "id"
            ],
            "template": attendee_headers,
            "history": _history_order(attendee_history, attendee.names),
        },
    }


def paths_with(change: str, reader: str) -> dict:
    """``reader``'s paths in a fresh interpreter where ``change`` (Python run before the apps
    are loaded) has changed the declarations."""
    script = "\n".join(
        [
            "import json, django",
            change,
            "django.setup()",
            "from tests import field_paths",
            f"print(json.dumps(field_paths.{reader}()))",
        ]
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ciie_delegations.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# The deal's own fields that are neither entered nor decided from the rate: its state.
# What the services keep of a deal besides its declared fields (the delegation is its
# purchaser's, copied on save).
DEAL_STATE = {
    "id",
    "delegation",
    "usd_rate",
    "status",
    "cancel_reason",
    "version",
    "created_at",
    "updated_at",
}


def deal_paths() -> dict:
    fields, forms, serializers = deal_fields, deal_forms, deal_serializers
    imports = deal_imports
    deal = fields.DEAL_FIELDS
    form = forms.DealForm
    model_fields = {f.name for f in Deal._meta.concrete_fields} - DEAL_STATE
    with translation.override("en"):
        headers = _by_label(deal, _header_row(imports.sheet_template("deals")))
    history, _lines = _history(
        DealEvent(changes={name: ["", "x"] for name in reversed(deal.names)})
    )
    return {
        "declared": deal.names,
        "entered": deal.entered,
        "sheet": [name for name in deal.entered if name not in imports.FOUND],
        "form": [name for name in form.base_fields if name not in form.declared_fields],
        "serializer": [n for n in serializers.DealSerializer().fields if n in model_fields],
        "template": headers,
        "history": history,
    }


def exhibitor_paths() -> dict:
    fields, forms, serializers = exhibitor_fields, exhibitor_forms, exhibitor_serializers
    services, imports = exhibitor_services, deal_imports
    exhibitor = fields.EXHIBITOR_FIELDS
    with translation.override("en"):
        headers = _by_label(exhibitor, _header_row(imports.sheet_template("exhibitors")))
    given = {name: f"v-{name}" for name in reversed(exhibitor.names)}
    return {
        "declared": exhibitor.names,
        "entered": exhibitor.entered,
        "form": list(forms.ExhibitorForm.base_fields),
        "serializer": [n for n in serializers.ExhibitorSerializer().fields if n != "id"],
        # The sheet is read into the edition chosen on the import page.
        "template": ["edition", *headers],
        "history": list(services._exhibitor_changes(Exhibitor(), given)),
    }


def need_paths() -> dict:
    api, fields, forms = need_api, need_fields, need_forms
    serializers, services = need_serializers, need_services
    need, meeting = fields.NEED_FIELDS, fields.MEETING_FIELDS
    meeting_serializer = api.MeetingViewSet.serializer_class()
    return {
        "need": {
            "declared": need.names,
            "form": list(forms.NeedForm.base_fields),
            "serializer": [
                n
                for n in serializers.ProcurementNeedSerializer().fields
                if n not in {"id", "purchaser", "created_at"}
            ],
            "service": [f.name for f in dataclasses.fields(services.NeedData)],
        },
        "meeting": {
            "declared": meeting.names,
            "form": ["need", *forms.MeetingForm.base_fields],
            "serializer": [n for n in meeting_serializer.fields if n != "id"],
        },
    }


def setup_paths() -> dict:
    fields, forms, serializers = setup_fields, setup_forms, setup_serializers

    def published(declaration) -> list[str]:
        return [f.name for f in declaration if "setup only" not in f.tags]

    def api(serializer, *context) -> list[str]:
        return [n for n in serializer().fields if n not in {"id", *context}]

    return {
        "edition": {
            "entered": fields.EDITION_FIELDS.entered,
            "form": list(forms.EditionForm.base_fields),
            "declared": fields.EDITION_FIELDS.names,
            "serializer": api(serializers.EditionSerializer),
        },
        "sub-delegation": {
            "entered": fields.SUB_DELEGATION_FIELDS.entered,
            "form": list(forms.SubDelegationForm.base_fields),
            "published": published(fields.SUB_DELEGATION_FIELDS),
            "serializer": api(
                serializers.SubDelegationSerializer, "delegation", "target", "lead_agencies"
            ),
        },
        "lead agency": {
            "entered": fields.LEAD_AGENCY_FIELDS.entered,
            "form": list(forms.LeadAgencyForm.base_fields),
            "published": published(fields.LEAD_AGENCY_FIELDS),
            "serializer": api(serializers.LeadAgencySerializer),
        },
        "member unit": {
            "entered": fields.MEMBER_UNIT_FIELDS.entered,
            "form": list(forms.MemberUnitForm.base_fields),
        },
    }
