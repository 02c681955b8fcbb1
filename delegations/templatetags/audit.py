"""Every history page's table: ``{% history events %}``, from the one presenter."""

from django import template

from ..audit.presenters import history_rows

register = template.Library()


@register.inclusion_tag("audit/_history.html")
def history(events, table_id: str = "history-table"):
    """The events (with their actors) as the history table, in the reader's language."""
    return {"rows": history_rows(events), "table_id": table_id}
