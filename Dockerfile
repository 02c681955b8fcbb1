# The application image for docker-compose.yml: the same processes as `make services`
# (Procfile), gunicorn by default; the worker and beat are the same image with another
# command. Built without a database: compilemessages and collectstatic touch none.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    WEB_BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/app/var/media \
    EXPORT_TMP_DIR=/app/var/tmp/exports \
    BEAT_SCHEDULE=/app/var/celerybeat-schedule
WORKDIR /app

# gettext for compilemessages; the PostgreSQL client for `manage.py backup` / `restore`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
RUN export DJANGO_PRODUCTION=1 SECRET_KEY=build-only-collectstatic-never-serves-requests-0123456789abcdef \
    ALLOW_CONSOLE_EMAIL=1 \
 && python manage.py compilemessages \
 && python manage.py collectstatic --noinput

RUN useradd --create-home ciie && mkdir -p /app/var && chown -R ciie /app/var
USER ciie
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz/', timeout=8).status != 200)"
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
