"""A bulletin as each member unit's liaison reads it: its own line first, then the table.

Chinese first, then English, in one message (as the reminders are); the printable
bulletin goes with it as an HTML attachment that prints as the page does.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from delegations.emails import render_bilingual

from .models import Bulletin, BulletinDelivery
from .selectors import lines_for_unit


def _context(bulletin: Bulletin, delivery: BulletinDelivery) -> dict:
    return {
        "bulletin": bulletin,
        "delegation": bulletin.delegation,
        "figures": bulletin.figures,
        "mine": lines_for_unit(bulletin.figures, delivery.unit_id),
        "unit": delivery.unit,
        "site_url": settings.SITE_URL,
    }


def document_html(bulletin: Bulletin, language: str = "zh-hans") -> str:
    """The printable bulletin, a whole HTML page with its print styles."""
    with translation.override(language):
        return render_to_string(
            "deals/bulletins/bulletin_document.html",
            {"bulletin": bulletin, "delegation": bulletin.delegation, "figures": bulletin.figures},
        )


def render_delivery(bulletin: Bulletin, delivery: BulletinDelivery) -> tuple[str, str, str]:
    """Subject, text and HTML of one unit's copy."""
    context = _context(bulletin, delivery)
    return render_bilingual("emails/bulletins/bulletin", lambda: context)


def attachment_name(bulletin: Bulletin) -> str:
    return f"bulletin-{bulletin.delegation_id}-{bulletin.number}.html"
