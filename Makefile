# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)

# Under CI=true the suite runs against the machine's PostgreSQL and Redis, never SQLite.
ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ciie_delegations
export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0
endif

.PHONY: install run test bench lint format messages services migrate check-deploy backup restore

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo
	@echo "Serving on http://127.0.0.1:8000/  (API docs: /api/docs/, admin: /admin/)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
ifeq ($(CI),true)
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
endif
	DB_CONN_MAX_AGE=0 $(PY) -m pytest

# Benchmarks run against PostgreSQL (a database of their own, created when missing).
# `make bench SIZE=small` runs every benchmark on a small national data set in minutes.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ciie_bench
BENCH_DB := $(lastword $(subst /, ,$(BENCH_DATABASE_URL)))
BENCH_ADMIN_URL := $(patsubst %/$(BENCH_DB),%/postgres,$(BENCH_DATABASE_URL))
ifeq ($(SIZE),small)
BENCH_SIZE := ROLLUP_BENCH_DEALS=50000 DEAL_LIST_BENCH_DEALS=50000 IMPORT_BENCH_ROWS=2000 LOAD_BENCH_USERS=20 LOAD_BENCH_SECONDS=20 LOGISTICS_BENCH_ATTENDEES=1000
endif
bench: install
	psql "$(BENCH_ADMIN_URL)" -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 \
	  || psql "$(BENCH_ADMIN_URL)" -c 'CREATE DATABASE "$(BENCH_DB)"'
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BENCH_SIZE) $(PY) -m benchmarks

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate and compile the Chinese message files after changing user-facing text.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

# Web (gunicorn), Celery worker and beat against PostgreSQL and Redis, as docker-compose.yml
# runs them on a server. Migrations are a step of their own before: when the database is
# not there yet it says so, and the processes start anyway (/healthz/ answers 503 naming it).
LOCAL_DATABASE_URL := postgres://postgres@127.0.0.1:5432/ciie_delegations
LOCAL_BROKER_URL := redis://127.0.0.1:6379/0
services: install
	@mkdir -p var
	@export DATABASE_URL="$${DATABASE_URL:-$(LOCAL_DATABASE_URL)}" \
	  CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(LOCAL_BROKER_URL)}"; \
	echo "database: $$(echo $$DATABASE_URL | sed -E 's#//([^:@/]*):[^@]*@#//\1:***@#')"; \
	echo "broker:   $$(echo $$CELERY_BROKER_URL | sed -E 's#//([^:@/]*):[^@]*@#//\1:***@#')"; \
	$(PY) manage.py migrate --noinput || echo "migrations did not run (see above); starting anyway"; \
	echo "web on http://$${WEB_BIND:-127.0.0.1:8000}/  (health: /healthz/)"; \
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH exec $(VENV)/bin/honcho start

migrate: install
	$(PY) manage.py migrate --noinput

# Backups: the database (pg_dump) and the media folder, into var/backups/<UTC time>/ (or
# BACKUP=<folder>); restore into a new empty database: `createdb ciie_restored` then
# `make restore BACKUP=var/backups/... DATABASE_URL=postgres://.../ciie_restored`.
backup: install
	$(PY) manage.py backup $(if $(BACKUP),--to $(BACKUP))

restore: install
	@test -n "$(BACKUP)" || (echo "make restore BACKUP=var/backups/<folder>" && exit 2)
	$(PY) manage.py restore $(BACKUP)

check-deploy: install
	DJANGO_PRODUCTION=1 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=example.org \
	EMAIL_HOST=smtp.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING
