from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        # Failed sign-ins (accounts live in this app) are recorded in the log.
        from ciie_delegations import logs  # noqa: F401
