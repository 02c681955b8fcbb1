"""The one reader of history: events as rows in the reader's language.

Each row says when, who, what happened (the kind's label, not its code), where the status
moved, and each changed field by its label with its before and after as the reader names
them: choices (statuses, currencies, kinds) by their labels, amounts with separators, yes or
no, the empty value as "—".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AuditEvent, EventKind

EMPTY = "—"


@dataclass
class ChangeRow:
    name: str
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    at: object
    actor: str
    kind: str
    kind_label: str
    subject: str = ""
    from_label: str = ""
    to_label: str = ""
    reason: str = ""
    changes: list[ChangeRow] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def kind_label(kind: str) -> str:
    """A kind as the reader names it (an unknown code as it is: never hidden)."""
    return capfirst(str(EventKind(kind).label)) if kind in EventKind.values else kind


def _model_field(models_: tuple, name: str):
    """The field of that name on the first of the models that has it (a reverse relation is
    no field of the model's: its name is labelled by the event model's ``change_labels``)."""
    for model in models_:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, ForeignObjectRel):
            return field
    return None


def field_label(event: AuditEvent, name: str) -> str:
    if name in event.change_labels:
        return capfirst(str(event.change_labels[name]))
    model_field = _model_field(event.changes_models(), name)
    if model_field is not None:
        return capfirst(str(model_field.verbose_name))
    return name


def value_text(event: AuditEvent, name: str, value) -> str:
    """A stored value as the reader names it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if name in event.value_formats:
        return str(event.value_formats[name](value))
    if value is True or value is False:
        return _("yes") if value else _("no")
    model_field = _model_field(event.changes_models(), name)
    if isinstance(model_field, models.BooleanField) and value in ("True", "False"):
        return _("yes") if value == "True" else _("no")  # kept as text by older entries
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DecimalField):
        try:
            return f"{Decimal(str(value)):,.{model_field.decimal_places}f}"
        except (InvalidOperation, ValueError, TypeError):
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _status_label(event: AuditEvent, status: str) -> str:
    choices = event.status_choices
    if not status:
        return EMPTY
    return str(choices(status).label) if choices and status in choices.values else status


def history_row(event: AuditEvent) -> HistoryRow:
    row = HistoryRow(
        at=event.at,
        actor=event.actor.display_full_name,
        kind=event.kind,
        kind_label=kind_label(event.kind),
        subject=getattr(event, "subject", ""),
        reason=event.reason,
    )
    to_status, from_status = getattr(event, "to_status", ""), getattr(event, "from_status", "")
    if to_status and to_status != from_status:
        row.from_label = _status_label(event, from_status)
        row.to_label = _status_label(event, to_status)
    order = event.change_order
    for name, value in sorted(
        (event.changes or {}).items(),
        key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
    ):
        special = event.change_lines(name, value)
        if special is not None:
            row.lines += special
        elif isinstance(value, list) and len(value) == 2 and value[0] == value[1]:
            # What the entry is about, unchanged (a deadline's kind): said, not compared.
            row.lines.append(f"{field_label(event, name)}: {value_text(event, name, value[0])}")
        elif isinstance(value, list) and len(value) == 2:
            before, after = value
            row.changes.append(
                ChangeRow(
                    name,
                    field_label(event, name),
                    value_text(event, name, before),
                    value_text(event, name, after),
                )
            )
        else:
            row.lines.append(f"{field_label(event, name)}: {value_text(event, name, value)}")
    return row


def history_rows(events: Iterable[AuditEvent]) -> list[HistoryRow]:
    """Every history page's rows, in the order given."""
    return [history_row(event) for event in events]
