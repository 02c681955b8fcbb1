"""What every bulk action shares: the refusal that names each row that cannot go through,
the selection's ids, one UPDATE for many rows with values of their own, and the pages'
confirmation step.

A bulk action is the single action's rule applied to a locked selection, all or nothing,
with a number of statements that does not grow with the selection.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.shortcuts import render
from django.utils.translation import gettext as _


class BulkRefused(Exception):
    """Some of the selection cannot go through, so nothing was done. ``reasons`` holds
    (what, why) for each of them, in the selection's order."""

    def __init__(self, reasons: list[tuple[str, str]]):
        self.reasons = list(reasons)
        super().__init__(
            _("Nothing was done: %(n)d of the selection cannot go through.")
            % {"n": len(self.reasons)}
        )


class EmptySelection(ValueError):
    pass


def selection(ids: Iterable) -> list[int]:
    """The selected ids, once each, in id order (the order rows are locked in, so that two
    bulk requests cannot deadlock each other)."""
    result = sorted({int(pk) for pk in ids})
    if not result:
        raise EmptySelection(_("Select at least one registration."))
    return result


def update_each(model, objects: list, fields: list[str]) -> None:
    """Write ``fields`` of every object, each with its own values, in one statement.

    On PostgreSQL the values travel as arrays joined by ``unnest``: one UPDATE and one
    hash join for any number of rows (``bulk_update``'s CASE grows with the rows squared).
    Elsewhere Django's ``bulk_update``.
    """
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields)
        return
    qn = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    sets = ", ".join(f"{qn(c.column)} = v.{qn(c.column)}" for c in columns)
    arrays = ", ".join(f"unnest(%s::{c.db_type(connection)}[]) AS {qn(c.column)}" for c in columns)
    sql = (
        f"UPDATE {qn(meta.db_table)} AS t SET {sets} "
        f"FROM (SELECT unnest(%s::{meta.pk.db_type(connection)}[]) AS pk, {arrays}) AS v "
        f"WHERE t.{qn(meta.pk.column)} = v.pk"
    )
    params = [[obj.pk for obj in objects]] + [
        [c.get_db_prep_save(getattr(obj, c.attname), connection) for obj in objects]
        for c in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class _Undo(Exception):
    pass


def dry_run(service, **kwargs) -> list[tuple[str, str]]:
    """Run a bulk action and undo it: the reasons it would refuse with, or none. The
    confirmation page says exactly what the action will say, because it is the action."""

    try:
        with transaction.atomic():
            service(**kwargs)
            raise _Undo
    except _Undo:
        return []
    except BulkRefused as refused:
        return refused.reasons


# -- the pages' two steps: a confirmation that says how many and what, then the action ------

MAX_LISTED = 200


def posted_ids(request) -> list[int]:
    """The ids ticked on a list page, once each, in id order; anything else is dropped."""
    return sorted({int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()})


def confirm_page(
    request,
    *,
    title: str,
    question: str,
    items: list[str],
    action: str,
    hidden: list[tuple[str, object]],
    confirm_label: str,
    confirm_id: str,
    cancel_url: str,
    refused: list[tuple[str, str]] = (),
    left_out: list[tuple[str, str]] = (),
    reason_field: bool = False,
    can_confirm: bool | None = None,
):
    """The confirmation page of a bulk action: what it will do, what it would refuse (it ran
    and was undone), and the form that does it."""
    return render(
        request,
        "purchasers/bulk_confirm.html",
        {
            "title": title,
            "question": question,
            "items": items[:MAX_LISTED],
            "more": max(0, len(items) - MAX_LISTED),
            "refused": list(refused),
            "left_out": list(left_out),
            "action": action,
            "hidden": hidden,
            "confirm_label": confirm_label,
            "confirm_id": confirm_id,
            "cancel_url": cancel_url,
            "reason_field": reason_field,
            "can_confirm": (not refused) if can_confirm is None else can_confirm,
        },
    )
