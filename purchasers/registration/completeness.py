"""What a registration needs before it can go to review: the page's own validators."""

from django.utils.translation import gettext as _

from ..models import Registration
from ..permissions import EDITABLE_STATUSES
from .fields import ATTENDEE_FIELDS, FIRM_FIELDS
from .forms import AttendeeForm, PurchaserForm


class FormCheck:
    """One form re-bound for each row: the page's validators at list speed (building a form
    deep-copies its fields, most of what a check costs)."""

    def __init__(self, form_class):
        self.form = form_class(data={})

    def errors(self, data: dict):
        # The form's instance is kept: every check writes all the form's fields onto it.
        form = self.form
        form.data, form._errors = data, None
        if hasattr(form, "cleaned_data"):
            del form.cleaned_data
        return form.errors


def completeness_checks() -> tuple[FormCheck, FormCheck]:
    return FormCheck(PurchaserForm), FormCheck(AttendeeForm)


def registration_missing(
    registration: Registration, *, checks: tuple[FormCheck, FormCheck] | None = None
) -> list[str]:
    """What still has to be filled in before the registration can go to review.

    ``checks`` (from :func:`completeness_checks`) lets many registrations share two forms.
    """
    purchaser_check, attendee_check = checks or completeness_checks()
    missing = []
    errors = purchaser_check.errors(
        {name: getattr(registration, name) for name in FIRM_FIELDS.entered}
    )
    fields = purchaser_check.form.fields
    for name, messages in errors.items():
        label = fields[name].label if name in fields else name
        missing += [f"{label}: {error}" for error in messages]
    attendees = list(registration.attendees.all())
    if not attendees:
        missing.append(_("Add at least one attendee."))
    fields = attendee_check.form.fields
    for attendee in attendees:
        errors = attendee_check.errors(
            {name: getattr(attendee, name) for name in ATTENDEE_FIELDS.entered}
        )
        for name, messages in errors.items():
            missing += [f"{attendee.name} · {fields[name].label}: {e}" for e in messages]
    return missing


def _submit_refusal(registration: Registration, checks=None) -> list[str]:
    """Why this registration cannot be submitted, or nothing: one rule for one or many."""
    if registration.status not in EDITABLE_STATUSES:
        return [
            _("This registration is %(status)s: it cannot be submitted again.")
            % {"status": registration.get_status_display()}
        ]
    missing = registration_missing(registration, checks=checks)
    if missing:
        return [_("Complete the registration before submitting it.")] + missing
    return []


def registrations_submittable(registrations) -> tuple[list[Registration], list[tuple]]:
    """Of these (prefetched with attendees), the complete drafts, and the others with what
    each one misses: what "submit all matching the filter" would send and leave."""
    ready, left = [], []
    checks = completeness_checks()
    for registration in registrations:
        if registration.status not in EDITABLE_STATUSES:
            continue
        missing = registration_missing(registration, checks=checks)
        if missing:
            left.append((registration, "; ".join(missing)))
        else:
            ready.append(registration)
    return ready, left
