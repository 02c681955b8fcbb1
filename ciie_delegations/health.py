"""``/healthz/``: is this web process able to serve, and is the work behind it running?

Checks from django-health-check 4.x: the database (``SELECT 1``), the broker (a Redis
ping) and the workers (Celery's ping, which also says which queue has no worker). 200 when
all are up; 503 naming what is down. No authentication, and nothing from the data: the
answer is the same for everyone.

With no broker configured (tasks run eagerly in the web process) only the database is
checked.
"""

import asyncio
import dataclasses
import datetime

import redis
from django.conf import settings
from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient


@dataclasses.dataclass
class Workers(Ping):
    """Celery's ping, skipped (and reported down) at once when the broker is unreachable,
    instead of waiting for a publish that cannot happen."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=1), repr=False
    )

    def run(self):

        try:
            redis.Redis.from_url(
                settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
            ).ping()
        except redis.RedisError as error:
            raise ServiceUnavailable("unknown: the broker is unreachable") from error
        super().run()


def _checks() -> list[tuple[str, HealthCheck]]:
    checks: list[tuple[str, HealthCheck]] = [("database", Database())]
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        url = settings.CELERY_BROKER_URL
        checks.append(
            (
                "broker",
                Redis(
                    client_factory=lambda: RedisClient.from_url(
                        url, socket_connect_timeout=1, socket_timeout=1
                    )
                ),
            )
        )
        checks.append(("workers", Workers()))
    return checks


class HealthzView(HealthCheckView):
    async def get(self, request, *args, **kwargs):
        named = _checks()
        results = await asyncio.gather(*(check.get_result() for _name, check in named))
        state = {
            name: "ok" if result.error is None else str(result.error)
            for (name, _check), result in zip(named, results, strict=True)
        }
        down = [name for name, value in state.items() if value != "ok"]
        return JsonResponse(
            {"status": "down" if down else "ok", "down": down, "checks": state},
            status=503 if down else 200,
        )


healthz = HealthzView.as_view()
