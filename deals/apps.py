from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deals")

    def ready(self) -> None:
        # Who may do what: this app's capabilities, registered once.
        from delegations.models import SetupEvent

        from .bulletins import capabilities as _bulletin_capabilities  # noqa: F401
        from .bulletins import tasks as _bulletin_tasks  # noqa: F401
        from .countries import capabilities as _countries  # noqa: F401  (the country list's rules)
        from .directory import capabilities as _directory  # noqa: F401
        from .exports import capabilities as _exports  # noqa: F401
        from .rates import capabilities as _rates  # noqa: F401
        from .rates.selectors import rate_text
        from .records import capabilities as _records  # noqa: F401
        from .records import signals  # noqa: F401
        from .records.obligations import register_deal_obligations

        register_deal_obligations()
        # A rate in the set-up history reads as quoted, in the reader's language.
        SetupEvent.read_value_as("rate", rate_text)
