# make run   — set everything up (venv, install, migrate, reference data, demo articles) and serve
# make test  — set up and run the whole test suite (SQLite unless DATABASE_URL is set)

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run setup test bench messages clean worker beat

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py ingest fixtures/demo

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Jobs on workers (feeds, ingestion, alerts), with CELERY_BROKER_URL naming the broker; run as
# many workers as wanted, on any machine sharing the database, and one beat for the schedule.
BROKER ?= redis://127.0.0.1:6379/1
worker: setup
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(BROKER)} $(VENV)/bin/celery -A tracker worker --loglevel INFO

beat: setup
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(BROKER)} $(VENV)/bin/celery -A tracker beat --loglevel INFO --schedule $${CELERY_BEAT_FILE:-celerybeat-schedule}

test: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/extract.py
	$(PY) bench/ingest.py

# Refresh the Hindi interface strings after changing templates or code (needs gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages --locale hi --ignore ".venv/*" --ignore "bench/*"
	$(PY) manage.py compilemessages --locale hi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
