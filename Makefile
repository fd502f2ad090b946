# Two commands: `make run` (set up and serve) and `make test` (install test extras, run the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# WORKERS/THREADS: gunicorn processes and threads (default: ARCHIVE_WEB_WORKERS/_THREADS, else 2 x 4)
WORKERS ?=
THREADS ?=
# make run turns DEBUG on by default only when it serves on loopback.
LOOPBACK_DEBUG := $(if $(filter 127.0.0.1 localhost ::1 [::1],$(HOST)),1,0)
export DJANGO_SETTINGS_MODULE := archive.settings

.PHONY: run setup test bench reliability lint install install-test clean-index backup restore messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

setup: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_defaults
	$(PY) manage.py ensure_index

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-$(LOOPBACK_DEBUG)} $(PY) manage.py serve --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS)) $(if $(THREADS),--threads $(THREADS))

test: install-test
	$(PY) -m tests.run

# The archive over HTTP (docs/performance.md, "Over HTTP"): 10,000 and 100,000 articles on
# SQLite + Whoosh, PostgreSQL + Whoosh and PostgreSQL + its engine, kept under var/bench/.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--articles 10000 --config sqlite-whoosh --quick".
bench: install
	nice $(PY) -m archive.dev.http $(BENCH_ARGS)

# The archive tried as an unlucky operator and an attacker would (docs/reliability.md): one
# table, figures in var/reliability.json; QUICK=1 runs the fast scale (the subset in make test).
reliability: install-test
	$(PY) -m tests.reliability $(if $(QUICK),--quick) $(if $(JSON),--json $(JSON))

# make backup [TO=dir-or-file] [KEEP=n]; make restore FROM=var/backups/archive-....sqlite3
backup: install
	$(PY) manage.py backup $(if $(TO),--output $(TO)) $(if $(KEEP),--keep $(KEEP))

restore: install
	@test -n "$(FROM)" || { echo "usage: make restore FROM=path/to/backup"; exit 2; }
	$(PY) manage.py restore $(FROM)
# Refresh locale/fr/LC_MESSAGES/django.po from the code and templates (then translate the new
# msgids and run `make setup`, which compiles them).
messages: install
	$(PY) manage.py makemessages --locale fr --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --no-obsolete

lint: install-test
	$(VENV)/bin/ruff check .
