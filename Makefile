PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/primaria

.PHONY: run run-production test test-sqlite test-postgres lint install system-packages translations demo clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

## The map library from the npm registry, at the versions package-lock.json pins, copied into the static files.
MAP_LIBRARY := primaria/reports/static/reports/vendor/VERSIONS
$(MAP_LIBRARY): package-lock.json scripts/vendor-assets.sh
	./scripts/vendor-assets.sh

install: $(VENV)/.installed $(MAP_LIBRARY)

system-packages:
	./scripts/install-system-packages.sh

## The English and Hungarian catalogs (docs/translations.md), compiled from the .po files kept in git.
translations: system-packages install
	$(VENV)/bin/django-admin compilemessages -v0 -i .venv -i var -i node_modules

## make run: install, prepare the embedded default (SQLite, local files, worker), load the demo city, serve it.
run: system-packages install translations
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py create_demo_pki --with-demo-city
	$(PY) manage.py load_demo_city
	$(PY) manage.py archive_reindex
	./scripts/run-embedded.sh

## make run-production: the same code as production runs it, each part its own process: PostgreSQL, Redis,
## an S3 API for the files, several web processes and several workers (scripts/run-production.sh).
run-production: system-packages install translations
	./scripts/run-production.sh

## make test: install what the tests need (system packages included) and run the suite on SQLite and PostgreSQL.
## The two databases' runs are independent (own database, own var directory) and run side by side, one per core;
## the browser journeys drive the same pages whatever the database, so they run once, on SQLite (`make run`'s default).
test: system-packages install translations lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

lint:
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v0

test-sqlite:
	PRIMARIA_VAR_DIR=$(CURDIR)/var/test-sqlite $(VENV)/bin/pytest -q --durations=15

test-postgres:
	DATABASE_URL=$(PG_URL) PRIMARIA_VAR_DIR=$(CURDIR)/var/test-postgres $(VENV)/bin/pytest -q --durations=15 -m "not browser"

clean:
	rm -rf var
