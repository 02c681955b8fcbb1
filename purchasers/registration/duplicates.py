"""Finding a firm or a person already registered for an edition, and saying so without
showing a registration to someone outside its scope."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations.models import Edition

from ..models import Attendee, Registration
from ..permissions import registrations_visible_to
from .attendees import _attendee_label, _masked
from .errors import RegistrationError

# What a firm registering itself through an invitation is told: never which delegation,
# sub-delegation or firm holds the code or the person (anyone with the link could ask).
PUBLIC_DUPLICATE_FIRM = gettext_lazy(
    "This firm is already registered for this edition. Please contact the unit that invited you."
)
PUBLIC_DUPLICATE_ATTENDEE = gettext_lazy(
    "This person is already registered for this edition. Please contact the unit that invited you."
)


def registrations_by_credit_code(
    *, edition: Edition, credit_codes, exclude_pk: int | None = None
) -> dict[str, Registration]:
    """The registrations this edition already has for any of these codes, by code."""
    qs = Registration.objects.filter(
        edition=edition, purchaser__credit_code__in=list(credit_codes)
    ).select_related("purchaser", "sub_delegation__delegation__office_unit", "unit")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return {r.purchaser.credit_code: r for r in qs}


def attendees_by_id(
    *, edition: Edition, ids, exclude_registration_pk: int | None = None
) -> dict[tuple[str, str], Attendee]:
    """The attendees this edition already has for any of these (type, number) pairs."""
    ids = list(ids)
    numbers = {number for _, number in ids}
    qs = Attendee.objects.filter(edition=edition, id_number__in=numbers).select_related(
        "registration__purchaser", "registration__sub_delegation__delegation__office_unit"
    )
    if exclude_registration_pk:
        qs = qs.exclude(registration=exclude_registration_pk)
    wanted = set(ids)
    return {(a.id_type, a.id_number): a for a in qs if (a.id_type, a.id_number) in wanted}


def _contact(registration: Registration) -> str:
    delegation = registration.sub_delegation.delegation
    name = delegation.registration_contact_name or delegation.office_contact_name
    phone = delegation.registration_contact_phone or delegation.office_contact_phone
    office = delegation.office_unit.display_name
    return " ".join(part for part in (office, name, phone) if part)


def _visible(registration: Registration, user, visible: bool | None) -> bool:
    if visible is not None:  # the caller looked it up for many registrations at once
        return visible
    return registrations_visible_to(user).filter(pk=registration.pk).exists()


def duplicate_firm_message(*, registration: Registration, user, visible: bool | None = None) -> str:
    """Where the firm is registered and whom to ask; details only to those who may see them."""
    sub = registration.sub_delegation
    if _visible(registration, user, visible):
        return _("This firm is already registered for this edition in %(sub)s (%(status)s).") % {
            "sub": sub.display_name,
            "status": registration.get_status_display(),
        }
    return _(
        "This firm is already registered for this edition by %(delegation)s, %(sub)s. "
        "To change that, contact %(contact)s."
    ) % {
        "delegation": sub.delegation.display_name,
        "sub": sub.display_name,
        "contact": _contact(registration),
    }


def duplicate_attendee_message(*, attendee: Attendee, user, visible: bool | None = None) -> str:
    registration = attendee.registration
    if _visible(registration, user, visible):
        return _("This person is already registered for this edition with %(purchaser)s.") % {
            "purchaser": registration.name
        }
    return _(
        "This person is already registered for this edition by %(delegation)s. "
        "To change that, contact %(contact)s."
    ) % {
        "delegation": registration.sub_delegation.delegation.display_name,
        "contact": _contact(registration),
    }


def _check_duplicates(
    *,
    by,
    edition: Edition,
    credit_code: str,
    attendees: list[dict],
    registration_pk: int | None,
    public: bool = False,
) -> None:
    """Refuse a firm or a person already registered this edition, saying where; in public
    (a firm registering itself through an invitation) saying only that it is."""
    errors = RegistrationError()
    if credit_code:
        existing = registrations_by_credit_code(
            edition=edition, credit_codes=[credit_code], exclude_pk=registration_pk
        ).get(credit_code)
        if existing:
            errors.fields["credit_code"] = [
                str(PUBLIC_DUPLICATE_FIRM)
                if public
                else duplicate_firm_message(registration=existing, user=by)
            ]
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(attendees):
        key = (row["id_type"], row["id_number"])
        if key in seen:
            errors.add_attendee_error(
                index,
                "id_number",
                _("This ID number is already on this registration (row %(row)d).")
                % {"row": seen[key] + 1},
            )
        else:
            seen[key] = index
    elsewhere = attendees_by_id(
        edition=edition, ids=list(seen), exclude_registration_pk=registration_pk
    )
    for key, attendee in elsewhere.items():
        errors.add_attendee_error(
            seen[key],
            "id_number",
            str(PUBLIC_DUPLICATE_ATTENDEE)
            if public
            else duplicate_attendee_message(attendee=attendee, user=by),
        )
    if errors:
        raise errors


def check_duplicates(
    *,
    edition: Edition,
    purchaser: dict,
    attendees: list[dict],
    public: bool = True,
    by=None,
    registration_pk: int | None = None,
) -> None:
    """The write path's duplicate rule, asked before anything is written (a firm's own
    form checks it before sending a code): raises ``RegistrationError``."""
    _check_duplicates(
        by=by,
        edition=edition,
        credit_code=purchaser.get("credit_code", ""),
        attendees=attendees,
        registration_pk=registration_pk,
        public=public,
    )


def _raise_duplicate_from_race(
    *, by, edition, data, attendees, registration_pk, public: bool = False
) -> None:
    """After a unique constraint fired, find what collided and say it like the check does."""
    _check_duplicates(
        by=by,
        edition=edition,
        credit_code=data.get("credit_code", ""),
        attendees=attendees,
        registration_pk=registration_pk,
        public=public,
    )


def _check_duplicates_in_bulk(*, by, edition: Edition, drafts: list) -> None:
    """The rules of :func:`_check_duplicates` for many registrations at once, in two queries:
    no firm and no person twice, in the batch or already this edition."""
    errors = RegistrationError()
    codes: dict[str, int] = {}
    people: dict[tuple[str, str], int] = {}
    for index, draft in enumerate(drafts):
        code = draft.purchaser["credit_code"]
        if code in codes:
            errors.messages.append(
                _("%(code)s: the same firm is twice in this batch.") % {"code": code}
            )
        codes.setdefault(code, index)
        for row in draft.attendees:
            key = (row.get("id_type") or Attendee.IdType.RESIDENT_ID, row["id_number"])
            if key in people:
                errors.messages.append(
                    _("%(who)s: the same person is twice in this batch.")
                    % {"who": _attendee_label(row)}
                )
            people.setdefault(key, index)
    for code, registration in registrations_by_credit_code(
        edition=edition, credit_codes=list(codes)
    ).items():
        errors.messages.append(
            f"{code}: {duplicate_firm_message(registration=registration, user=by)}"
        )
    for _key, attendee in attendees_by_id(edition=edition, ids=list(people)).items():
        errors.messages.append(
            f"{_masked(attendee.id_number)}: "
            f"{duplicate_attendee_message(attendee=attendee, user=by)}"
        )
    if errors:
        raise errors
