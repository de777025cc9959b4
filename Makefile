# Two commands set up everything on a fresh machine with Python 3.11:
#   make demo   run the platform with Bălți's demo data at http://127.0.0.1:8000
#   make test   run the whole test suite
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test lint benchmark messages constraints

# constraints.txt pins every package to the versions the suite last passed with, so a
# rebuild installs the same; `make constraints` refreshes it after a dependency changes.
# The NGSI-LD client test runs the PyPI client ngsildclient in a venv of its own: it pins
# libraries older than the platform's (rich < 13, networkx < 3), like an outside client.
CLIENT_VENV := .venv-ngsildclient
CLIENT_REQUIREMENTS := tests/devices/ngsildclient/requirements.txt

$(STAMP): pyproject.toml constraints.txt $(CLIENT_REQUIREMENTS)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[test]'
	$(PYTHON) -m venv $(CLIENT_VENV)
	$(CLIENT_VENV)/bin/pip install --quiet -r $(CLIENT_REQUIREMENTS)
	touch $(STAMP)

constraints: $(STAMP)
	$(VENV)/bin/pip freeze --exclude-editable --exclude smartcity | grep -v '^pip==' > constraints.txt

demo: $(STAMP)
	$(VENV)/bin/smartcity demo $(if $(PORT),--port $(PORT),) $(if $(ADDR),--addr $(ADDR),)

# .ci/services installs what the tests need beside Python when it is missing (chromium,
# gettext, Pango and DejaVu Sans, nginx, PostgreSQL, Mosquitto, Redis: Debian's packages,
# needs root and apt-get) and starts the servers that are down.
# The suite runs twice: everything on SQLite (the embedded default), then on PostgreSQL
# what touches the database (the browser tests and the production day, which makes a
# PostgreSQL database of its own, run once). TEST_POSTGRES names the server's database.
TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/smartcity_ci

test: $(STAMP)
	.ci/services
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	DATABASE_URL=$(TEST_POSTGRES) $(VENV)/bin/pytest -m 'not browser and not production' $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# BENCH_POSTGRES=postgres://… measures PostgreSQL too, in the same run (that database is emptied).
benchmark: $(STAMP)
	$(VENV)/bin/python -m benchmarks $(if $(BENCH_POSTGRES),--postgres $(BENCH_POSTGRES),)

# Refresh the ro/ru/en catalogs from the source, then compile them (needs GNU gettext).
messages: $(STAMP)
	cd src/smartcity && ../../$(VENV)/bin/smartcity makemessages -l ro -l ru -l en --no-obsolete \
	  --no-location --ignore 'tests/*'
	cd src/smartcity && ../../$(VENV)/bin/smartcity compilemessages
