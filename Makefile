# Two commands matter: `make dev` (the local stack) and `make test` (everything CI runs).
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
PYTEST := $(BIN)/python -m pytest

.PHONY: install dev demo test lint sam unit integration e2e browser faults openapi bench clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

dev: install  ## the local stack: API, Import page, emulated AWS, on http://127.0.0.1:$(PORT)
	$(BIN)/python -m local.stack --port $(PORT)

demo: install  ## imports a sample contacts file over HTTP through a local stack and prints Past imports
	$(BIN)/python -m local.demo

test: lint sam unit integration e2e browser  ## what CI runs

lint: install
	$(BIN)/ruff check .
	$(BIN)/cfn-lint template.yaml

# The SAM CLI lives in a venv of its own: its pins are not the project's.
.venv-sam/.installed:
	$(PYTHON) -m venv .venv-sam
	.venv-sam/bin/pip install --quiet aws-sam-cli==1.170.0
	@touch $@

sam: .venv-sam/.installed  ## sam validate --lint, and sam build into build/sam (checks the layer builds for arm64)
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} SAM_CLI_TELEMETRY=0 .venv-sam/bin/sam validate --lint
	@mkdir -p build
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} SAM_CLI_TELEMETRY=0 .venv-sam/bin/sam build \
	  --build-dir build/sam --cached --cache-dir build/sam-cache > build/sam-build.log 2>&1 \
	  || (tail -40 build/sam-build.log; exit 1)
	@echo "sam build: ok (build/sam)"

unit: install
	$(PYTEST) tests/unit

integration: install
	$(PYTEST) tests/integration

e2e: install
	$(PYTEST) tests/e2e

browser: install  ## the Import page in headless Chromium (Debian's package, installed when missing)
	bash scripts/install-chromium.sh
	$(PYTEST) tests/browser

openapi: install  ## regenerate openapi.json from the API's routes and models
	$(BIN)/python -m local.openapi

faults: install  ## the full fault-injection suite: 20 imports, duplicates, 25% of batch deliveries crashing, poison batches
	$(BIN)/python -m local.faults --imports 20 --rows 1000

bench: install  ## benchmarks (not part of test): python -m bench.run [--rows N] [--skip-e2e]; writes bench/RESULTS.md
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .venv-sam build .pytest_cache .ruff_cache test-output
