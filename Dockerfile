# The application image used by docker-compose.yml on a server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
RUN DJANGO_PRODUCTION=1 SECRET_KEY=build-only-collectstatic-never-serves-requests-0123456789abcdef python manage.py collectstatic --noinput

RUN useradd --create-home ciie && mkdir -p /app/var && chown -R ciie /app/var
USER ciie
EXPOSE 8000
CMD ["gunicorn", "ciie_delegations.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
