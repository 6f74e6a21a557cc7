# Ieum — two commands: `make run` (serve with Gimhae demo data) and `make test` (the whole suite).
# Every target installs what it needs first, so both work on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WEB := clients/web
HOST ?= 0.0.0.0
PORT ?= 8000
STAMPS := .make

.PHONY: run worker test install client messages migrate seed schema lint format bench audit check-schema clean

# --- installing -------------------------------------------------------------------------------
$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

$(STAMPS)/npm: $(WEB)/package.json $(WEB)/package-lock.json
	@mkdir -p $(STAMPS)
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMPS)/python $(STAMPS)/npm

# --- building -----------------------------------------------------------------------------------
messages: $(STAMPS)/python
	$(PY) scripts/compile_locale.py

schema: $(STAMPS)/python
	env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=config.settings.local \
	  $(PY) manage.py spectacular --lang en --validate --fail-on-warn --file docs/api/schema.yaml

WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public $(WEB)/index.html $(WEB)/vite.config.ts -type f 2>/dev/null)

# Built, then pre-compressed (.br and .gz beside each file) so WhiteNoise serves the compressed copy.
$(WEB)/dist/index.html: $(STAMPS)/python $(STAMPS)/npm docs/api/schema.yaml $(WEB_SOURCES)
	cd $(WEB) && npm run --silent gen:api && npm run --silent build
	$(PY) -m whitenoise.compress -q $(WEB)/dist

client: $(WEB)/dist/index.html

# --- running --------------------------------------------------------------------------------------
migrate: $(STAMPS)/python messages
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed

run: install client seed
	@echo "Ieum is serving on http://localhost:$(PORT)  (API docs: /api/docs/, admin: /admin/)"
	IEUM_SERVER=1 $(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application

# One Celery worker on every queue with beat inside it, for development with Redis (REDIS_URL set,
# e.g. `REDIS_URL=redis://127.0.0.1:6379/0 make worker` next to `make run`); a deployment runs them
# as separate processes (docs/deploy.md). /healthz reports a missing worker or beat.
worker: $(STAMPS)/python messages
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (without it, tasks run inside make run)"; exit 2; }
	$(VENV)/bin/celery -A config worker -B -Q realtime,default,reports --loglevel=INFO

# --- checking -------------------------------------------------------------------------------------
# Each run gets its own SQLite file, media folder, PostgreSQL test database and Redis key prefix
# (config/settings/test.py), so two `make test` on one machine do not collide.
test: install client messages
	bash scripts/ensure_chromium.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	cd $(WEB) && npm run --silent check
	$(PY) -m mypy
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest

# Every benchmark prints a table. Lighthouse (make audit) runs last; BENCH_AUDIT=0 leaves it out.
bench: $(STAMPS)/python messages
	$(PY) benchmarks/transit_planner.py
	$(PY) benchmarks/parking_forecast.py
	$(PY) benchmarks/drt_dispatch.py
	$(PY) benchmarks/logistics.py
	$(PY) benchmarks/health.py
	$(PY) benchmarks/chat_retrieval.py
	@if [ "$${BENCH_AUDIT:-1}" != 0 ]; then $(MAKE) --no-print-directory audit; fi

# Lighthouse 12.2.3 (pinned in clients/web; 13 needs Node 22) with Debian's chromium on the main
# screens at a phone profile, against a demo-data server on a free port and a throw-away database.
# `make bench` runs it last. Its scores move with the machine's load: a report, not a gate.
audit: install client messages
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/audit.py

lint: $(STAMPS)/python
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

.PHONY: typecheck
typecheck: $(STAMPS)/python
	$(PY) -m mypy

format: $(STAMPS)/python
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(STAMPS) $(WEB)/dist staticfiles
