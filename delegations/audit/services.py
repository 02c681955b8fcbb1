"""The one writer of history: every write service records its change here, inside its own
transaction, so a change and its history entry are saved or refused together."""

from collections.abc import Iterable
from typing import TypeVar

from .models import AuditEvent, EventKind

Event = TypeVar("Event", bound=AuditEvent)


def entry(
    model: type[Event], *, by, kind: EventKind | str, changes: dict | None = None, **fields
) -> Event:
    """An unsaved history entry, for ``record_many``; ``fields`` name the subject (and the
    status moved from and to, the reason, as the model has them)."""
    return model(actor=by, kind=EventKind(kind), changes=changes or {}, **fields)


def record(
    model: type[Event], *, by, kind: EventKind | str, changes: dict | None = None, **fields
) -> Event:
    """Append one entry to a subject's history. Call inside the change's transaction."""
    event = entry(model, by=by, kind=kind, changes=changes, **fields)
    event.save(force_insert=True)
    return event


def record_many(events: Iterable[AuditEvent], *, batch_size: int | None = None) -> list[AuditEvent]:
    """``record`` for many subjects at once: one statement per history table (in batches),
    whatever the number of entries."""
    by_model: dict[type[AuditEvent], list[AuditEvent]] = {}
    for event in events:
        by_model.setdefault(type(event), []).append(event)
    saved = []
    for model, entries in by_model.items():
        saved += model.objects.bulk_create(entries, batch_size=batch_size)
    return saved
