"""The purchasers app's capabilities: registrations, their review, the checks, imports.

Object rules look at the registration only through the scoped querysets of
``permissions``; the state (draft, submitted...) is the service's to refuse (400/409).
"""

from delegations.capabilities import capability
from delegations.permissions import Role, has_role, is_active, is_read_only, is_superuser
from delegations.rules import reads_figures

from .permissions import can_register, registrations_owned_by, registrations_reviewable_by


def _acts_as(user, role: str) -> bool:
    return has_role(user, role) or is_superuser(user)


def _is_owned(user, registration) -> bool:
    owned = registrations_owned_by(user)
    return owned.exists() if registration is None else owned.filter(pk=registration.pk).exists()


@capability("registrations.create")
def may_register(user, obj=None) -> bool:
    """Staff of a unit with a place in a delegation; not checkers or national readers."""
    return can_register(user)


@capability("registrations.edit")
def may_change_registration(user, registration=None) -> bool:
    """What the user's unit registered (editable while a draft or returned: the state's
    call)."""
    return can_register(user) and (registration is None or _is_owned(user, registration))


# Submitting and withdrawing are decided as editing is: by the registering unit.
capability("registrations.submit")(may_change_registration)
capability("registrations.withdraw")(may_change_registration)


@capability("registrations.import")
def may_import(user, obj=None) -> bool:
    """Staff of a unit who can change things; which sub-delegations is their scope's call."""
    return is_active(user) and not is_read_only(user) and user.unit_id is not None


def _reviews(user, role: str, registration) -> bool:
    if not _acts_as(user, role):
        return False
    if registration is None:
        return True
    return registrations_reviewable_by(user).filter(pk=registration.pk).exists()


@capability("review.lead_decide")
def may_decide_as_lead(user, registration=None) -> bool:
    """The first tier: approve, reject or return what the user's lead agency reviews."""
    return _reviews(user, Role.LEAD, registration)


@capability("review.office_decide")
def may_decide_as_office(user, registration=None) -> bool:
    """The second tier: report up or send back what the delegation's office reviews."""
    return _reviews(user, Role.ORGANISER, registration)


@capability("review.resubmit")
def may_resubmit(user, obj=None) -> bool:
    """A registrant sends a returned registration up again (which ones: the service's scope)."""
    return _acts_as(user, Role.REGISTRANT)


@capability("checks.set_credit")
def may_set_credit_check(user, obj=None) -> bool:
    return _acts_as(user, Role.CREDIT_CHECKER) and not is_read_only(user)


@capability("checks.set_background")
def may_set_background_check(user, obj=None) -> bool:
    return _acts_as(user, Role.BACKGROUND_CHECKER) and not is_read_only(user)


# Review progress by lead agency reads the same figures as the deal totals.
capability("review.progress")(reads_figures)
