import logging.config
import os

from celery import Celery
from celery.signals import setup_logging
from django.conf import settings
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ciie_delegations.settings")

app = Celery("ciie_delegations")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def _log_like_django(**kwargs):
    """Worker and beat log through Django's LOGGING: the same format and time zone as the
    web process, one line per task (django-structlog) with the id of the request that
    queued it."""
    logging.config.dictConfig(settings.LOGGING)
