# The two commands in the README do all the set-up: `make issue` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Stamp of `npm ci`: reinstalls node_modules/ only when package.json or the lock changes.
NODE_DEPS := node_modules/.installed
NOW ?=
# The port `make preview` asks for (empty: 8000, or a free one when it is taken).
PORT ?=
# The resolver `make lock` runs; it is installed into a throwaway venv, never into $(VENV).
UV_VERSION := 0.13.9
UPGRADE ?=

.PHONY: issue preview archive test lint typecheck golden bench bench-import system-deps node-deps check-external lock clean

# Exact, hash-checked versions from the lock, so a new upstream release cannot change the
# golden files; then the project itself, built with the locked setuptools.
$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(INSTALLED)

## The external validators from npm (mjml, axe-core, html-validate, caniemail,
## playwright-core), exactly as package-lock.json pins them.
node-deps: $(NODE_DEPS)

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_DEPS)

## Build the edition in content/ into dist/<send-date>/.
issue: $(INSTALLED)
	$(BIN)/publisher build content $(if $(NOW),--now $(NOW))

## Preview the edition in content/ in the browser, rebuilt on every save; Ctrl-C stops it.
preview: $(INSTALLED)
	$(BIN)/publisher preview content $(if $(PORT),--port $(PORT)) $(if $(NOW),--now $(NOW))

## Write the web archive of the handed-off bundles in dist/ into site/ (ALL=1: every
## bundle); needs [archive] in publication.toml (README, "Archive").
archive: $(INSTALLED)
	$(BIN)/publisher archive dist --out site $(if $(ALL),--all)

## Lint, type-check, check the import layers (pyproject.toml) and run every test.
test: $(INSTALLED) $(NODE_DEPS)
	$(BIN)/ruff check publisher tests bench
	$(BIN)/ruff format --check publisher tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/python -m pytest

## Refresh golden files (the fixture edition via the real CLI, the importer's pages, the
## hand-off adapters' prepared requests); review the diff before committing.
golden: $(INSTALLED)
	$(BIN)/python -m tests.golden_update
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_importer.py -k golden
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_handoff_mailchimp.py \
		tests/test_handoff_sendgrid.py tests/test_handoff_buttondown.py \
		tests/test_handoff_listmonk.py tests/test_handoff_postmark.py tests/test_handoff_ses.py -k golden

## Time each stage and the whole CLI; prints a table of medians and ratios. Then the
## external checks, the preview from a save to the page showing it, the archive, the
## paired build against a hand-rolled script, and the importer on the saved pages.
## The package is byte-compiled first, as a wheel install does: where the environment
## sets PYTHONDONTWRITEBYTECODE, an editable checkout would otherwise compile every module
## from source in every process.
bench: $(INSTALLED) $(NODE_DEPS)
	$(BIN)/python -m compileall -q publisher bench
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.paired
	$(BIN)/python -m bench.external
	$(BIN)/python -m bench.preview
	$(BIN)/python -m bench.archive
	$(BIN)/python -m bench.import_pages

## How well `publisher import` finds the article in ../shared/corpora/readability-test-pages:
## mean word-level F1 against the expected articles, the pages under 0.8, median time per page.
bench-import: $(INSTALLED)
	$(BIN)/python -m bench.import_pages

## Build the sample edition and run the independent validators on it (mjml, SpamAssassin,
## axe-core, html-validate, caniemail); needs `make system-deps` once. The build's own
## findings go to stderr even when it exits 1; the exit status is the validators'.
check-external: $(INSTALLED) $(NODE_DEPS)
	@bundle=$$($(BIN)/publisher build content $(if $(NOW),--now $(NOW))); built=$$?; \
	test -n "$$bundle" || exit $$built; echo "$$bundle"; \
	$(BIN)/python -m publisher.checks.external "$$bundle"

## Debian packages the tests need: Chromium for the browser tests (pytest -m browser) and
## for axe, SpamAssassin for the other external checks (pytest -m external).
system-deps:
	@missing=""; for package in chromium spamassassin; do \
		if command -v $$package >/dev/null; then echo "system-deps: $$package already installed"; \
		else missing="$$missing $$package"; fi; \
	done; \
	if [ -n "$$missing" ]; then apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; fi

## Re-resolve requirements.lock from pyproject.toml (runtime, dev extra, build-system),
## keeping its pins where they still fit; UPGRADE=1 takes the newest releases.
lock:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet uv==$(UV_VERSION); \
	"$$tmp/venv/bin/python" -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
		>"$$tmp/build-system.txt"; \
	"$$tmp/venv/bin/uv" pip compile pyproject.toml - <"$$tmp/build-system.txt" \
		--extra dev --generate-hashes --universal --python-version 3.11 \
		--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade) --quiet -o requirements.lock
	@echo "requirements.lock written; review the diff, then run make test"

clean:
	rm -rf $(VENV) dist .mypy_cache .ruff_cache .pytest_cache .hypothesis .import_linter_cache
