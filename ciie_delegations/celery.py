import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ciie_delegations.settings")

app = Celery("ciie_delegations")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
