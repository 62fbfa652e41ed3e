# Two commands take a fresh clone to working: `make demo` and `make test`.
# Everything they need (a virtualenv, pip packages, the pinned Prism from npm) is installed here.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
PRISM  := node_modules/.bin/prism
GENERATED := generated/contextcapture_client

.PHONY: help install regen drift lint typecheck unit test demo clean

help:
	@echo "make demo   - start a Prism mock on loopback and drive the CLI through a workspace's life"
	@echo "make test   - lint, type-check, regeneration drift check, unit and contract tests"
	@echo "make regen  - regenerate $(GENERATED) from openapi.yaml + generator-config.yaml"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(PRISM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) $(PRISM)

# The generator writes into a scratch folder first so a failed run never leaves a half-written package.
regen: $(STAMP)
	rm -rf .regen-tmp
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate \
	    --path openapi.yaml --config generator-config.yaml --meta none \
	    --output-path .regen-tmp/contextcapture_client
	rm -rf $(GENERATED) .regen-tmp/contextcapture_client/.ruff_cache
	mkdir -p generated
	mv .regen-tmp/contextcapture_client $(GENERATED)
	rm -rf .regen-tmp

# Fails when the committed generated code does not match what the spec produces.
drift: regen
	@if [ -n "$$(git status --porcelain -- $(GENERATED) openapi.yaml generator-config.yaml)" ]; then \
	    echo "generated/ is out of date with openapi.yaml: run 'make regen' and commit." >&2; \
	    git status --short -- $(GENERATED) >&2; exit 1; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check facade tests scripts bench
	$(BIN)/ruff format --check facade tests scripts bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: install lint typecheck drift
	$(BIN)/pytest

demo: install
	$(PY) scripts/demo.py

clean:
	rm -rf $(VENV) node_modules .regen-tmp .pytest_cache .mypy_cache .ruff_cache

# Not part of `make test` (CI runs only the smoke run in tests/bench): times the facade against raw
# httpx, the generated client, per-call requests and the async transports, and writes
# bench/results.md. bench/README.md says what is measured and how.
.PHONY: bench
bench: $(STAMP)
	$(PY) -m bench
