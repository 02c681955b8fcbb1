"""The purchasers app's admin, for Django: each concept package registers its own models."""

from .badges import admin as _badges  # noqa: F401
from .invitations import admin as _invitations  # noqa: F401
from .logistics import admin as _logistics  # noqa: F401
from .ownership import admin as _ownership  # noqa: F401
from .registration import admin as _registration  # noqa: F401
from .review import admin as _review  # noqa: F401
