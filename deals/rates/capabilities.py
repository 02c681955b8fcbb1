from delegations.capabilities import capability
from delegations.permissions import delegations_managed_by

from ..permissions import includes


@capability("rates.set")
def may_set_rate(user, delegation=None) -> bool:
    """A delegation's exchange rates: its office."""
    return includes(delegations_managed_by(user), delegation)
