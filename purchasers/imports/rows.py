"""Checking a filled registration sheet row by row, with the same validators as the
registration page, then against what is registered this edition (one query per kind)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from delegations import sheets
from delegations.validators import normalize_code

from ..models import Attendee, Purchaser
from ..permissions import registrations_visible_to
from ..registration.duplicates import (
    attendees_by_id,
    duplicate_attendee_message,
    duplicate_firm_message,
    registrations_by_credit_code,
)
from ..registration.forms import AttendeeForm, PurchaserForm
from .sheet import (
    ATTENDEE_COLUMNS,
    COLUMNS,
    FIRM_COLUMNS,
    FIRM_KEY,
    _choice_lookup,
    _headers_in,
    ownership_labels,
    ownership_lookup,
)


@dataclass
class _Firm:
    row: int
    data: dict
    cleaned: dict | None = None
    attendees: list = field(default_factory=list)


class _Checker:
    """One bound form per kind, re-bound for each row: the page's validators, at sheet speed."""

    def __init__(self, form_class):
        self.form = form_class(data={})

    def check(self, data: dict) -> tuple[dict | None, dict[str, list[str]]]:
        form = self.form
        form.data = data
        form._errors = None
        if hasattr(form, "cleaned_data"):
            del form.cleaned_data
        form.instance = form._meta.model()
        if form.is_valid():
            return form.cleaned_data, {}
        return None, {name: list(messages) for name, messages in form.errors.items()}


def check_rows(
    *, rows: list[tuple[int, dict]], edition, user
) -> tuple[dict, list[sheets.RowError]]:
    """Every row checked; returns the firms by credit code and the errors in row order."""
    check = _SheetCheck(edition=edition, user=user)
    for number, values in rows:
        firm, subject = check.firm_row(number, values)
        check.attendee_row(number, values, firm, subject)
    check.registered_firms()
    check.registered_people()
    check.errors.sort(key=lambda e: e.row)
    return check.firms, check.errors


