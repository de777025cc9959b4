# Two commands set up everything on a fresh machine with Python 3.11:
#   make demo   run the platform with Bălți's demo data at http://127.0.0.1:8000
#   make test   run the whole test suite
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test lint benchmark messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/smartcity demo $(if $(PORT),--port $(PORT),)

# Browser tests drive Debian's chromium, the catalog test runs GNU gettext, and the letters
# to the Mayor need Pango and DejaVu Sans for WeasyPrint; all are installed here when
# missing (needs root and apt-get).
test: $(STAMP)
	@{ test -x /usr/bin/chromium && command -v xgettext >/dev/null && ldconfig -p | grep libpangoft2-1.0 >/dev/null \
	  && test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core gettext \
	  libpango-1.0-0 libpangoft2-1.0-0) ; }
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

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
