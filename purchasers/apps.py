from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasersConfig(AppConfig):
    name = "purchasers"
    verbose_name = _("Purchasers")

    def ready(self):
        # Who may do what: this app's capabilities, registered once.
        from . import capabilities  # noqa: F401
        from .obligations import register_providers

        register_providers()
