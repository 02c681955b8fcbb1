from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals")

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .bulletins import capabilities as _bulletin_capabilities  # noqa: F401
        from .bulletins import tasks as _bulletin_tasks  # noqa: F401
        from .obligations import register_providers

        register_providers()
