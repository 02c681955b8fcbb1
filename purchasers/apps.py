from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasersConfig(AppConfig):
    name = "purchasers"
    verbose_name = _("Purchasers")

    def ready(self):
        # Who may do what: this app's capabilities, registered once.
        from . import capabilities  # noqa: F401
        from .badges import capabilities as _badges  # noqa: F401  (registers the badge rules)
        from .badges.obligations import register_badge_obligations
        from .invitations import capabilities as _invitations  # noqa: F401  (the invitation rules)
        from .logistics import capabilities as _logistics  # noqa: F401  (the logistics rules)
        from .ownership import capabilities as _ownership  # noqa: F401  (the ownership list)
        from .registration.obligations import register_registration_obligations

        register_registration_obligations()
        register_badge_obligations()
