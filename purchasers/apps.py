from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasersConfig(AppConfig):
    name = "purchasers"
    verbose_name = _("Purchasers")

    def ready(self):
        from .invitations import capabilities  # noqa: F401 (registers the rules)
        from .obligations import register_providers

        register_providers()
