# Two commands matter: `make dev` (the local stack) and `make test` (everything CI runs).
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
PYTEST := $(BIN)/python -m pytest

.PHONY: install dev demo test lint sam unit integration e2e privileges browser screenshots faults openapi bench clean

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

test: lint sam unit integration e2e privileges browser  ## what CI runs

lint: install .venv-checkov/.installed
	$(BIN)/ruff check .
	$(BIN)/cfn-lint template.yaml
	$(BIN)/python -m pytest -p no:cacheprovider tests/infrastructure/test_deploy_rules.py tests/infrastructure/test_no_module_patching.py
	.venv-checkov/bin/checkov --skip-download --quiet --compact --framework cloudformation --file template.yaml

# checkov has a heavy dependency tree of its own: its venv is apart from the project's pins too.
.venv-checkov/.installed:
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --quiet checkov==3.3.30
	@touch $@

# The SAM CLI lives in a venv of its own: its pins are not the project's.
.venv-sam/.installed:
	$(PYTHON) -m venv .venv-sam
	.venv-sam/bin/pip install --quiet aws-sam-cli==1.170.0
	@touch $@

# sam build needs a python of the functions' runtime: python3.13 on PATH, or pyenv's.
RUNTIME_PYTHON := $(firstword $(foreach p,$(shell command -v python3.13) $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13),$(shell $(p) -c 'import sys; sys.version_info[:2] == (3, 13) and print("$(p)")' 2>/dev/null)))

sam: .venv-sam/.installed  ## sam validate --lint, and sam build into build/sam (checks the layer builds for arm64)
	@test -n "$(RUNTIME_PYTHON)" || { echo "sam build needs python3.13 (the functions' runtime): install it (e.g. pyenv install 3.13) so that python3.13 is on PATH or under ~/.pyenv/versions/3.13*/bin"; exit 1; }
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} SAM_CLI_TELEMETRY=0 .venv-sam/bin/sam validate --lint
	@mkdir -p build
	PATH=$(dir $(RUNTIME_PYTHON)):$$PATH AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} SAM_CLI_TELEMETRY=0 .venv-sam/bin/sam build \
	  --build-dir build/sam --cached --cache-dir build/sam-cache > build/sam-build.log 2>&1 \
	  || (tail -40 build/sam-build.log; exit 1)
	@echo "sam build: ok (build/sam)"

unit: install
	$(PYTEST) tests/unit

# The AWS operations each function calls while the integration and end-to-end tests run, for `make privileges`.
AWS_CALLS := test-output/aws-calls

integration: install
	AWS_CALLS_FILE=$(AWS_CALLS)/integration.jsonl $(PYTEST) tests/integration

e2e: install
	AWS_CALLS_FILE=$(AWS_CALLS)/e2e.jsonl $(PYTEST) tests/e2e

privileges: install  ## each function's IAM policy grants what integration and e2e recorded it calling, and no more
	AWS_CALLS_REQUIRED=1 $(PYTEST) tests/infrastructure/test_least_privilege.py

browser: install  ## the Import page in headless Chromium (Debian's package, installed when missing), axe-core from npm
	bash scripts/install-chromium.sh
	bash scripts/install-test-tools.sh
	$(PYTEST) tests/browser

screenshots: install  ## docs/screenshots/<step>-<width>.png: every step of an import at 1280x800 and 390x844
	bash scripts/install-chromium.sh
	bash scripts/install-test-tools.sh
	STEP_SCREENSHOTS=docs/screenshots $(PYTEST) -p no:cacheprovider tests/browser/test_every_step.py -k laptop_and_phone_width

openapi: install  ## regenerate openapi.json from the API's routes and models
	$(BIN)/python -m local.openapi

faults: install  ## the full fault-injection suite: 20 imports, duplicates, 25% of batch deliveries crashing, poison batches; then every scenario
	$(BIN)/python -m local.faults --imports 20 --rows 1000
	$(BIN)/python -m local.scenarios

bench: install  ## benchmarks (not part of test): python -m bench.run [--rows N] [--skip-e2e]; writes bench/RESULTS.md
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .venv-sam .venv-checkov build .pytest_cache .ruff_cache test-output node_modules
