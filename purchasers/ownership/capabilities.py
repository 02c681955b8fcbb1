"""Who may change the ownership list (imported from ``PurchasersConfig.ready``)."""

from delegations.capabilities import capability
from delegations.permissions import is_national_admin


@capability("ownerships.administer")
def may_administer_ownerships(user, obj=None) -> bool:
    """The expo bureau keeps the one list every delegation's firms choose from."""
    return is_national_admin(user)
