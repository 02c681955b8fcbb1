"""Helpers shared by the review tests."""

from purchasers.models import CheckStatus, Registration

Status = Registration.Status


def set_status(registration: Registration, status: str) -> Registration:
    registration.status = status
    registration.save()
    return registration


def pass_checks(registration: Registration) -> Registration:
    registration.credit_check = CheckStatus.PASSED
    registration.save()
    registration.attendees.update(background_check=CheckStatus.PASSED)
    return registration