class _SheetCheck:
    """What checking a sheet gathers: the firms by credit code, the people seen, the
    errors; the headers of its messages in the reader's language."""

    def __init__(self, *, edition, user):
        self.edition, self.user = edition, user
        headers = dict(
            zip([c.key for c in COLUMNS], _headers_in(translation.get_language()), strict=True)
        )
        self.firm_header = {c.field: headers[c.key] for c in FIRM_COLUMNS}
        self.attendee_header = {c.field: headers[c.key] for c in ATTENDEE_COLUMNS}
        self.kinds = _choice_lookup(Purchaser.Kind.choices)
        self.ownerships = ownership_lookup()
        self.ownership_names: str | None = None
        self.id_types = _choice_lookup(Attendee.IdType.choices)
        self.purchaser_check = _Checker(PurchaserForm)
        self.attendee_check = _Checker(AttendeeForm)
        self.errors: list[sheets.RowError] = []
        self.firms: dict[str, _Firm] = {}
        self.seen_people: dict[tuple[str, str], int] = {}
        self.attendee_rows: list[tuple[int, tuple, _Firm]] = []

    def add(self, row, header, messages, value="", subject=""):
        for message in messages:
            self.errors.append(
                sheets.RowError(
                    row=row, column=header, message=str(message), value=value, subject=subject
                )
            )

    @staticmethod
    def mapped(value, lookup):
        return lookup.get(value.strip().lower(), value) if value else value

    def firm_row(self, number: int, values: dict) -> tuple[_Firm | None, str]:
        """The row's firm (its first row checked as the page would, a later row compared
        with the first), and the name its errors are told under."""
        firm_data = {c.field: values.get(c.key, "") for c in FIRM_COLUMNS}
        firm_data["kind"] = self.mapped(firm_data["kind"], self.kinds)
        typed_ownership = firm_data["ownership"]
        firm_data["ownership"] = self.mapped(typed_ownership, self.ownerships)
        key = normalize_code(firm_data["credit_code"])
        firm = self.firms.get(key) if key else None
        subject = firm_data["name"] or (firm.data["name"] if firm else "")
        if firm is None:
            cleaned, field_errors = self.purchaser_check.check(firm_data)
            if "ownership" in field_errors:
                field_errors["ownership"] = [self.unknown_ownership(typed_ownership)]
            firm = _Firm(row=number, data=firm_data, cleaned=cleaned)
            for name, messages in field_errors.items():
                self.add(
                    number,
                    self.firm_header.get(name, ""),
                    messages,
                    values.get(FIRM_KEY.get(name, ""), ""),
                    subject,
                )
            if not key:
                return None, subject
            self.firms[key] = firm
            return firm, subject
        for name, value in firm_data.items():
            if value and value != firm.data[name] and name != "credit_code":
                self.add(
                    number,
                    self.firm_header[name],
                    [
                        _(
                            "Differs from row %(row)d of the same organisation: leave it "
                            "empty or make it the same."
                        )
                        % {"row": firm.row}
                    ],
                    values.get(FIRM_KEY.get(name, ""), ""),
                    subject,
                )
        return firm, subject

    def unknown_ownership(self, typed: str) -> str:
        if self.ownership_names is None:
            language = translation.get_language() or "zh-hans"
            self.ownership_names = "、".join(ownership_labels(language))
        return _("“%(value)s” is not an ownership of the list: choose one of %(names)s.") % {
            "value": typed,
            "names": self.ownership_names,
        }

    def attendee_row(self, number: int, values: dict, firm: _Firm | None, subject: str) -> None:
        attendee_data = {c.field: values.get(c.key, "") for c in ATTENDEE_COLUMNS}
        if not any(attendee_data.values()):
            return
        if not attendee_data["id_type"]:
            attendee_data["id_type"] = Attendee.IdType.RESIDENT_ID
        attendee_data["id_type"] = self.mapped(attendee_data["id_type"], self.id_types)
        cleaned, field_errors = self.attendee_check.check(attendee_data)
        raw = {c.field: values.get(c.key, "") for c in ATTENDEE_COLUMNS}
        for name, messages in field_errors.items():
            self.add(
                number, self.attendee_header.get(name, ""), messages, raw.get(name, ""), subject
            )
        if cleaned is None:
            return
        person = (cleaned["id_type"], cleaned["id_number"])
        if person in self.seen_people:
            self.add(
                number,
                self.attendee_header["id_number"],
                [
                    _("The same person is already on row %(row)d of this sheet.")
                    % {"row": self.seen_people[person]}
                ],
                raw["id_number"],
                subject,
            )
            return
        self.seen_people[person] = number
        if firm is not None:
            firm.attendees.append(dict(cleaned))
            self.attendee_rows.append((number, person, firm))

    def registered_firms(self) -> None:
        """Against the database: the sheet's firms already registered this edition."""
        self.registered = registrations_by_credit_code(
            edition=self.edition,
            credit_codes=[f.cleaned["credit_code"] for f in self.firms.values() if f.cleaned],
        )
        self.known_people = attendees_by_id(
            edition=self.edition, ids=[person for _, person, _ in self.attendee_rows]
        )
        found = {r.pk for r in self.registered.values()} | {
            a.registration_id for a in self.known_people.values()
        }
        self.visible = (
            set(
                registrations_visible_to(self.user)
                .filter(pk__in=found)
                .values_list("pk", flat=True)
            )
            if found
            else set()
        )
        firm_messages: dict[int, str] = {}
        for firm in self.firms.values():
            registration = (
                self.registered.get(firm.cleaned["credit_code"]) if firm.cleaned else None
            )
            if registration is None:
                continue
            if registration.pk not in firm_messages:
                firm_messages[registration.pk] = duplicate_firm_message(
                    registration=registration,
                    user=self.user,
                    visible=registration.pk in self.visible,
                )
            self.add(
                firm.row,
                self.firm_header["credit_code"],
                [firm_messages[registration.pk]],
                firm.data["credit_code"],
                firm.data["name"],
            )

    def registered_people(self) -> None:
        """Against the database: the sheet's people already registered this edition (after
        :meth:`registered_firms`, which finds them in the same round)."""
        person_messages: dict[int, str] = {}
        for number, person, firm in self.attendee_rows:
            attendee = self.known_people.get(person)
            if attendee is None:
                continue
            pk = attendee.registration_id
            if pk not in person_messages:
                person_messages[pk] = duplicate_attendee_message(
                    attendee=attendee, user=self.user, visible=pk in self.visible
                )
            self.add(
                number,
                self.attendee_header["id_number"],
                [person_messages[pk]],
                person[1],
                firm.data["name"],
            )
