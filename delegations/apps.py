from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        # Who may do what: this app's capabilities, registered once.
        # Failed sign-ins (accounts live in this app) are recorded in the log.
        from ciie_delegations import logs  # noqa: F401

        from . import rules  # noqa: F401
