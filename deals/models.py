"""The deals app's models, defined in its concept packages and imported here for Django."""

from .bulletins.models import (  # noqa: F401
    Bulletin,
    BulletinDelivery,
    BulletinSchedule,
    ProgressReport,
    UnitReport,
    UnitReportEntry,
)
from .directory.models import Exhibitor, ExhibitorEvent, ExhibitorProposal  # noqa: F401
from .needs.models import Meeting, ProcurementNeed  # noqa: F401
from .rates.models import ExchangeRate  # noqa: F401
from .records.models import Deal, DealEvent, FollowUpNote  # noqa: F401
from .rollups.models import (  # noqa: F401
    ExportJob,
    RollupDirty,
    RollupDirtyRegistration,
    RollupPart,
    RollupRow,
    RollupRun,
)
