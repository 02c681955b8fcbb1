"""Who reads the totals, exports them, and downloads an export."""

from delegations.capabilities import capability
from delegations.permissions import delegations_managed_by
from delegations.rules import reads_figures

from ..permissions import includes

# Totals and their exports read the same figures as review progress.
capability("totals.view")(reads_figures)
capability("totals.export")(reads_figures)


@capability("exports.download")
def may_download(user, job=None) -> bool:
    """The requester, or the office of the job's delegation."""
    if job is None:
        return reads_figures(user)
    if job.requested_by_id == user.pk:
        return True
    return bool(job.delegation_id) and includes(delegations_managed_by(user), job.delegation)
