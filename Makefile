# 浙江工人日报 newsroom. A newcomer needs two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help install system-deps run test test-sqlite test-postgres lint format bench serve clean

help:
	@echo "make run    install, migrate, import fixtures/, serve on http://$(HOST):$(PORT)/"
	@echo "make test   the whole suite on SQLite and on a throwaway PostgreSQL server"
	@echo "make bench  benchmarks (figures printed)"
	@echo "make serve  production server (gunicorn) with settings from the environment"

$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 $(PYTHON)（Python 3.11）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Debian packages the tests need: PostgreSQL server, Chromium, CJK fonts (apt-get, only where missing).
system-deps:
	@bash scripts/system-deps.sh

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_issues fixtures/
	NEWSROOM_SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py ensure_dev_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install system-deps
	@bash scripts/test.sh

test-sqlite: install
	$(BIN)/python -m pytest -q

test-postgres: install system-deps
	@bash scripts/with-postgres.sh $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install system-deps
	@bash scripts/bench.sh

serve: install
	@bash scripts/serve.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* .pytest_cache test-artifacts
