"""Showing a registration's history in words."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from purchasers.models import Purchaser, Registration, RegistrationEvent
from purchasers.registration.firms import PURCHASER_FIELDS
from purchasers.registration.forms import AttendeeForm, PurchaserForm

register = template.Library()

REGISTRATION_ACTIONS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("changed"),
    "submitted": gettext_lazy("submitted for review"),
    "resubmitted": gettext_lazy("submitted again after correction"),
    "carried_over": gettext_lazy("registered again from the previous edition"),
    "imported": gettext_lazy("imported from a spreadsheet"),
    "self_registered": gettext_lazy("registered by the firm itself through an invitation"),
}
OTHER_LABELS = {
    "sub_delegation": gettext_lazy("Sub-delegation"),
    "lead_agency": gettext_lazy("Lead agency"),
    "edition": gettext_lazy("Edition"),
    "name_en": gettext_lazy("Name (English)"),
    "region": gettext_lazy("Region"),
    "invitation": gettext_lazy("Invitation"),
    "confirmed_email": gettext_lazy("Confirmed email"),
}
# History is stored as JSON (whose keys PostgreSQL does not keep in order): show it in the
# order of the page.
ORDER = [
    *PURCHASER_FIELDS[:2],
    "name_en",
    *PURCHASER_FIELDS[2:],
    "region",
    "sub_delegation",
    "lead_agency",
    "edition",
    "attendees",
    "row",
]
KINDS = dict(Purchaser.Kind.choices)


@register.filter
def event_label(event: RegistrationEvent) -> str:
    return str(REGISTRATION_ACTIONS.get(event.action, event.action.replace("_", " ")))


@register.filter(name="status_label")
def registration_status_label(status: str) -> str:
    return str(dict(Registration.Status.choices).get(status, status))


def _label(form_class, name: str) -> str:
    if name in OTHER_LABELS:
        return str(OTHER_LABELS[name])
    form_field = form_class.base_fields.get(name)
    return str(form_field.label) if form_field else name


def _pair(before, after) -> str:
    return f"{before or '—'} → {after or '—'}"


@register.filter
def change_lines(event: RegistrationEvent) -> list[str]:
    """One line per changed field, and per attendee added, removed or changed."""
    lines = []
    changes = sorted(
        event.changes.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else 99
    )
    for name, value in changes:
        if name == "row":
            lines.append(_("From row %(row)s of the spreadsheet.") % {"row": value})
        elif name == "source":
            # Older imports said only where they came from; the row says it now.
            continue
        elif name == "attendees" and not isinstance(value, dict):
            # Older imports kept only the count: ``[None, n]``.
            count = value[-1] if isinstance(value, list) and value else value
            lines.append(_("Attendees: %(count)s") % {"count": count})
        elif name == "attendees":
            for who in value.get("added", []):
                lines.append(_("Attendee added: %(who)s") % {"who": who})
            for who in value.get("removed", []):
                lines.append(_("Attendee removed: %(who)s") % {"who": who})
            for who, diff in value.get("changed", {}).items():
                parts = "; ".join(
                    f"{_label(AttendeeForm, field)}: {_pair(*pair)}" for field, pair in diff.items()
                )
                lines.append(_("Attendee %(who)s changed: %(what)s") % {"who": who, "what": parts})
        elif isinstance(value, list) and len(value) == 2:
            lines.append(_detail_line(name, value))
        else:
            lines.append(f"{name}: {value}")
    return lines


def _detail_line(name: str, pair: list) -> str:
    if name == "kind":
        pair = [KINDS.get(v, v) for v in pair]
    return f"{_label(PurchaserForm, name)}: {_pair(*pair)}"


@register.filter
def difference_lines(differences: dict) -> list[str]:
    """A known firm's details against a new registration's: one line per field."""
    ordered = sorted(
        differences.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else 99
    )
    return [_detail_line(name, pair) for name, pair in ordered]
