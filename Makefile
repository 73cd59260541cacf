# Yigongti — two commands: `make run` (set up and serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PORTAL_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup venv test test-postgres lint imports bench clean

run: setup
	@echo "医共体规范门户: http://$(HOST):$(PORT)/  (管理后台 /admin/ — 账号 admin / 密码 yigongti-admin)"
	@# --insecure: the development server serves the collected static files with DEBUG off.
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload --insecure

venv: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies from requirements.lock…"
	set -o pipefail; $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 \
		| { grep -v "^WARNING: Location 'file:" || true; }
	@touch $(STAMP)

setup: venv
	$(PY) manage.py setup_portal

# Tests write their graph store and index into a fresh data dir, never into var/.
# The import contracts (pyproject.toml, [tool.importlinter]) run first: a new cycle fails CI.
test: venv imports
	PORTAL_DATA_DIR=$$(mktemp -d) $(PY) -m pytest

test-postgres: venv
	PORTAL_DATA_DIR=$$(mktemp -d) DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
		$(PY) -m pytest -m "not browser"

lint: venv imports
	$(PY) -m ruff check .

imports: venv
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) var
