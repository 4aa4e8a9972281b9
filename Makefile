# The two commands in the README do all the set-up: `make issue` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NOW ?=

.PHONY: issue test lint typecheck golden bench system-deps clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

## Build the edition in content/ into dist/<send-date>/.
issue: $(INSTALLED)
	$(BIN)/publisher build content $(if $(NOW),--now $(NOW))

## Lint, type-check and run every test.
test: $(INSTALLED)
	$(BIN)/ruff check publisher tests bench
	$(BIN)/ruff format --check publisher tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

## Refresh golden files (the fixture edition via the real CLI, the importer's pages);
## review the diff before committing.
golden: $(INSTALLED)
	$(BIN)/python -m tests.golden_update
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_importer.py -k golden

## Time each stage and the whole CLI; prints a table of medians and ratios.
bench: $(INSTALLED)
	$(BIN)/python -m bench.run

## Debian packages the tests need: Chromium for the browser tests (pytest -m browser).
system-deps:
	@if command -v chromium >/dev/null; then echo "system-deps: chromium already installed"; \
	else apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; fi

clean:
	rm -rf $(VENV) dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
