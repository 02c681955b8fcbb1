"""Who reads the list of countries outside the list, and who searches the directory from
the deal form. Imported from ``DealsConfig.ready``."""

from delegations.capabilities import can, capability
from delegations.permissions import sees_everything

from ..permissions import exhibitors_visible_to


@capability("deals.countries_report")
def may_read_countries_report(user, obj=None) -> bool:
    """The office and the leads, who correct the deals; the national viewer reads it."""
    return can(user, "deals.follow_up") or sees_everything(user)


@capability("directory.search")
def may_search_directory(user, obj=None) -> bool:
    """Whoever reads the exhibitor directory (every role that reads deals)."""
    return exhibitors_visible_to(user).exists()
