# Two commands do all set-up on a fresh machine (Python 3.11+ and make):
#   make demo   install, migrate, load the demo council and serve http://127.0.0.1:$(PORT)
#   make test   install, lint and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# pytest's arguments: in parallel, one worker per CPU (pytest-xdist). Override to run part of the
# suite, or in one process: make pytest PYTEST_ARGS="-n 0 commissioning/cycles".
PYTEST_ARGS ?= -n auto
export DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test install install-dev frontend lint pytest bench load lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.main-installed: $(BIN)/python requirements/main.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/main.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.main-installed requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

frontend: $(BIN)/python
	$(BIN)/python tools/fetch_frontend.py

install: $(VENV)/.main-installed frontend

install-dev: $(VENV)/.dev-installed frontend

demo: install
	DEBUG=$${DEBUG:-true} $(BIN)/commissioning migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/commissioning load_demo
	DEBUG=$${DEBUG:-true} $(BIN)/commissioning runserver --noreload 127.0.0.1:$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DATABASE_URL= DJANGO_SETTINGS_MODULE=commissioning.config.settings_test $(BIN)/commissioning makemigrations --check --dry-run

pytest: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint pytest

bench: install-dev
	$(BIN)/python -m bench

# Requests per second of every signed-in page under gunicorn with national-size data (bench/load.py):
# SQLite, and PostgreSQL too when DATABASE_URL names a server. 8-10 minutes a database.
load: install-dev frontend
	$(BIN)/python -m bench.load

lock: $(VENV)/.dev-installed
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/main.txt pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --extra dev --no-emit-index-url --no-emit-find-links -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules commissioning/core/static/vendor staticfiles
