"""Counting public requests in Django's cache: so many per link, per address, per window.

A fixed window per key (``cache.add`` starts it, ``cache.incr`` counts): the cache is
shared by every web process when it is Redis or the database (``CACHES``), per process
with the local-memory default, which still bounds one process.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

# (how many, per so many seconds); ``INVITATION_LIMITS`` in settings overrides each.
DEFAULT_LIMITS = {
    # Forms sent to one link (a firm correcting errors sends a few).
    "link_posts": (600, 3600),
    # Codes sent: through one link, to one email address, from one client address.
    "link_codes": (200, 3600),
    "email_codes": (5, 3600),
    "client_codes": (10, 3600),
    # Codes typed for one pending confirmation, and short codes typed at /i/ by one client.
    "code_attempts": (5, 3600),
    "client_lookups": (20, 3600),
    # Status links opened or posted from one client address.
    "client_status": (120, 3600),
}


class Throttled(Exception):
    """Too many requests of one kind: answer 429 and say when to come back."""


def limit(kind: str) -> tuple[int, int]:
    return getattr(settings, "INVITATION_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind])


def hit(kind: str, key: str) -> None:
    """Count one request of ``kind`` for ``key``; raise ``Throttled`` beyond the limit."""
    most, seconds = limit(kind)
    name = "invite-throttle:" + kind + ":" + hashlib.sha256(str(key).encode()).hexdigest()
    if cache.add(name, 1, timeout=seconds):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=seconds)
            count = 1
    if count > most:
        raise Throttled(kind)


def client_address(request) -> str:
    """The caller's address as the web server sees it (a proxy in front sets REMOTE_ADDR
    through gunicorn's forwarded-allow-ips)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
