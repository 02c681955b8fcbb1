"""The purchasers app's models, for Django: each is defined in its concept package."""

from .badges.models import Badge, BadgeEvent, OfficialExport, OfficialLayout  # noqa: F401
from .invitations.models import FirmAccess, Invitation  # noqa: F401
from .logistics.models import (  # noqa: F401
    AttendeePlan,
    Bus,
    BusSeat,
    Hotel,
    Journey,
    Publication,
    RoomBlock,
    RosterSend,
    Stay,
    TravelGroup,
)
from .ownership.models import Ownership  # noqa: F401
from .registration.models import (  # noqa: F401
    Attendee,
    CheckStatus,
    FirmDetails,
    Purchaser,
    Registration,
    RegistrationEvent,
    mask_phone,
)
from .review.models import Notice  # noqa: F401
