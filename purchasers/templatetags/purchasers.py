"""A known firm's details against a registration's, in words (the history is the audit
presenter's: ``delegations.audit.presenters``)."""

from django import template
from django.utils.translation import gettext_lazy

from purchasers.models import Ownership, Purchaser
from purchasers.registration.fields import FIRM_FIELDS
from purchasers.registration.forms import PurchaserForm

register = template.Library()

OTHER_LABELS = {
    "sub_delegation": gettext_lazy("Sub-delegation"),
    "lead_agency": gettext_lazy("Lead agency"),
    "edition": gettext_lazy("Edition"),
    "name_en": gettext_lazy("Name (English)"),
    "region": gettext_lazy("Region"),
    "invitation": gettext_lazy("Invitation"),
    "confirmed_email": gettext_lazy("Confirmed email"),
}
# History is stored as JSON (whose keys PostgreSQL does not keep in order): show the firm's
# fields in their declared order, then where it registers and who comes.
AFTER_FIRM = ["sub_delegation", "lead_agency", "edition", "attendees", "row"]


def _in_order(changes: dict, *, declaration=FIRM_FIELDS, after=AFTER_FIRM) -> list:
    return sorted(changes.items(), key=lambda kv: declaration.order(kv[0], after=after))


KINDS = dict(Purchaser.Kind.choices)


def _label(form_class, name: str) -> str:
    if name in OTHER_LABELS:
        return str(OTHER_LABELS[name])
    form_field = form_class.base_fields.get(name)
    return str(form_field.label) if form_field else name


def _known_and_new(before, after) -> str:
    return f"{before or '—'} → {after or '—'}"


def ownership_names(codes) -> dict[str, str]:
    """The ownerships named by their codes, in the reader's language."""
    return {o.code: o.display_name for o in Ownership.objects.filter(code__in=codes)}


def _detail_line(name: str, pair: list) -> str:
    if name == "kind":
        pair = [KINDS.get(v, v) for v in pair]
    elif name == "ownership":
        names = ownership_names(pair)
        pair = [names.get(v, v) for v in pair]
    return f"{_label(PurchaserForm, name)}: {_known_and_new(*pair)}"


@register.filter
def difference_lines(differences: dict) -> list[str]:
    """A known firm's details against a new registration's: one line per field."""
    return [_detail_line(name, pair) for name, pair in _in_order(differences)]
