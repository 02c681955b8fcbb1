"""Writes to purchasers and registrations: the only place their state changes."""

from .models import Registration, RegistrationEvent


def record_event(
    *,
    registration: Registration,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    changes: dict | None = None,
) -> RegistrationEvent:
    """Append an entry to the registration's history. Call inside the change's transaction."""
    return RegistrationEvent.objects.create(
        registration=registration,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changes=changes or {},
    )
