"""The admin of the delegations app: each concept package registers its own models."""

from .accounts import admin as accounts_admin
from .deadlines import admin as deadlines_admin
from .setup import admin as setup_admin

__all__ = ["accounts_admin", "deadlines_admin", "setup_admin"]
